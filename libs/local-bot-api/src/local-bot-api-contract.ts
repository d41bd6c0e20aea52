import type { ChatView, LocalBotIdentity, LocalPerson, PersonActionResult } from './local-chats';

/**
 * The local Bot API: one HTTP server that the bots' services talk to instead of
 * api.telegram.org (TELEGRAM_API_ROOT), with Telegram's rules, and the person's side of the
 * chats for the playground. The whole-platform tests and the services' tests use the same
 * component (startLocalBotApi, or startFakeTelegram for its recording view).
 */
export interface LocalBotApiOptions {
  /** 0 or unset: any free port. */
  port?: number;
  /** Loopback unless told: nothing outside this machine may talk to it. */
  host?: string;
  /** Bots known by token. A token not listed gets a made-up identity (psycheos_test_<id>_bot). */
  bots?: LocalBotIdentity[];
  /**
   * Telegram's flood limits, answered with 429 and retry_after: at most 30 calls a second per
   * bot and a burst of 3 then one a second per chat. Off unless set (the tests that check
   * throttling set it, as the playground does).
   */
  rateLimits?: boolean;
  /** A folder where chats and files are kept, so they survive a restart; unset: memory only. */
  dataDir?: string;
  /** Keep every call in `calls` (tests); the playground turns it off so memory stays flat. */
  recordCalls?: boolean;
  /**
   * Hold edits and deletes to the messages this API keeps, as Telegram does: a message it
   * never saw is "message to edit not found" / "message to delete not found", and an edit
   * that changes nothing is "message is not modified". The playground sets it. Off unless
   * set, because the tests deliver updates with made-up message ids that the bot then
   * edits or deletes: there such a call is answered as done, as the test kit always did.
   */
  strictMessages?: boolean;
}

export interface LocalBotApi {
  /** Give this to TELEGRAM_API_ROOT. */
  apiRoot: string;

  // The person's side, for the playground: each action becomes an update delivered to the
  // webhook the bot registered with setWebhook (url and secret_token), as Telegram does.

  /** The person writes `text` to the bot (a command, a reply keyboard's button, a message). */
  sendText(botUsername: string, person: LocalPerson, text: string): Promise<PersonActionResult>;
  /** The person presses an inline button with callback_data on one of the bot's messages. */
  pressButton(
    botUsername: string,
    person: LocalPerson,
    messageId: number,
    callbackData: string,
  ): Promise<PersonActionResult>;
  /**
   * The person pays an invoice message (sendInvoice) or an invoice link (createInvoiceLink):
   * a pre_checkout_query goes to the bot, and only when it answers ok within 10 s does a
   * successful_payment message follow. A refusal comes back as the bot's error_message.
   */
  payInvoice(
    botUsername: string,
    person: LocalPerson,
    invoice: { messageId: number } | { link: string },
  ): Promise<PersonActionResult>;
  /** The chat between a person and a bot, as the page shows it. */
  chat(botUsername: string, personId: number): ChatView;
  /** Bumped on every change to any chat; waitForChange resolves when it moves past `since`. */
  version(): number;
  waitForChange(since: number, timeoutMs: number): Promise<number>;
  /** A stored file (a photo or document a bot sent), by file_id. */
  file(fileId: string): { bytes: Buffer; fileName?: string; mimeType?: string } | undefined;
  /** The bots that registered a webhook, by username: the playground lists these. */
  knownBots(): LocalBotIdentity[];
  /** Forgets every chat and file (the playground's «Начать заново»). */
  clearChats(): Promise<void>;
  close(): Promise<void>;
}
