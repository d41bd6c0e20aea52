import { CLIENT_LINE, FOLLOW_UP_ANSWER, MATERIAL, THERAPIST_LINE } from './fake-model';
import { literal } from './patterns';
import { openTool, openTrainer } from './pro-flows';
import type { TelegramChat } from './telegram-chat';

export type AiTool = 'interpretator' | 'conceptualizator' | 'simulator';
export const AI_TOOLS: readonly AiTool[] = ['interpretator', 'conceptualizator', 'simulator'];

/** How a specialist works with one AI tool, as its bot shows it. */
export interface AiToolUse {
  /** From pro to the tool's bot, a session open: a case's tool, or the trainer. */
  open(pro: TelegramChat, caseName: string): Promise<TelegramChat>;
  /** From the session just opened to one action before the first request to the model. */
  prepare(chat: TelegramChat): Promise<void>;
  /** The specialist's request number `n` (1 to ASKS_PER_TOOL), once the one before is answered. */
  ask(chat: TelegramChat, n: number): Promise<void>;
  /** What one final answer of the model looks like in the chat. */
  answer: RegExp;
}

/** Each tool's uses below know this many requests in a row. */
export const ASKS_PER_TOOL = 3;

const INTAKE = [
  'Панические атаки в метро последние полгода, перестала ездить на работу.',
  'Тревожность с подросткового возраста.',
  'Первая атака случилась после смены руководителя и переезда.',
  'Избегает метро, всегда носит с собой воду и таблетку.',
  'Поддерживающий партнёр, занимается бегом.',
  'Вернуться к поездкам на работу без страха.',
];
/** The framework that goes straight to the model: the others ask questions of their own first. */
const FIVE_PS = /\(5P\)/;

export const AI_TOOL_USES: Readonly<Record<AiTool, AiToolUse>> = {
  /** Material, «🔍 Интерпретировать», then follow-up questions in the same conversation. */
  interpretator: {
    open: (pro, caseName) => openTool(pro, caseName, 'Интерпретатор'),
    async prepare(chat) {
      await chat.waitForText(/^Пришлите материал по кейсу/);
      await chat.send(MATERIAL);
      await chat.waitForText(/^Материал добавлен: сообщений — 1/);
    },
    async ask(chat, n) {
      if (n === 1) await chat.press('🔍 Интерпретировать');
      else await chat.send(`Уточняющий вопрос ${n - 1}: что спросить про сон?`);
    },
    answer: new RegExp(`Рабочие гипотезы|^${literal(FOLLOW_UP_ANSWER)}$`),
  },
  /** The six intake questions answered, then the 5P framework; «🔄 Другой подход» for the next. */
  conceptualizator: {
    open: (pro, caseName) => openTool(pro, caseName, 'Концептуализатор'),
    async prepare(chat) {
      for (const [step, answer] of INTAKE.entries()) {
        await chat.waitForText(new RegExp(`^Вопрос ${step + 1} из 6`));
        await chat.send(answer);
      }
      await chat.waitForText('Анкета готова. Выберите подход для концептуализации:');
    },
    async ask(chat, n) {
      if (n > 1) await chat.press('🔄 Другой подход');
      await chat.press(FIVE_PS);
    },
    answer: /^<b>Концептуализация: /,
  },
  /**
   * The trainer, from pro's main menu (practice is no client's case): a persona from the
   * library, the therapist's lines answered in role, «⏹ Завершить» scored.
   */
  simulator: {
    open: (pro) => openTrainer(pro),
    async prepare(chat) {
      await chat.press(/^🎭 Анна, /);
      await chat.press('▶️ Начать сессию');
      await chat.waitForText(/^Сессия началась/);
    },
    async ask(chat, n) {
      if (n === 1) await chat.send(THERAPIST_LINE);
      else if (n === 2) await chat.send('Что вы почувствовали, когда закрыли вакансию?');
      else await chat.press('⏹ Завершить');
    },
    answer: new RegExp(`^${literal(CLIENT_LINE)}$|Оценка сессии по шкале CTRS`),
  },
};
