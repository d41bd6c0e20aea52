import { counted, type PluralForms } from '@psycheos/bot-runtime';

export const questionsWord: PluralForms = { one: 'вопрос', few: 'вопроса', many: 'вопросов' };
export const minutesWord: PluralForms = { one: 'минута', few: 'минуты', many: 'минут' };

export const forAdults = 'Опросники предназначены для взрослых (18 лет и старше).';
export const notADiagnosis =
  'Опросники не ставят диагноз и не заменяют экстренную помощь. Если вам сейчас очень плохо или есть угроза жизни, звоните 112.';

/**
 * What the consent says happens to the answers, the same for one screening and for a
 * schedule: each line is what the code does (docs/SCREENING.md, "Consent").
 */
export const whatHappensToAnswers = (operator: string) => [
  'Что сохраняется: выбранные вами ответы и числовой идентификатор вашего аккаунта Telegram (не номер телефона). Имя, никнейм и то, что вы пишете сами, не сохраняются.',
  'Кто видит ответы: ваш специалист.',
  'ИИ: итоговую сумму по каждому опроснику и её уровень по шкале (не ответы на отдельные вопросы) можно передать модели Claude компании Anthropic (США) для работы над вашим случаем, только если специалист подтвердит это, каждый раз отдельно. Без подтверждения специалиста модель ничего из ваших ответов не получает.',
  'Если в ответах или в том, что вы напишете в этом чате, будут признаки кризиса, вы сразу получите телефоны помощи, а ваш специалист — срочное уведомление. В нём указана причина, но не ваши слова.',
  'Сколько хранятся ответы: пока вы не удалите их командой /delete_me или специалист не удалит ваш кейс или свой аккаунт.',
  `Оператор сервиса: ${operator}`,
];

/**
 * Every message the screen bot sends, in one place. The client is addressed in neutral
 * words and never sees the specialist's label for the case: it is the specialist's
 * private note (only the alert to the specialist, sent through pro, names it). The client
 * is never shown a score or a band either.
 */
export const texts = {
  start:
    'Это PsycheOS Скрининг. Чтобы начать, откройте ссылку-приглашение, которую прислал ваш специалист.',
  linked:
    'Спасибо! Вы подключены к скринингу PsycheOS. Опросники от вашего специалиста появятся здесь: мы напишем, когда они будут готовы.',
  alreadyLinked: 'Вы уже подключены. Мы напишем, когда опросники будут готовы.',
  waiting: 'Опросники пока не готовы. Мы напишем, как только специалист их назначит.',
  inviteUnknown: 'Ссылка не распознана. Попросите специалиста прислать новое приглашение.',
  inviteUsed:
    'Это приглашение уже использовано. Если это были не вы, попросите специалиста прислать новое.',
  inviteExpired: 'Срок действия приглашения истёк. Попросите специалиста прислать новое.',
  inviteClosed: 'Это приглашение больше не действует. Свяжитесь со своим специалистом.',

  /**
   * Informed consent: each line is what the code does (docs/SCREENING.md, "Consent"). The
   * Концептуализатор offers the latest totals to the model only on the specialist's press
   * of «✅ Учесть», each time; crisis alerts carry the reason, never the client's words.
   */
  consent: (questions: number, minutes: number, operator: string) =>
    [
      'Здравствуйте! Ваш специалист предлагает вам ответить на несколько коротких опросников о самочувствии.',
      `Это ${counted(questions, questionsWord)} с готовыми вариантами ответа, примерно ${counted(minutes, minutesWord)}. ${forAdults}`,
      '',
      ...whatHappensToAnswers(operator),
      'Остановиться можно в любой момент командой /stop. Удалить ответы и связь со специалистом: /delete_me.',
      '',
      notADiagnosis,
      '',
      'Вы согласны начать?',
    ].join('\n'),
  agree: '✅ Да, начать',
  decline: 'Нет, не сейчас',
  /**
   * The default of SERVICE_OPERATOR_TEXT, which completes «Оператор сервиса: …». Honest
   * while nobody is named; screen warns at start until the deployment names its operator.
   */
  unnamedOperator:
    'не указан администратором этого сервера. Спросите у вашего специалиста, кто отвечает за ваши данные.',
  declined:
    'Хорошо. Мы ничего не сохранили, а специалисту сообщим только, что вы не дали согласия. Спасибо!',

  question: (
    part: number,
    parts: number,
    number: number,
    count: number,
    instruction: string,
    item: string,
  ) => `Часть ${part} из ${parts} · вопрос ${number}/${count}\n${instruction}\n\n${item}`,
  back: '⬅️ Назад',
  chosen: (label: string) => `✓ ${label}`,
  answerRecorded: 'Ответ записан.',
  chooseWithButtons:
    'Специалист не читает сообщения в этом чате. Чтобы ответить, выберите ответ кнопкой под вопросом.',
  staleButton: 'Этот вопрос уже позади.',
  sessionOver: 'Этот опрос уже завершён.',
  thankYou:
    'Спасибо! Вы ответили на все вопросы, ответы переданы вашему специалисту — вы сможете обсудить их вместе.',

  stopped:
    'Опрос остановлен. Ответы, которые вы уже дали, видит только ваш специалист; удалить их можно командой /delete_me. Чтобы пройти опрос заново, попросите специалиста прислать новую ссылку.',
  nothingToStop: 'Сейчас нет начатого опроса.',

  confirmDelete:
    'Удалить все ваши ответы и связь с вашим специалистом? Специалист узнает, что вы отозвали согласие. Отменить удаление будет нельзя.',
  confirmDeleteYes: '🗑 Да, удалить',
  confirmDeleteNo: 'Отмена',
  deleted:
    'Готово: ваши ответы и связь со специалистом удалены. Переписка остаётся в вашем Telegram, её можно очистить там.',
  deleteCancelled: 'Удаление отменено, ничего не изменилось.',
  nothingToDelete: 'У нас нет ваших данных.',

  /**
   * The default of CRISIS_RESOURCES_TEXT. Russia has no single adult helpline, so 112 comes
   * first and the one free national line is named for whom it is; a deployment sets an adult
   * or regional line (screen warns at start while this default is used). Numbers in
   * international form (+7 …) are the ones Telegram makes tappable.
   */
  crisisResources: [
    'Похоже, вам сейчас очень тяжело. Вы не одни, и помощь есть.',
    '',
    '• Если есть угроза жизни — вашей или чьей-то ещё, звоните 112 (бесплатно, работает и без SIM-карты).',
    '• Телефон доверия для детей, подростков и их родителей: +7 800 2000-122 (бесплатно, анонимно, круглосуточно; с мобильного можно набрать 124).',
  ].join('\n'),
  continueWhenReady: 'Если захотите продолжить опрос, ответьте на вопрос ниже.',
  /** After the resources, for everyone: one thing to do while help comes. */
  safetyStep:
    'Пока помощь в пути: если можете, побудьте рядом с человеком, которому доверяете, и уберите подальше то, чем можно причинить себе вред.',
  /** Said only when an alert was actually queued for the client's specialist. */
  specialistAlerted:
    'Мы сообщили вашему специалисту; ответ может прийти не сразу. Если вам опасно сейчас — не ждите, звоните 112.',
  continueLater: '⏸ Продолжить позже',
  continueNow: '▶️ Продолжить сейчас',
  continuedLater:
    'Хорошо. Когда будете готовы, напишите сюда любое сообщение — опрос продолжится с того же места.',
  alertOpenCase: '📂 Открыть кейс',
  alertAcknowledge: '✅ Принято',

  /** The alert to the specialist, sent through pro: it must not look like a routine notice. */
  alert: (caseName: string, reason: string, at: Date) =>
    [
      '🚨🚨 СРОЧНО: возможный кризис у клиента 🚨🚨',
      '',
      `Кейс: «${caseName}»`,
      `Когда: ${moscowTime(at)}`,
      `Причина: ${reason}`,
      '',
      'Это ответ на скрининг, не оценка риска: уточните мысли, намерение, план, доступ к средствам, прошлые попытки.',
      'Клиенту уже отправлены телефоны экстренной помощи.',
      'Пожалуйста, свяжитесь с клиентом как можно скорее и нажмите «✅ Принято».',
    ].join('\n'),
  /** The client went back and changed the answer that raised an alert. */
  alertAnswerChanged: (
    caseName: string,
    title: string,
    item: number,
    before: string,
    after: string,
    alertedAt: Date,
  ) =>
    [
      `⚠️ Клиент по кейсу «${caseName}» изменил ответ на вопрос ${item} ${title}: было «${before}», стало «${after}».`,
      `Срочное уведомление от ${moscowTime(alertedAt)} остаётся в силе: уточните у клиента, как он сейчас.`,
    ].join('\n'),
  alertItemReason: (title: string, item: number, meaning: string, answer: string) =>
    `в ${title} на вопрос ${item} (${meaning}) клиент ответил «${answer}».`,
  alertFreeTextReason: (matched: string) =>
    `клиент написал в чате слова, похожие на кризисные (${matched}; текст сообщения не сохраняется).`,
} as const;

/** "07.12.2026, 10:41 (МСК)": the alert's time as the specialist reads it. */
function moscowTime(at: Date): string {
  const shown = at.toLocaleString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${shown} (МСК)`;
}
