import { charactersGenitive, counted } from '@psycheos/bot-runtime';
import type { ConversationalStyle, ResistanceLevel } from './persona/persona-schema';

/** Every user-facing string of the Симулятор bot. */
export const texts = {
  intro:
    'Симулятор — тренировка сессии КПТ с виртуальным клиентом. Выберите персонажа из библиотеки или опишите своего. Вы ведёте сессию как терапевт, модель играет клиента. «⏹ Завершить» заканчивает ролевую игру, после чего модель в роли супервизора оценивает сессию по шкале CTRS.',
  chooseAgain: 'Выберите персонажа из библиотеки или опишите своего.',
  describePrompt:
    'Опишите клиента одним сообщением: возраст, с чем пришёл, что известно о его убеждениях и истории, как он держится в разговоре, насколько сопротивляется. Без имён и деталей, по которым можно узнать реального человека.',
  buildingPersona: 'Составляю персонажа по описанию…',
  personaBuildFailed:
    'Не удалось составить персонажа по этому описанию: модель ответила не по схеме. Опишите клиента ещё раз, чуть подробнее.',
  descriptionTooLong: (limit: number) =>
    `Описание длиннее ${counted(limit, charactersGenitive)}. Сократите его до главного.`,
  readyHint: 'Когда будете готовы, нажмите «▶️ Начать сессию» и напишите первую реплику терапевта.',
  started: (name: string) =>
    `Сессия началась. Вы — терапевт, ${name} — клиент. Пишите реплики сообщениями. Когда закончите, нажмите «⏹ Завершить».`,
  notText: 'Я понимаю только текст: напишите реплику текстом.',
  lineTooLong: (limit: number) =>
    `Реплика длиннее ${counted(limit, charactersGenitive)}. В сессии так не говорят: разбейте её или сократите.`,
  turnLimitReached: (limit: number) =>
    `В сессии уже ${counted(limit, { one: 'реплика', few: 'реплики', many: 'реплик' })} терапевта — это предел одной симуляции. Нажмите «⏹ Завершить», чтобы получить оценку.`,
  nothingToScore:
    'В сессии ещё нет ни одного обмена репликами, оценивать нечего. Напишите первую реплику терапевта.',
  scoring: 'Ролевая игра завершена. Супервизор оценивает сессию по шкале CTRS…',
  notNow: 'Сейчас эта кнопка не действует.',
  waitForPersona: 'Персонаж ещё составляется, подождите ответа.',
  waitForScore: 'Сессия завершена, оценка готовится. Дождитесь её.',
  afterScore: 'Ролевая игра завершена. Чтобы начать новую, нажмите «🎭 Новая симуляция».',
  chooseFirst: 'Сначала выберите персонажа кнопкой выше или опишите своего.',
  unknownPersona: 'Такого персонажа нет в библиотеке. Выберите из списка.',
  plainFeedbackNote:
    '_Супервизор ответил не по шкале, поэтому баллы и цитаты не проверены и в динамику не идут. Относитесь к ответу как к черновику._',
  personaCard: {
    problem: 'С чем пришёл',
    history: 'История',
    coreBeliefs: 'Глубинные убеждения',
    rules: 'Правила',
    attitudes: 'Установки',
    assumptions: 'Допущения',
    coping: 'Компенсаторные стратегии',
    situation: 'Типичная ситуация',
    thoughts: 'Автоматические мысли',
    emotions: 'Эмоции',
    behaviours: 'Поведение',
    resistanceBehaviours: 'Как сопротивляется',
    softens: 'Смягчается, только если',
    risk: 'Риск',
    riskDisclosure: 'Когда говорит о нём',
    hiddenModel:
      '_Когнитивная модель клиента скрыта: её предстоит прояснить в сессии. Супервизор увидит её при оценке._',
  },
  personaTitle: (name: string, age: number) => `🎭 ${name}, ${age}`,
  personaStyle: (style: ConversationalStyle) => `Стиль: ${STYLE_NAMES[style]}`,
  personaResistance: (level: ResistanceLevel) => `Сопротивление: ${RESISTANCE_NAMES[level]}`,
  resultTitle: (name: string, total: number | null) =>
    total === null ? `Симуляция: ${name}` : `Симуляция: ${name}, CTRS ${total}/66`,
  progressEmpty:
    'Оценённых симуляций пока нет. Проведите сессию и нажмите «⏹ Завершить» — итог по CTRS появится здесь.',
  progressTitle: '## Ваши итоги по шкале CTRS',
  progressLine: (
    at: Date,
    persona: string,
    total: number,
    scoredItems: number,
    isScaled: boolean,
  ) =>
    `- ${date(at)} — ${persona}: **${total}**/66${isScaled ? ' (фрагмент, пересчитано на шкалу 0–66)' : scoredItems < 11 ? ` (оценено пунктов: ${scoredItems} из 11)` : ''}`,
  libraryTitle: '## Библиотека персонажей',
  progressThreshold:
    '_Ориентир: 40 из 66 — порог компетентности, принятый в исследованиях подготовки КПТ-терапевтов._',
  feedback: {
    title: '## Оценка сессии по шкале CTRS',
    scope: {
      full_session: '_Супервизор оценил стенограмму как полную сессию._',
      fragment: '_Супервизор оценил стенограмму как фрагмент сессии._',
    },
    total: (total: number, scoredItems: number) =>
      `**Итого: ${total} из 66**${scoredItems < 11 ? ` (оценено пунктов: ${scoredItems} из 11)` : ''}. Ориентир: 40 — порог компетентности в исследованиях подготовки КПТ-терапевтов.`,
    scaledTotal: (
      total: number,
      rawTotal: number,
      applicableMax: number,
      notApplicable: readonly string[],
      scoredItems: number,
      applicableItems: number,
    ) =>
      `**Итого: ${total} из 66** — пересчитано на шкалу 0–66 из ${rawTotal} из ${applicableMax} по применимым пунктам${scoredItems < applicableItems ? ` (оценено пунктов: ${scoredItems} из ${applicableItems})` : ''}. Это фрагмент сессии, и к нему не применимы: ${notApplicable.map((name) => `«${name}»`).join(', ')}. Ориентир 40 рассчитан на полные сессии, поэтому на фрагменте итог приблизителен.`,
    item: (index: number, name: string, score: number | null, notApplicable = false) =>
      `**${index}. ${name}: ${notApplicable ? 'не применимо' : score === null ? 'не оценено' : `${score}/6`}**`,
    quoteBy: { therapist: 'терапевт', client: 'клиент' },
    quoteMissing: '⚠️ _Цитата не найдена в стенограмме, оценка ею не подкреплена:_',
    worked: '## Что получилось',
    toTry: '## Что попробовать',
    history: '## Динамика',
    historyLine: (totals: readonly number[]) =>
      `Ваши итоги CTRS по сессиям: ${totals.map((total, index) => (index === totals.length - 1 ? `**${total}** (эта сессия)` : String(total))).join(' → ')}`,
    firstSession:
      'Это ваша первая оценённая симуляция: динамика появится со следующей. /progress — все итоги.',
  },
  buttons: {
    describe: '✍️ Описать своего',
    start: '▶️ Начать сессию',
    library: '📚 Библиотека',
    finish: '⏹ Завершить',
    again: '🎭 Новая симуляция',
  },
} as const;

const date = (value: Date) => value.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });

const STYLE_NAMES: Readonly<Record<ConversationalStyle, string>> = {
  plain: 'обычный, отвечает по существу',
  upset: 'расстроенный, раздражённый',
  verbose: 'многословный',
  reserved: 'сдержанный, немногословный',
  tangent: 'уходит в сторону',
  pleasing: 'старается угодить',
};

const RESISTANCE_NAMES: Readonly<Record<ResistanceLevel, string>> = {
  low: 'низкое',
  moderate: 'умеренное',
  high: 'высокое',
};
