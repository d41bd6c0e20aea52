import { type EnvReader, parsers } from '@psycheos/platform';

/**
 * How long each growing table keeps a row. Every period can be set by configuration, but
 * never below what keeps the platform correct: each floor below says what a shorter period
 * would break. docs/OPERATIONS.md lists them for operators, the README's data protection
 * section for the people whose data it is.
 */
export interface RetentionPeriods {
  /** RETENTION_UPDATE_DEDUP_HOURS: an update's dedup row; Telegram retries for 24 hours. */
  updateDedupHours: number;
  /** RETENTION_CHAT_COUNTERS_HOURS: a chat row holding only its flood counter and stranger mark. */
  chatCountersHours: number;
  /** RETENTION_ACCOUNTLESS_CHAT_DAYS: any chat row of someone with no account, after its last update. */
  accountlessChatDays: number;
  /** RETENTION_LAUNCH_TOKEN_DAYS: a tool or screening link after it expired ("expired" beats "unknown"). */
  launchTokenDays: number;
  /** RETENTION_EVENT_DAYS: a published outbox event and a handled inbox row. */
  eventDays: number;
  /** RETENTION_SETTLED_REPLY_HOURS: a failed or expired reply, kept for an operator to read. */
  settledReplyHours: number;
}

export const DEFAULT_RETENTION: RetentionPeriods = {
  updateDedupHours: 48,
  chatCountersHours: 24,
  accountlessChatDays: 30,
  launchTokenDays: 30,
  eventDays: 8,
  settledReplyHours: 48,
};

/** The retention settings, each checked against its floor. */
export function readRetentionPeriods(env: EnvReader): RetentionPeriods {
  return {
    updateDedupHours: env.optional(
      'RETENTION_UPDATE_DEDUP_HOURS',
      parsers.intAtLeast(25, 'Telegram retries an update for 24 hours, and a retry must be known'),
      DEFAULT_RETENTION.updateDedupHours,
    ),
    chatCountersHours: env.optional(
      'RETENTION_CHAT_COUNTERS_HOURS',
      parsers.intAtLeast(1, 'the flood counter counts a minute and must outlive it'),
      DEFAULT_RETENTION.chatCountersHours,
    ),
    accountlessChatDays: env.optional(
      'RETENTION_ACCOUNTLESS_CHAT_DAYS',
      parsers.intAtLeast(1, 'an unfinished registration or consent needs its state for a while'),
      DEFAULT_RETENTION.accountlessChatDays,
    ),
    launchTokenDays: env.optional(
      'RETENTION_LAUNCH_TOKEN_DAYS',
      parsers.nonNegativeInt,
      DEFAULT_RETENTION.launchTokenDays,
    ),
    eventDays: env.optional(
      'RETENTION_EVENT_DAYS',
      parsers.intAtLeast(
        8,
        'JetStream keeps an event 7 days, and one delivered again must find its inbox row',
      ),
      DEFAULT_RETENTION.eventDays,
    ),
    settledReplyHours: env.optional(
      'RETENTION_SETTLED_REPLY_HOURS',
      parsers.positiveInt,
      DEFAULT_RETENTION.settledReplyHours,
    ),
  };
}
