import type { ScheduleCadenceDays } from '@psycheos/db';
import { CASE_BOTS } from '@psycheos/db';
import type { ScheduleStartDays } from '../schedule-texts';

/** A screening schedule as chosen so far; it travels in the chooser's buttons. */
export interface ScheduleChoice {
  mask: number;
  cadenceDays: ScheduleCadenceDays;
  startDays: ScheduleStartDays;
}

/**
 * The inline buttons' callback_data, built and matched in one place.
 * Telegram allows 64 bytes: the longest ("tool:conceptualizator:" + a uuid) is 58.
 * Whatever a button names is re-checked against the presser when it is pressed,
 * because callback_data can be forged by any client.
 */
export const callbackData = {
  cancel: 'cancel',
  casesPage: (page: number) => `cases:page:${page}`,
  archivedPage: (page: number) => `cases:archived:${page}`,
  /** The active cases, those whose latest screening result is reliably worse first. */
  worseFirstPage: (page: number) => `cases:worse:${page}`,
  openCase: (caseId: string) => `case:open:${caseId}`,
  activateCase: (caseId: string) => `case:activate:${caseId}`,
  renameCase: (caseId: string) => `case:rename:${caseId}`,
  archiveCase: (caseId: string) => `case:archive:${caseId}`,
  confirmArchive: (caseId: string) => `case:archive_yes:${caseId}`,
  restoreCase: (caseId: string) => `case:restore:${caseId}`,
  deleteCase: (caseId: string) => `case:delete:${caseId}`,
  confirmDeleteCase: (caseId: string) => `case:delete_yes:${caseId}`,
  caseTools: (caseId: string) => `case:tools:${caseId}`,
  caseHistory: (caseId: string, page = 0) => `hist:list:${caseId}:${page}`,
  openResult: (resultId: string) => `hist:open:${resultId}`,
  launchTool: (botId: string, caseId: string) => `tool:${botId}:${caseId}`,
  invitesPage: (page: number) => `inv:page:${page}`,
  revokeInvite: (token: string) => `inv:revoke:${token}`,
  specialistsPage: (page: number) => `usr:page:${page}`,
  openSpecialist: (userId: string) => `usr:open:${userId}`,
  blockSpecialist: (userId: string) => `usr:block:${userId}`,
  unblockSpecialist: (userId: string) => `usr:unblock:${userId}`,
  /** The questionnaire chooser, with the chosen ones as a bit mask over the catalogue's order. */
  chooseScreening: (caseId: string, mask: number) => `scr:choose:${caseId}:${mask}`,
  sendScreening: (caseId: string, mask: number) => `scr:send:${caseId}:${mask}`,
  screeningAnswers: (sessionId: string) => `scr:answers:${sessionId}`,
  screeningHistory: (caseId: string) => `scr:history:${caseId}`,
  /** The case's screening schedule: its state, and the chooser when one can be made. */
  caseSchedule: (caseId: string) => `sch:open:${caseId}`,
  /** The chooser with instruments (a bit mask, as for a link), cadence and start in days. */
  chooseSchedule: (caseId: string, choice: ScheduleChoice) =>
    `sch:edit:${caseId}:${choice.mask}:${choice.cadenceDays}:${choice.startDays}`,
  makeSchedule: (caseId: string, choice: ScheduleChoice) =>
    `sch:make:${caseId}:${choice.mask}:${choice.cadenceDays}:${choice.startDays}`,
  stopSchedule: (scheduleId: string) => `sch:stop:${scheduleId}`,
  /** A product id from the catalogue: pack_100, sub_1000. */
  buy: (productId: string) => `buy:${productId}`,
  refundPayment: (paymentId: number) => `pay:refund:${paymentId}`,
  confirmDeleteMe: 'me:delete:yes',
  cancelDeleteMe: 'me:delete:no',
  /**
   * The answer to the terms of `version`. A newcomer's carries the invite they opened, so
   * nothing is stored before they accept; it is theirs already (it was in their /start).
   */
  acceptTerms: (version: string, inviteToken?: string) =>
    `terms:yes:${version}${inviteToken ? `:${inviteToken}` : ''}`,
  declineTerms: (version: string, inviteToken?: string) =>
    `terms:no:${version}${inviteToken ? `:${inviteToken}` : ''}`,
} as const;

/** Matches "<prefix>:<action>:<argument>"; ctx.match[1] is the action, [2] the argument. */
export const casesPattern = /^cases:(page|archived):(\d{1,6})$/;
export const worseFirstPattern = /^cases:worse:(\d{1,6})$/;
export const casePattern =
  /^case:(open|activate|rename|archive|archive_yes|restore|tools|delete|delete_yes):(.+)$/;
export const toolPattern = new RegExp(`^tool:(${CASE_BOTS.join('|')}):(.+)$`);
export const historyPattern = /^hist:(list|open):([0-9a-f-]{36})(?::(\d{1,6}))?$/;
export const screeningPattern =
  /^scr:(choose|send|answers|history):([0-9a-f-]{36})(?::(\d{1,6}))?$/;
/** [1] the action, [2] the case (or for stop, the schedule), [3-5] mask, cadence, start. */
export const schedulePattern =
  /^sch:(open|edit|make|stop):([0-9a-f-]{36})(?::(\d{1,6}):(7|14|28):(0|1|7))?$/;
export const invitesPattern = /^inv:(page|revoke):(.+)$/;
export const specialistsPattern = /^usr:(page|open|block|unblock):(.+)$/;
export const buyPattern = /^buy:((?:pack|sub)_\d{1,7})$/;
export const refundPattern = /^pay:refund:(\d{1,15})$/;
/** The sender's own account; it names no one, so it can only ever reach the presser. */
export const deleteMePattern = /^me:delete:(yes|no)$/;
/** [1] yes or no, [2] the terms' version, [3] the invite's token when a newcomer answers. */
export const termsPattern = /^terms:(yes|no):([0-9a-f]{12})(?::([0-9a-f]{16}))?$/;

/** A page number from callback data; anything odd becomes the first page. */
export const pageNumber = (value: string | undefined): number => {
  const page = Number(value);
  return Number.isSafeInteger(page) && page >= 0 ? page : 0;
};

export const PAGE_SIZE = 8;
