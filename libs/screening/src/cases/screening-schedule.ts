/**
 * The graphile-worker tasks of screening on a schedule. pro queues the offer (its words are
 * screen's), screen queues the rest, and only screen's job runner registers them, so they
 * run there. Every job has a key per schedule and due time: queued twice, it is one job,
 * and of two runners only one takes it.
 *
 * migration 2026_12_07_007 writes `blocked` and its key in SQL (a trigger on reply_outbox);
 * change them together.
 */
export const SCHEDULE_TASK = {
  /** Offers the schedule to a client the case already has, in their chat with screen. */
  offer: 'screening_schedule:offer',
  /** Sends the questionnaire of one due time, or skips it (paused), and queues the next. */
  send: 'screening_schedule:send',
  /** A day after a send the client has not finished: one reminder. */
  remind: 'screening_schedule:remind',
  /** A day after the reminder, still not finished: missed, and one notice to the specialist. */
  miss: 'screening_schedule:miss',
  /** Telegram refused a message to the client (403): the schedule stops, the specialist is told. */
  blocked: 'screening_schedule:blocked',
} as const;

export const scheduleJobKey = {
  offer: (scheduleId: string) => `screening-offer:${scheduleId}`,
  send: (scheduleId: string, occurrence: number) => `screening-send:${scheduleId}:${occurrence}`,
  remind: (scheduleId: string, occurrence: number) =>
    `screening-remind:${scheduleId}:${occurrence}`,
  miss: (scheduleId: string, occurrence: number) => `screening-miss:${scheduleId}:${occurrence}`,
  blocked: (scheduleId: string) => `screening-blocked:${scheduleId}`,
} as const;

/** The payload of every schedule task: ids only, never a Telegram id (jobs outlive nobody's deletion). */
export interface ScheduleJobPayload {
  scheduleId: string;
  /** Which due time (send, remind, miss); absent for offer and blocked. */
  occurrence?: number;
}
