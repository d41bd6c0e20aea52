import { characters, charactersGenitive, counted } from '@psycheos/bot-runtime';
import type { AdminAction, CaseBot } from '@psycheos/db';
import { billingLabels } from './billing-texts';
import { changeTexts } from './change-texts';
import { date, dateTime } from './dates';
import { trainerLabels } from './trainer-texts';

/**
 * Every word the pro bot says, in one place. Messages are sent as plain text (no
 * parse_mode), so a case name or note can never inject HTML or Markdown.
 */
export const labels = {
  newCase: '➕ Новый кейс',
  myCases: '📁 Мои кейсы',
  help: '❓ Помощь',
  createInvite: '🔗 Создать приглашение',
  invites: '📨 Приглашения',
  specialists: '👥 Специалисты',
  stats: '📊 Статистика',
  auditLog: '📜 Журнал',
  leaveAdmin: '⬅️ Выйти из админ-панели',
  cancel: '✖️ Отмена',
  previous: '◀️',
  next: '▶️',
  archive: '🗄 Архив',
  backToCases: '⬅️ К списку кейсов',
  backToArchive: '⬅️ К архиву',
  makeActive: '📌 Сделать активным',
  rename: '✏️ Переименовать',
  toArchive: '🗄 В архив',
  confirmArchive: '🗄 Да, в архив',
  restore: '♻️ Восстановить',
  deleteCase: '🗑 Удалить навсегда',
  confirmDeleteCase: '🗑 Да, удалить навсегда',
  openCase: '📄 Открыть карточку',
  revoke: '🚫 Отозвать',
  block: '🚫 Заблокировать',
  unblock: '✅ Разблокировать',
  backToSpecialists: '⬅️ К списку специалистов',
  tools: '🧰 Инструменты',
  history: '🗂 История',
  backToCase: '⬅️ К кейсу',
  backToCard: '⬅️ К карточке',
  confirmDeleteMe: '🗑 Да, удалить всё',
  screeningHistory: '📊 Скрининги',
  getScreeningLink: '📨 Получить ссылку для клиента',
  openScreening: '📝 Открыть опрос',
  screeningAnswers: '📋 Ответы по пунктам',
  dashboard: '📊 Панель',
  acceptTerms: '✅ Принимаю',
  declineTerms: 'Не принимаю',
} as const;

/**
 * The case tools, in the order the tools menu shows them. The Симулятор is not one: it is
 * the specialist's trainer, in the main menu (trainer-texts.ts), since its clients are fictional.
 */
export const toolTitles = {
  screen: 'Скрининг',
  interpretator: 'Интерпретатор',
  conceptualizator: 'Концептуализатор',
} as const satisfies Record<CaseBot, string>;

export type ToolBotId = keyof typeof toolTitles;

/** Typed text equal to a menu label is the menu action, never a name or a note. */
const menuLabels = new Set<string>([
  labels.dashboard,
  billingLabels.balance,
  billingLabels.payments,
  labels.newCase,
  labels.myCases,
  trainerLabels.trainer,
  labels.help,
  labels.createInvite,
  labels.invites,
  labels.specialists,
  labels.stats,
  labels.auditLog,
  labels.leaveAdmin,
]);
export const isMenuLabel = (text: string) => menuLabels.has(text.trim());

export const MAX_CASE_NAME_LENGTH = 64;
export const MAX_INVITE_NOTE_LENGTH = 200;

/** Who is shown the terms, and so how they are led in. */
export type TermsAudience = 'newcomer' | 'unaccepted' | 'changed';

export const texts = {
  invitationOnly:
    'PsycheOS Pro — рабочее пространство для психологов и коучей. Доступ только по приглашению: попросите администратора прислать вам ссылку.',
  adminHint: 'Вы администратор: команда /admin открывает панель управления.',
  blocked:
    'Ваш доступ к PsycheOS Pro заблокирован. Если это ошибка, свяжитесь с администратором. Удалить аккаунт и все ваши данные можно и сейчас: /delete_me.',
  welcome: (name: string) => `Добро пожаловать в PsycheOS Pro, ${name}! Регистрация завершена.`,
  alreadyRegistered: 'Вы уже зарегистрированы — приглашение не понадобилось.',
  inviteUnknown: 'Приглашение не найдено. Проверьте ссылку или попросите у администратора новую.',
  inviteExpired: 'Срок действия приглашения истёк. Попросите у администратора новое.',
  inviteUsedUp: 'Это приглашение уже использовано. Попросите у администратора новое.',
  inviteRevoked: 'Это приглашение отозвано администратором. Попросите у него новое.',

  /**
   * The default of SPECIALIST_TERMS_TEXT: what a specialist agrees to before the tools see
   * any material. Editing it changes its version, and every specialist is asked again.
   */
  defaultSpecialistTerms: [
    '1. Материал, который вы отправляете ИИ-инструментам (Интерпретатор, Концептуализатор, Симулятор), обрабатывает модель Claude компании Anthropic PBC на серверах в США. Это трансграничная передача данных (ст. 12 Федерального закона № 152-ФЗ «О персональных данных»).',
    '2. Передавайте материал клиента только с его согласия, в том числе на такую передачу, и только обезличенным: без имён и фамилий, адресов, телефонов, мест работы и учёбы, дат рождения и других деталей, по которым клиента можно узнать.',
    '3. Ответы ИИ — рабочие гипотезы для специалиста, а не диагноз и не заключение. Решения о работе с клиентом, об оценке риска и о помощи в кризисе принимаете вы.',
    '4. Материал и результаты хранятся в PsycheOS, пока вы не удалите кейс или аккаунт. Удалить аккаунт и все данные можно в любой момент командой /delete_me.',
  ].join('\n'),
  termsOffer: (audience: TermsAudience, terms: string, version: string) =>
    [
      termsLead[audience],
      '',
      terms,
      '',
      `Версия условий: ${version}. Без согласия с ними кейсы и инструменты недоступны.`,
    ].join('\n'),
  termsAccepted: '✅ Условия приняты.',
  termsDeclinedByNewcomer:
    'Без согласия с условиями работать в PsycheOS Pro нельзя, поэтому аккаунт не создан и ничего о вас не сохранено. Приглашение не израсходовано: если передумаете, откройте ту же ссылку ещё раз, пока не истёк её срок.',
  termsDeclinedBySpecialist:
    'Без согласия с условиями кейсы и инструменты недоступны. Ваш аккаунт, кейсы и баланс сохранены как есть. Чтобы принять условия, напишите боту любое сообщение. Удалить аккаунт и все данные можно командой /delete_me.',
  /** A press on terms that have changed since they were shown. */
  termsOutdated: 'Условия изменились: прочитайте новую версию.',
  /** A button pressed before the current terms are accepted. */
  acceptTermsFirst: 'Сначала примите условия работы.',
  mainMenu: 'Главное меню. Выберите действие:',
  help: [
    'PsycheOS Pro помогает вести кейсы клиентов.',
    '',
    `${labels.newCase} — завести кейс: достаточно имени или кода клиента.`,
    `${labels.myCases} — список кейсов: карточка, активный кейс, переименование, архив.`,
    `${trainerLabels.trainer} — тренажёр: сессия КПТ с виртуальным клиентом и оценка по шкале CTRS. Не связан с кейсами.`,
    `${billingLabels.balance} (/balance) — кредиты на ответы ИИ-инструментов, пополнение звёздами Telegram.`,
    '',
    'Команды: /start — главное меню, /cancel — отменить текущее действие.',
    '/delete_me — удалить аккаунт и все ваши данные (с подтверждением).',
    '/terms — условия, /paysupport — вопросы по оплате.',
  ].join('\n'),
  notUnderstood: 'Не понимаю это сообщение. Выберите действие в меню ниже или нажмите /start.',
  unknownCommand: 'Такой команды нет. Нажмите /start, чтобы открыть меню, или /help.',
  cancelled: 'Отменено.',
  nothingToCancel: 'Отменять нечего.',
  staleButton: 'Эта кнопка больше не действует.',
  notSpecialist: 'Эта функция доступна зарегистрированным специалистам.',
  dashboard:
    'Панель: все кейсы, графики скринингов, сохранённые результаты инструментов и баланс — в одном окне.',
  openDashboard: '📊 Открыть панель',

  askCaseName: `Как назовём кейс? Отправьте имя или код клиента (до ${counted(MAX_CASE_NAME_LENGTH, charactersGenitive)}).`,
  askNewCaseName: (name: string) =>
    `Новое название для кейса «${name}» (до ${counted(MAX_CASE_NAME_LENGTH, charactersGenitive)}):`,
  nameEmpty: 'Название не может быть пустым. Отправьте имя или код клиента.',
  nameTooLong: (length: number) =>
    `Слишком длинное название: ${counted(length, characters)}, а можно до ${MAX_CASE_NAME_LENGTH}. Попробуйте короче.`,
  nameIsCommand: `Нужно название кейса, а не команда. Отправьте имя или код клиента или нажмите «${labels.cancel}».`,
  nameNotText: 'Отправьте название обычным текстом.',
  caseCreated: (name: string) => `✅ Кейс «${name}» создан.`,
  caseRenamed: (name: string) => `✅ Кейс переименован в «${name}».`,
  noCases: `У вас пока нет кейсов. Нажмите «${labels.newCase}», чтобы завести первый.`,
  caseList: (page: number) => `📁 Ваши кейсы${page > 0 ? ` (стр. ${page + 1})` : ''}:`,
  noArchivedCases: 'В архиве пусто.',
  archivedList: (page: number) => `🗄 Архив кейсов${page > 0 ? ` (стр. ${page + 1})` : ''}:`,
  caseCard: (name: string, archived: boolean, createdAt: Date, isActive: boolean) =>
    [
      `📄 Кейс: ${name}`,
      `Статус: ${archived ? 'в архиве' : 'активный'}`,
      `Создан: ${date(createdAt)}`,
      ...(isActive ? ['📌 Это ваш активный кейс.'] : []),
    ].join('\n'),
  caseNotFound: 'Кейс не найден.',
  caseIsArchived: 'Кейс в архиве. Сначала восстановите его.',
  archiveBeforeDelete: 'Удалить можно только кейс из архива: сначала отправьте его в архив.',
  caseActivated: (name: string) => `📌 «${name}» — теперь активный кейс.`,
  confirmArchive: (name: string) =>
    `Отправить кейс «${name}» в архив? Его можно будет восстановить.`,
  caseArchived: (name: string) => `🗄 Кейс «${name}» в архиве.`,
  confirmDeleteCase: (name: string) =>
    `Удалить кейс «${name}» навсегда? Вместе с ним удалятся результаты инструментов, скрининги, кризисные оповещения и данные клиента, если он не связан с другими вашими кейсами. Отменить это нельзя.`,
  caseDeleted: (name: string) => `🗑 Кейс «${name}» удалён со всеми данными.`,
  caseRestored: (name: string) => `♻️ Кейс «${name}» восстановлен.`,

  historyOf: (name: string) => `🗂 Результаты инструментов по кейсу «${name}», новые сверху:`,
  historyEmpty: (name: string) =>
    `🗂 По кейсу «${name}» пока нет результатов. Откройте инструмент: «🧰 Инструменты».`,
  historyEntry: (kind: string, version: number, createdAt: Date, review: string) =>
    `${resultKindTitle(kind)}${version > 1 ? ` v${version}` : ''} · ${date(createdAt)} · ${review}`,
  resultHeader: (
    kind: string,
    version: number,
    createdAt: Date,
    review: string,
    promptVersion: string,
  ) =>
    `**${resultKindTitle(kind)}${version > 1 ? `, версия ${version}` : ''}** · ${date(createdAt)} · ${review}\n_Промпт: ${promptVersion}_`,
  resultNotFound: 'Результат не найден.',
  toolsFor: (name: string) => `🧰 Инструменты для кейса «${name}»:`,
  toolUnavailable: (title: string) =>
    `«${title}» пока не подключён. Попробуйте позже или напишите администратору.`,
  toolLink: (title: string, name: string) =>
    `Ссылка открывает «${title}» для кейса «${name}». Она одноразовая и действует 30 минут.`,
  openTool: (title: string) => `▶️ Открыть «${title}»`,
  chooseScreening: (name: string) =>
    `📝 Скрининг для кейса «${name}». Какие опросники отправить? Нажмите, чтобы включить или выключить.`,
  screeningOption: (isChosen: boolean, title: string, measures: string) =>
    `${isChosen ? '✅' : '⬜️'} ${title} — ${measures}`,
  screeningNothingChosen: 'Выберите хотя бы один опросник.',
  /** Addressed to the specialist only: the case's label stays here. */
  screeningInviteForSpecialist: (name: string, titles: string[]) =>
    `🔗 Скрининг для кейса «${name}»: ${titles.join(', ')}.\n\nПерешлите клиенту следующее сообщение: в нём нет названия кейса. Ссылка одноразовая и действует 7 дней.`,
  /** Forwarded to the client: neutral, no label, no diagnosis. */
  screeningInviteForClient: (link: string) =>
    `Здравствуйте! Ваш специалист приглашает вас ответить на несколько коротких вопросов о самочувствии в Telegram. Ответы увидит ваш специалист; перед началом бот расскажет, что сохраняется и как это удалить.\n\nСсылка личная и одноразовая, действует 7 дней:\n${link}`,
  /** The scores and crisis lines first; then, when there are any, the changes (change-texts.ts). */
  screeningCompleted: (name: string, lines: string[], changes: string[] = []) =>
    [
      `📊 Клиент завершил скрининг по кейсу «${name}».`,
      '',
      ...lines,
      ...(changes.length > 0 ? ['', changeTexts.changesHeader, ...changes] : []),
    ].join('\n'),
  screeningScoreLine: (title: string, score: number, max: number, band: string) =>
    `${title}: ${score} из ${max} — ${band}`,
  screeningRiskLine: (title: string, item: number, answer: string) =>
    `⚠️ ${title}, вопрос ${item}: «${answer}» (об этом уже пришло срочное уведомление).`,
  screeningChangedRiskLine: (title: string, item: number, answer: string) =>
    `⚠️ ${title}, вопрос ${item}: сначала клиент ответил выше порога (пришло срочное уведомление), затем изменил ответ на «${answer}». Уточните у клиента.`,
  screeningWordsAlertLine:
    '⚠️ Во время опроса клиент написал слова, похожие на кризисные (пришло срочное уведомление).',
  screeningDeclined: (name: string) =>
    `Клиент по кейсу «${name}» не дал согласия на скрининг. Его данные не сохранены.`,
  screeningStopped: (name: string, answered: number, total: number) =>
    `⏹ Клиент по кейсу «${name}» остановил скрининг (ответов: ${answered} из ${total}).`,
  clientWithdrew: (name: string) =>
    `Клиент по кейсу «${name}» отозвал согласие: его ответы и связь с кейсом удалены.`,
  screeningAnswersOf: (title: string, score: number, band: string, lines: string[]) =>
    [`📋 ${title}: ${score} — ${band}`, '', ...lines].join('\n'),
  screeningAnswerLine: (
    number: number,
    item: string,
    answer: string,
    value: number,
    risk: boolean,
  ) => `${risk ? '⚠️ ' : ''}${number}. ${item} — ${answer} (${value})`,
  screeningNotFound: 'Скрининг не найден.',
  noScreenings: (name: string) => `По кейсу «${name}» пока нет завершённых скринингов.`,
  screeningHistory: (name: string, lines: string[]) =>
    [`📊 Скрининги по кейсу «${name}» (последние ${lines.length}):`, ...lines].join('\n\n'),
  screeningHistoryLine: (at: Date, scores: string[]) => [`${date(at)}:`, ...scores].join('\n'),
  screeningChartCaption: (name: string) => `Динамика баллов по кейсу «${name}»`,
  sessionFinished: (title: string, name: string) =>
    `✅ Сессия «${title}» по кейсу «${name}» завершена.`,
  clientLinked: (name: string) => `👤 Клиент подключился к скринингу по кейсу «${name}».`,

  confirmDeleteMe: (cases: number) =>
    [
      '⚠️ Удалить аккаунт PsycheOS Pro и все ваши данные?',
      '',
      `Будут удалены: профиль, все кейсы (сейчас их ${cases}, вместе с архивом), ссылки на инструменты, всё, что боты PsycheOS хранят о ваших диалогах с ними, и данные клиентов, которые подключались к скринингу только через ваши кейсы.`,
      '',
      'Восстановить их будет нельзя. Сама переписка остаётся в вашем Telegram: её можно очистить там.',
    ].join('\n'),
  accountDeleted:
    'Ваш аккаунт и все данные удалены. Чтобы снова пользоваться PsycheOS Pro, понадобится новое приглашение.',
  deleteMeCancelled: 'Удаление отменено, ваши данные на месте.',

  adminPanel: (stats: Stats) => `🛠 Админ-панель\n\n${texts.stats(stats)}`,
  stats: (stats: Stats) =>
    [
      `Специалистов: ${stats.specialists} (заблокировано: ${stats.blockedSpecialists})`,
      `Активных кейсов: ${stats.activeCases}`,
      `Открытых приглашений: ${stats.openInvites}`,
    ].join('\n'),
  leftAdmin: 'Вы вышли из админ-панели.',
  askInviteNote: `Кому приглашение? Отправьте заметку (до ${counted(MAX_INVITE_NOTE_LENGTH, charactersGenitive)}), например имя специалиста. Её видят только администраторы.`,
  noteEmpty: 'Заметка не может быть пустой. Напишите, кому приглашение.',
  noteTooLong: (length: number) =>
    `Слишком длинная заметка: ${counted(length, characters)}, а можно до ${MAX_INVITE_NOTE_LENGTH}.`,
  noteNotText: 'Отправьте заметку обычным текстом.',
  inviteCreated: (link: string) =>
    `🔗 Приглашение создано: одна регистрация, действует 7 дней.\n\nПерешлите ссылку специалисту:\n${link}`,
  noInvites: 'Приглашений пока нет.',
  inviteList: (lines: string[], page: number) =>
    [`📨 Приглашения${page > 0 ? ` (стр. ${page + 1})` : ''}:`, '', ...lines].join('\n'),
  inviteLine: (token: string, status: InviteStatus, note: string | null, expiresAt: Date) =>
    `• ${token.slice(0, 8)}… — ${inviteStatusText(status, expiresAt)}${note ? ` — ${note}` : ''}`,
  inviteRevokedDone: 'Приглашение отозвано.',
  inviteNoLongerActive: 'Приглашение уже недействительно.',
  noSpecialists: 'Зарегистрированных специалистов пока нет.',
  specialistList: (page: number) => `👥 Специалисты${page > 0 ? ` (стр. ${page + 1})` : ''}:`,
  specialistCard: (person: SpecialistSummary) =>
    [
      `👤 ${person.full_name ?? 'Без имени'}${person.username ? ` (@${person.username})` : ''}`,
      `Telegram ID: ${person.telegram_id}`,
      `Статус: ${person.status === 'blocked' ? '🚫 заблокирован' : 'активен'}`,
      `Активных кейсов: ${person.active_cases}`,
      `Зарегистрирован: ${date(person.created_at)}`,
    ].join('\n'),
  specialistNotFound: 'Специалист не найден.',
  noAuditEntries: 'Журнал пуст: действий администраторов пока не было.',
  auditLog: (lines: string[]) =>
    [`📜 Последние действия администраторов:`, '', ...lines].join('\n'),
  auditLine: (at: Date, adminId: number, action: AdminAction, target: string) =>
    `${dateTime(at)} — ${adminId}: ${adminActionText[action]} ${target}`,
  deletedAccount: '(аккаунт удалён)',
  specialistBlocked: 'Специалист заблокирован.',
  specialistUnblocked: 'Специалист разблокирован.',
} as const;

const termsLead: Record<TermsAudience, string> = {
  newcomer: '📄 Прежде чем начать, прочитайте условия работы в PsycheOS Pro.',
  unaccepted: '📄 Прежде чем продолжить, прочитайте и примите условия работы в PsycheOS Pro.',
  changed:
    '📄 Условия работы в PsycheOS Pro изменились. Прочитайте и примите новую версию, чтобы продолжить.',
};

const adminActionText: Record<AdminAction, string> = {
  invite_created: 'создал приглашение',
  invite_revoked: 'отозвал приглашение',
  specialist_blocked: 'заблокировал специалиста',
  specialist_unblocked: 'разблокировал специалиста',
  payment_refunded: 'вернул платёж',
  credits_granted: 'начислил кредиты специалисту',
};

export type InviteStatus = 'active' | 'used' | 'expired' | 'revoked';

function inviteStatusText(status: InviteStatus, expiresAt: Date): string {
  switch (status) {
    case 'active':
      return `активно до ${date(expiresAt)}`;
    case 'used':
      return 'использовано';
    case 'expired':
      return 'истекло';
    case 'revoked':
      return 'отозвано';
  }
}

export interface Stats {
  specialists: number;
  blockedSpecialists: number;
  activeCases: number;
  openInvites: number;
}

export interface SpecialistSummary {
  user_id: string;
  telegram_id: number;
  full_name: string | null;
  username: string | null;
  status: 'active' | 'blocked';
  active_cases: number;
  created_at: Date;
}

/** What each tool's result is called in the case's history. */
function resultKindTitle(kind: string): string {
  switch (kind) {
    case 'interpretation':
      return '🔍 Интерпретация';
    case 'conceptualization':
      return '🧩 Концептуализация';
    case 'simulation':
      return '🎭 Симуляция';
    default:
      return '📄 Результат';
  }
}
