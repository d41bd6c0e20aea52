import { counted } from '@psycheos/bot-runtime';
import type { ScheduleCadenceDays } from '@psycheos/db';
import type { DaytimeHours } from './schedule/daytime-window';
import {
  forAdults,
  minutesWord,
  notADiagnosis,
  questionsWord,
  whatHappensToAnswers,
} from './texts';

const cadenceWords: Record<ScheduleCadenceDays, string> = {
  7: 'каждую неделю',
  14: 'раз в 2 недели',
  28: 'раз в 4 недели',
};

/** Europe/Moscow, the default, as people say it; any other zone by its name. */
const zoneWords = (timeZone: string) =>
  timeZone === 'Europe/Moscow' ? 'по московскому времени' : `по времени ${timeZone}`;

export interface ScheduleOfferText {
  titles: readonly string[];
  cadenceDays: ScheduleCadenceDays;
  questions: number;
  minutes: number;
  /** "14.12", or null when the start has come (the first questionnaire follows the consent). */
  firstDay: string | null;
  timeZone: string;
  hours: DaytimeHours;
  operator: string;
}

/**
 * What the screen bot says about screening on a schedule. The consent is the one-off
 * consent's promises (texts.ts) plus what a schedule adds: which questionnaires and how
 * often, when they come, the one reminder, and how to pause or stop. Each is what the code
 * does (docs/SCREENING.md, "Screening on a schedule").
 */
export const scheduleTexts = {
  consent: (offer: ScheduleOfferText) =>
    [
      `Здравствуйте! Ваш специалист предлагает вам регулярно отвечать на короткие опросники о самочувствии: ${offer.titles.join(', ')} — ${cadenceWords[offer.cadenceDays]}.`,
      [
        `Первый опросник придёт ${offer.firstDay ?? 'сразу после вашего согласия'}, следующие — ${cadenceWords[offer.cadenceDays]} в тот же день недели.`,
        offer.hours.from === 0 && offer.hours.to === 24
          ? ''
          : ` Мы присылаем их только днём, с ${offer.hours.from}:00 до ${offer.hours.to}:00 ${zoneWords(offer.timeZone)}.`,
        ' Если не ответите, через день придёт одно напоминание.',
      ].join(''),
      `Каждый раз это ${counted(offer.questions, questionsWord)} с готовыми вариантами ответа, примерно ${counted(offer.minutes, minutesWord)}. ${forAdults}`,
      '',
      ...whatHappensToAnswers(offer.operator),
      'Поставить регулярные опросы на паузу или остановить их можно в любой момент: кнопкой под сообщением или командами /pause и /stop (/resume — возобновить). Удалить ответы и связь со специалистом: /delete_me.',
      '',
      notADiagnosis,
      '',
      'Вы согласны получать опросники?',
    ].join('\n'),
  agree: '✅ Да, присылайте',
  decline: 'Нет, не нужно',
  /** `first` is null when the first questionnaire goes now. */
  accepted: (first: { day: string; time: string } | null) =>
    first
      ? `✅ Спасибо! Регулярные опросы включены. Первый опросник придёт ${first.day} в ${first.time}.`
      : '✅ Спасибо! Регулярные опросы включены. Первый опросник — прямо сейчас.',
  declined:
    'Хорошо, регулярных опросников не будет. Специалисту мы сообщим только, что вы не согласились.',
  offerOver: 'Это предложение уже не действует.',
  alreadyScheduled:
    'У вас уже есть регулярные опросы по этому специалисту, второе предложение не нужно. Остановить их можно командой /stop.',

  /** The lead of a due questionnaire's first question. */
  due: (titles: readonly string[], questions: number, minutes: number) =>
    `🔁 Пришло время регулярного опроса от вашего специалиста: ${titles.join(', ')} — ${counted(questions, questionsWord)}, примерно ${counted(minutes, minutesWord)}. Поставить регулярные опросы на паузу: /pause, остановить: /stop.`,
  /** The lead of the question the client stopped at, a day later. */
  reminder:
    '⏰ Напоминание: вас ждёт регулярный опрос от вашего специалиста. Можно продолжить с того же места.',

  pause: '⏸ Пауза',
  resume: '▶️ Возобновить',
  stop: '⏹ Остановить',
  paused:
    '⏸ Регулярные опросы на паузе: новые опросники не придут, пока вы их не возобновите (/resume или кнопкой). Остановить совсем: /stop.',
  /** `next`: "21.12 в 10:00", or null when not known yet. */
  resumed: (next: string | null) =>
    `▶️ Регулярные опросы возобновлены.${next ? ` Следующий опросник придёт ${next}.` : ''}`,
  stopped:
    'Регулярные опросы остановлены: новые опросники не придут. Если захотите снова, попросите специалиста прислать новое предложение.',
  nothingToPause: 'Сейчас нет регулярных опросов, которые можно поставить на паузу.',
  nothingToResume: 'Сейчас нет регулярных опросов на паузе.',
  notYours: 'Эти регулярные опросы уже остановлены.',
} as const;
