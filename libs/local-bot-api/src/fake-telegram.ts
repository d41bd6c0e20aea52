import { startLocalBotApi } from './local-bot-api';
import type { LocalBotApi, LocalBotApiOptions } from './local-bot-api-contract';
import type { RecordingView } from './recording';

/** The local Bot API as the tests use it: everything it does, and every call it received. */
export interface FakeTelegram extends LocalBotApi, RecordingView {}

/**
 * The local Bot API for a test: every call recorded, and edits or deletes of messages it
 * never saw answered as done (tests deliver updates with made-up message ids). Pass
 * `port` to bring Telegram back where a test took it away.
 */
export function startFakeTelegram(
  options: Omit<LocalBotApiOptions, 'recordCalls'> = {},
): Promise<FakeTelegram> {
  return startLocalBotApi({ ...options, recordCalls: true });
}
