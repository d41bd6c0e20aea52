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

/** Reads (getMe, getChat ...) return something a handler needs now; they are never deferred. */
export const isReadCall = (method: string): boolean => method.startsWith('get');

export const isImmediateCall = (method: string): boolean => IMMEDIATE_METHODS.has(method);
