import { createHash } from 'node:crypto';
import { isUuid } from '@psycheos/platform';

/**
 * What makes two stream messages one parked event for a consumer: the same event arrives as
 * another message when `--replay` publishes it anew or a producer publishes it twice, and
 * again as the same message when the server redelivers it. Its `event_id` when it has one
 * (the id event_inbox dedups by), whatever else is wrong with it; otherwise a digest of the
 * bytes, which a replay copies unchanged. Never the payload itself: the key is shown to
 * operators and may be logged.
 */
export function parkedEventKey(data: Uint8Array): string {
  const eventId = readEventId(data);
  if (eventId) return eventId;
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function readEventId(data: Uint8Array): string | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(data));
    const eventId = (value as { event_id?: unknown } | null)?.event_id;
    return isUuid(eventId) ? eventId : null;
  } catch {
    return null;
  }
}
