import { randomUUID } from 'node:crypto';
import { type BotId, isBotId, isUuid } from '@psycheos/platform';

/**
 * The cross-bot events. Payloads carry ids only, never a case's name or a client's words:
 * a consumer that needs more reads it from the database, where deletion reaches it.
 */
export interface EventPayloads {
  'psycheos.case.created': CaseRef;
  'psycheos.case.renamed': CaseRef;
  'psycheos.case.archived': CaseRef;
  'psycheos.case.restored': CaseRef;
  'psycheos.tool.launched': CaseRef & { bot_id: BotId };
  'psycheos.tool.session.finished': CaseRef & { bot_id: BotId };
  'psycheos.client.linked': CaseRef;
  /** A client finished a screening; pro reads its scores from screening_scores. */
  'psycheos.screening.completed': CaseRef & { session_id: string };
  /** A client did not consent: nothing about them is kept. */
  'psycheos.screening.declined': CaseRef;
  /** A client ended a screening before its end (/stop). */
  'psycheos.screening.stopped': CaseRef & { session_id: string };
  /**
   * A client deleted their answers and their link to the case (/delete_me in screen);
   * `schedule_stopped` when that stopped their screening schedule in the case.
   */
  'psycheos.client.withdrew': CaseRef & { schedule_stopped?: boolean };
  /** A client accepted a screening schedule: questionnaires will come on their own. */
  'psycheos.screening.schedule.accepted': ScheduleRef;
  /** A client said no to a screening schedule. */
  'psycheos.screening.schedule.declined': ScheduleRef;
  /** A schedule stopped on the client's side: they stopped it, or blocked the bot. */
  'psycheos.screening.schedule.stopped': ScheduleRef & { reason: ClientStopReason };
  /** A scheduled questionnaire still unanswered a day after its reminder: once per due time. */
  'psycheos.screening.missed': ScheduleRef & { occurrence: number };
}

export interface ScheduleRef extends CaseRef {
  schedule_id: string;
}

/** Why a schedule stopped on the client's side: /stop (or its button), or Telegram's 403. */
export type ClientStopReason = 'client' | 'blocked';

export interface CaseRef {
  context_id: string;
  specialist_user_id: string;
}

export type EventSubject = keyof EventPayloads;

/** Bumped when a payload changes shape; consumers refuse versions they do not know. */
export const EVENT_VERSION = 1;

export interface EventEnvelope<S extends EventSubject = EventSubject> {
  event_id: string;
  subject: S;
  version: number;
  occurred_at: string;
  payload: EventPayloads[S];
}

const isCaseRef = (payload: Record<string, unknown>) =>
  isUuid(payload.context_id) && isUuid(payload.specialist_user_id);
const isSessionRef = (payload: Record<string, unknown>) =>
  isCaseRef(payload) && isUuid(payload.session_id);
const isScheduleRef = (payload: Record<string, unknown>) =>
  isCaseRef(payload) && isUuid(payload.schedule_id);
const isToolRef = (payload: Record<string, unknown>) =>
  isCaseRef(payload) && typeof payload.bot_id === 'string' && isBotId(payload.bot_id);

const payloadCheck: Record<EventSubject, (payload: Record<string, unknown>) => boolean> = {
  'psycheos.case.created': isCaseRef,
  'psycheos.case.renamed': isCaseRef,
  'psycheos.case.archived': isCaseRef,
  'psycheos.case.restored': isCaseRef,
  'psycheos.tool.launched': isToolRef,
  'psycheos.tool.session.finished': isToolRef,
  'psycheos.client.linked': isCaseRef,
  'psycheos.screening.completed': isSessionRef,
  'psycheos.screening.declined': isCaseRef,
  'psycheos.screening.stopped': isSessionRef,
  'psycheos.client.withdrew': isCaseRef,
  'psycheos.screening.schedule.accepted': isScheduleRef,
  'psycheos.screening.schedule.declined': isScheduleRef,
  'psycheos.screening.schedule.stopped': (payload) =>
    isScheduleRef(payload) && (payload.reason === 'client' || payload.reason === 'blocked'),
  'psycheos.screening.missed': (payload) =>
    isScheduleRef(payload) &&
    typeof payload.occurrence === 'number' &&
    Number.isSafeInteger(payload.occurrence) &&
    payload.occurrence >= 0,
};

export function newEnvelope<S extends EventSubject>(
  subject: S,
  payload: EventPayloads[S],
): EventEnvelope<S> {
  return {
    event_id: randomUUID(),
    subject,
    version: EVENT_VERSION,
    occurred_at: new Date().toISOString(),
    payload,
  };
}

export type ParsedEvent = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** Checks an event received from the broker; anything off is reported, never thrown. */
export function parseEvent(data: Uint8Array | string): ParsedEvent {
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not an object' };
  const event = value as Omit<Partial<EventEnvelope>, 'payload'> & { payload?: unknown };
  if (!isUuid(event.event_id)) return { ok: false, reason: 'missing or malformed event_id' };
  if (typeof event.subject !== 'string' || !(event.subject in payloadCheck)) {
    return { ok: false, reason: 'unknown subject' };
  }
  if (event.version !== EVENT_VERSION)
    return { ok: false, reason: `unsupported version ${event.version}` };
  const payload = event.payload;
  if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'no payload' };
  if (!payloadCheck[event.subject as EventSubject](payload as Record<string, unknown>)) {
    return { ok: false, reason: `invalid payload for ${event.subject}` };
  }
  return { ok: true, event: value as EventEnvelope };
}
