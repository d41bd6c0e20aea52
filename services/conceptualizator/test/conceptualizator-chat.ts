import type { Specialist, ToolHarness } from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/testkit';
import { expect, vi } from 'vitest';

/** The intake's six answers, in order; null is «Пропустить». */
export type IntakeScript = (string | null)[];

export const INTAKE: IntakeScript = [
  'Клиентка 34 лет, панические атаки в метро последние полгода, перестала ездить на работу.',
  null,
  'Первая атака случилась после смены руководителя и переезда.',
  'Избегает метро, всегда носит с собой воду и таблетку, проверяет пульс.',
  'Поддерживающий партнёр, занимается бегом, хорошо справлялась с трудностями раньше.',
  'Вернуться к поездкам на работу без страха.',
];

/** A structured CBT five Ps answer, as the fake model gives it through the tool. */
export const CBT_ANSWER = {
  summary: 'Паническое расстройство с избеганием, запущенное сменой работы и переездом.',
  sections: {
    presenting: 'Панические атаки в метро, избегание поездок.',
    predisposing: 'Данных об истории нет: вопрос пропущен.',
    precipitating: 'Смена руководителя и переезд.',
    perpetuating: 'Избегание и защитное поведение (вода, таблетка, проверка пульса).',
    protective: 'Поддержка партнёра, регулярный бег.',
    targets: 'Интероцептивная экспозиция, отказ от защитного поведения.',
  },
  gaps: ['Были ли подобные эпизоды раньше?'],
};

/** The specialist's side of a Концептуализатор chat, through the webhook. */
export function conceptChat(tool: ToolHarness) {
  const press = async (specialist: Specialist, data: string) => {
    expect((await tool.service.deliver(buttonPress(specialist, data))).status).toBe(200);
  };

  /** Waits until the chat has a text matching `pattern`; returns the latest such text. */
  const textMatching = (specialist: Specialist, pattern: RegExp): Promise<string> =>
    vi.waitFor(
      async () => {
        await tool.service.repliesSent();
        const found = tool.service.telegram
          .textsSentTo(specialist.id)
          .filter((text) => pattern.test(text))
          .at(-1);
        if (found === undefined)
          throw new Error(
            `no text matching ${pattern} yet: ${JSON.stringify(tool.service.telegram.textsSentTo(specialist.id).slice(-3))}`,
          );
        return found;
      },
      { timeout: 15_000, interval: 50 },
    );

  /** The buttons under the latest message matching `pattern`. */
  const buttonsUnder = (specialist: Specialist, pattern: RegExp): string[] => {
    const call = tool.service.telegram
      .callsTo('sendMessage')
      .filter((c) => c.params.chat_id === specialist.id && pattern.test(String(c.params.text)))
      .at(-1);
    const markup = call?.params.reply_markup as
      | { inline_keyboard: { callback_data: string }[][] }
      | undefined;
    return (markup?.inline_keyboard ?? []).flat().map((button) => button.callback_data);
  };

  return {
    press,
    textMatching,
    buttonsUnder,
    /** Answers (or skips) the questions from `fromStep` on, as the questions arrive. */
    async fillIntake(specialist: Specialist, answers: IntakeScript, fromStep = 0) {
      for (const [offset, answer] of answers.entries()) {
        const step = fromStep + offset;
        await textMatching(specialist, new RegExp(`^Вопрос ${step + 1} из 6`));
        if (answer === null) await press(specialist, `con:skip:${step}`);
        else await tool.say(specialist, answer);
      }
    },
    /** Answers (or skips) a picked framework's own questions, as they arrive. */
    async fillFrameworkQuestions(
      specialist: Specialist,
      frameworkId: string,
      answers: IntakeScript,
    ) {
      for (const [index, answer] of answers.entries()) {
        await textMatching(specialist, new RegExp(`^Для подхода .*вопрос ${index + 1} из`));
        if (answer === null) await press(specialist, `con:fq:${frameworkId}:${index}`);
        else await tool.say(specialist, answer);
      }
    },
    /** The last Bot API answer to a button press (a toast, or nothing). */
    lastToast: () => tool.service.telegram.callsTo('answerCallbackQuery').at(-1)?.params.text,
    /** The case's conceptualizations, oldest version first. */
    results: (specialist: Specialist) =>
      tool.service.database.db
        .selectFrom('ai_results')
        .selectAll()
        .where('context_id', '=', specialist.contextId)
        .orderBy('created_at')
        .orderBy('version')
        .execute(),
    /** The recorded Messages API request bodies, as one string to search. */
    sentToModel: () => JSON.stringify(tool.anthropic.requests.map((request) => request.body)),
  };
}
