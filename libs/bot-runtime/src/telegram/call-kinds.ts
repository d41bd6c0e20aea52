/**
 * Bot API calls that answer a query or show an action. They are useless a few seconds
 * later (a button's spinner stops by itself, a pre-checkout query must be answered within
 * ten seconds) and Telegram does not count them against the messaging limits, so they go
 * out at once after commit: never stored in the reply outbox, never behind the throttle.
 */
const IMMEDIATE_METHODS: ReadonlySet<string> = new Set([
  'answerCallbackQuery',
  'answerInlineQuery',
  'answerPreCheckoutQuery',
  'answerShippingQuery',
  'answerWebAppQuery',
  'sendChatAction',
]);

/**
 * Calls whose answer the handler needs now, so they are never deferred: reads (getMe,
 * getChat ...), an invoice link to put under a button, a Stars refund, whose outcome
 * decides whether the ledger reverses the payment in the same transaction, and a
 * subscription's cancellation, which /delete_me must report truthfully (deferred, it
 * would seem to succeed and be tried only after the account was gone).
 */
const ANSWER_NEEDED: ReadonlySet<string> = new Set([
  'createInvoiceLink',
  'refundStarPayment',
  'editUserStarSubscription',
]);

/** A call the handler waits for (ANSWER_NEEDED, or a read): made at once, inside the update. */
export const needsAnswerNow = (method: string): boolean =>
  method.startsWith('get') || ANSWER_NEEDED.has(method);

/** A call useless seconds later (IMMEDIATE_METHODS): sent right after commit, never stored. */
export const isShortLived = (method: string): boolean => IMMEDIATE_METHODS.has(method);
