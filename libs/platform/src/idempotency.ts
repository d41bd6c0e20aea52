import { createHash } from 'node:crypto';

/** Scope of the key a Telegram update's side effects are made idempotent by. */
export const SCOPE_TG_UPDATE = 'tg_update';

export interface IdempotencyKeyParts {
  scope: string;
  serviceId?: string;
  runId?: string;
  contextId?: string;
  actorId?: string;
  step?: string;
  fingerprint?: string;
}

const ORDER = [
  'scope',
  'serviceId',
  'runId',
  'contextId',
  'actorId',
  'step',
  'fingerprint',
] as const;

/** Backslash-escapes "\" and "|", so a part that contains "|" cannot shift the others. */
const escapePart = (part: string) => part.replace(/[\\|]/g, (char) => `\\${char}`);

/**
 * scope|service_id|run_id|context_id|actor_id|step|fingerprint, with missing parts empty.
 * Deterministic and free of timestamps: the same action always yields the same key,
 * and two different sets of parts never do.
 */
export function makeIdempotencyKey(parts: IdempotencyKeyParts): string {
  return ORDER.map((name) => escapePart(parts[name] ?? '')).join('|');
}

/**
 * A person's user id as a key part. An idempotency key outlives the person: it stays in
 * the event outbox for days and travels to JetStream as the message id, where /delete_me
 * cannot reach it, so it must not carry their id. The SHA-256 of the id is the same
 * every time, so the key still deduplicates; a user id is a random uuid, so once the
 * users row is deleted the digest leads back to no one. Not for Telegram ids: ten digits
 * are few enough to try them all.
 */
export function personKeyPart(userId: string): string {
  return createHash('sha256').update(`psycheos.person:${userId}`).digest('hex');
}
