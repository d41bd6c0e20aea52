import type { ScheduleCadenceDays, ScheduleStatus, ScheduleStopReason } from '@psycheos/db';

/** How often, in the order the chooser offers it (the database allows these three). */
export const SCHEDULE_CADENCES: readonly ScheduleCadenceDays[] = [7, 14, 28];

/** How soon the first questionnaire may come: today, tomorrow, in a week (days from now). */
export const SCHEDULE_STARTS = [0, 1, 7] as const;
export type ScheduleStartDays = (typeof SCHEDULE_STARTS)[number];

const cadenceWords: Record<ScheduleCadenceDays, string> = {
  7: 'каждую неделю',
  14: 'раз в 2 недели',
  28: 'раз в 4 недели',
};

const startWords: Record<ScheduleStartDays, string> = {
  0: 'сегодня',
  1: 'завтра',
  7: 'через неделю',
};

const stateWords: Record<ScheduleStatus, string> = {
  awaiting_consent: 'ждёт согласия клиента',
  active: 'активен',
  paused: 'на паузе у клиента',
  stopped: 'остановлен',
};

const stopWords: Record<ScheduleStopReason, string> = {
  specialist: 'вами',
  client: 'клиентом',
  declined: 'клиент не согласился',
  withdrew: 'клиент отозвал согласие',
  blocked: 'клиент заблокировал бота',
  replaced: 'ссылка заменена новой',
};

/** A schedule as one line: what, how often, when next, and where it stands. */
export interface ScheduleLine {
  titles: readonly string[];
  cadenceDays: ScheduleCadenceDays;
  /** "14.12"; null when nothing is coming (paused, stopped). */
  next: string | null;
  status: ScheduleStatus;
  stopReason: ScheduleStopReason | null;
}

export const scheduleLabels = {
  schedule: '🔁 Регулярный скрининг',
  make: '✅ Назначить',
  stop: '⏹ Остановить',
  stopNumbered: (number: number) => `⏹ Остановить ${number}`,
} as const;

/**
 * What the pro bot says about screening on a schedule: the chooser, the state on the case
 * card, the link for a case with no client yet, and what the specialist is told of the
 * client's side (docs/SCREENING.md, "Screening on a schedule").
 */
export const scheduleTexts = {
  chooser: (name: string, lines: string[]) =>
    [
      `🔁 Регулярный скрининг для кейса «${name}».`,
      ...(lines.length > 0 ? ['', ...lines, ''] : []),
      'Выберите опросники, как часто их присылать и с какого дня. Клиент один раз соглашается в боте скрининга, получает опросники днём, одно напоминание через день, и может поставить их на паузу или остановить.',
    ].join('\n'),
  overview: (name: string, lines: string[]) =>
    [`🔁 Регулярный скрининг по кейсу «${name}»:`, '', ...lines].join('\n'),
  cadenceOption: (isChosen: boolean, days: ScheduleCadenceDays) =>
    `${isChosen ? '🔘' : '⚪️'} ${cadenceWords[days]}`,
  startOption: (isChosen: boolean, days: ScheduleStartDays) =>
    `${isChosen ? '🔘' : '⚪️'} ${startWords[days]}`,
  /** «🔁 PHQ-9, GAD-7 · раз в 2 недели · следующий 14.12 · активен» */
  line: (line: ScheduleLine) =>
    [
      `🔁 ${line.titles.join(', ')}`,
      cadenceWords[line.cadenceDays],
      ...(line.next ? [`следующий ${line.next}`] : []),
      line.stopReason
        ? `${stateWords.stopped} (${stopWords[line.stopReason]})`
        : stateWords[line.status],
    ].join(' · '),
  /** «PHQ-9 · каждую неделю · с 14.12» */
  summary: (titles: readonly string[], cadenceDays: ScheduleCadenceDays, from: string) =>
    `${titles.join(', ')} · ${cadenceWords[cadenceDays]} · с ${from}`,
  nothingChosen: 'Выберите хотя бы один опросник.',
  alreadyScheduled:
    'У клиентов этого кейса уже есть регулярный скрининг. Чтобы назначить другой, сначала остановите его.',
  offered: (name: string, summary: string) =>
    `🔁 Регулярный скрининг по кейсу «${name}» назначен: ${summary}. Клиент получит предложение в боте скрининга; опросники начнут приходить, когда он согласится.`,
  /** Addressed to the specialist only: the case's label stays here. */
  linkForSpecialist: (name: string, summary: string) =>
    `🔗 Регулярный скрининг по кейсу «${name}»: ${summary}.\n\nПерешлите клиенту следующее сообщение: в нём нет названия кейса. Ссылка одноразовая и действует 7 дней; опросники начнут приходить, когда клиент согласится.`,
  /** Forwarded to the client: neutral, no label, no diagnosis. */
  linkForClient: (link: string) =>
    `Здравствуйте! Ваш специалист предлагает вам регулярно отвечать на несколько коротких вопросов о самочувствии в Telegram. Ответы увидит ваш специалист; перед началом бот расскажет, как часто будут приходить опросники, что сохраняется и как их остановить.\n\nСсылка личная и одноразовая, действует 7 дней:\n${link}`,
  notFound: 'Расписание не найдено.',

  accepted: (name: string, summary: string) =>
    `✅ Клиент по кейсу «${name}» согласился на регулярный скрининг: ${summary}.`,
  declined: (name: string) => `Клиент по кейсу «${name}» не согласился на регулярный скрининг.`,
  stoppedByClient: (name: string) =>
    `Клиент остановил регулярный скрининг по кейсу «${name}»: новые опросники приходить не будут. Назначить заново можно в карточке кейса.`,
  blocked: (name: string) =>
    `Клиент заблокировал бота скрининга: регулярный скрининг по кейсу «${name}» остановлен, опросники до клиента не доходят.`,
  withdrew: (name: string) =>
    `Клиент остановил регулярный скрининг по кейсу «${name}» и отозвал согласие: его ответы и связь с кейсом удалены.`,
  /** Once per questionnaire, a day after its reminder. */
  missed: (name: string, titles: readonly string[], sentOn: string, next: string | null) =>
    `📭 Клиент не заполнил регулярный опросник по кейсу «${name}»: ${titles.join(', ')}, отправлен ${sentOn}, напоминание было через день.${next ? ` Следующий — ${next}.` : ''}`,
} as const;
