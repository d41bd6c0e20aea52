/**
 * The screen bot's inline buttons, built and matched in one place. Each names its session
 * (and the question's position), so a button left from another session or an earlier
 * question changes nothing: the handler re-checks it against the session as stored.
 * The longest, "a:" + uuid + ":" + position + ":" + value, is under 50 of Telegram's 64 bytes.
 */
export const callbackData = {
  consent: (sessionId: string, agrees: boolean) => `c:${sessionId}:${agrees ? 'yes' : 'no'}`,
  answer: (sessionId: string, position: number, value: number) =>
    `a:${sessionId}:${position}:${value}`,
  back: (sessionId: string, position: number) => `b:${sessionId}:${position}`,
  /** Under the crisis resources in a questionnaire: go on now, or later. */
  crisisTurn: (sessionId: string, when: 'now' | 'later') => `t:${sessionId}:${when}`,
  /** The answer to a schedule's consent. */
  scheduleConsent: (scheduleId: string, agrees: boolean) =>
    `sc:${scheduleId}:${agrees ? 'yes' : 'no'}`,
  /** Under a schedule's messages: pause, resume or stop it. */
  scheduleControl: (scheduleId: string, action: 'pause' | 'resume' | 'stop') =>
    `sm:${scheduleId}:${action}`,
  confirmDelete: 'del:yes',
  cancelDelete: 'del:no',
} as const;

const UUID = '([0-9a-f-]{36})';
export const consentPattern = new RegExp(`^c:${UUID}:(yes|no)$`);
export const answerPattern = new RegExp(`^a:${UUID}:(\\d{1,4}):(\\d{1,3})$`);
export const backPattern = new RegExp(`^b:${UUID}:(\\d{1,4})$`);
export const crisisTurnPattern = new RegExp(`^t:${UUID}:(now|later)$`);
export const deletePattern = /^del:(yes|no)$/;
export const scheduleConsentPattern = new RegExp(`^sc:${UUID}:(yes|no)$`);
export const scheduleControlPattern = new RegExp(`^sm:${UUID}:(pause|resume|stop)$`);
