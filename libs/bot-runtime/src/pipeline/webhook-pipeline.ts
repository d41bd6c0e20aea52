import type { Database } from '@psycheos/db';
import { isConnectionLoss, isTransientDatabaseError } from '@psycheos/db';
import type {
  BackgroundTasks,
  BotId,
  ErrorReporter,
  Logger,
  WebhookOutcome,
} from '@psycheos/platform';
import { secretMatches } from '@psycheos/platform';
import { Context, type Middleware, type MiddlewareFn } from 'grammy';
import type { Update } from 'grammy/types';
import type { Kysely } from 'kysely';
import { enqueueReplies, REPLY_PRIORITY } from '../replies/reply-outbox';
import { DeferredTelegramCalls } from '../telegram/deferred-calls';
import type { TelegramClient } from '../telegram/telegram-client';
import { upsertChatState } from './chat-state';
import { claimUpdate, recordUpdate } from './claim-update';
import type { PipelineContext, PipelineFlavor } from './pipeline-context';
import { isSenderKnownNow } from './sender-standing';

export interface WebhookPipelineDeps {
  botId: BotId;
  /** The secret, or during a rotation the new and the previous secret, the webhook accepts. */
  secret: string | readonly string[];
  db: Kysely<Database>;
  telegram: TelegramClient;
  handlers: Middleware<PipelineContext>;
  logger: Logger;
  errors: ErrorReporter;
  /** The bot's reply sender, told after a commit that stored replies so it looks at once. */
  replies: { poke(): void };
  /** Where query answers and chat actions are sent after commit; shutdown waits for them. */
  background: BackgroundTasks;
  /** People the bot knows without a users row (pro's admins): their replies go first too. */
  knownUserIds?: ReadonlySet<number>;
  /** Updates a chat may send per minute; beyond it they are recorded and not handled. */
  floodLimitPerMinute: number;
  /**
   * Updates the bot must handle whatever the flood limit says (screen: crisis language).
   * Payments are always handled; this adds the bot's own.
   */
  mustBeHandled?: (update: Update) => boolean;
  /** Told every database error answered 503, so /health can say the disk is full. */
  noteDatabaseError?: (error: unknown) => void;
}

export interface WebhookRequest {
  /** The X-Telegram-Bot-Api-Secret-Token header. */
  secretToken: string | string[] | undefined;
  /** The raw body, parsed here so a bad secret is refused before anything is read. */
  rawBody: string;
}

export interface WebhookResponse {
  status: 200 | 400 | 403 | 503;
  body: { ok: boolean; error?: string };
  /** What happened, for metrics; never sent to Telegram. */
  outcome: WebhookOutcome;
}

/** Said once to a chat that sends more than the flood limit in a minute. */
export const FLOOD_NOTE =
  'Слишком много сообщений подряд. Подождите минуту — потом всё снова заработает.';

const answer = (
  outcome: 'handled' | 'duplicate' | 'handler_error' | 'throttled',
): WebhookResponse => ({
  status: 200,
  body: { ok: true },
  outcome,
});
const FORBIDDEN: WebhookResponse = {
  status: 403,
  body: { ok: false, error: 'forbidden' },
  outcome: 'forbidden',
};
const NOT_AN_UPDATE: WebhookResponse = {
  status: 400,
  body: { ok: false, error: 'the body is not a Telegram update' },
  outcome: 'bad_request',
};
/** Telegram delivers the update again later; nothing was committed. */
const RETRY_LATER: WebhookResponse = {
  status: 503,
  body: { ok: false, error: 'temporarily unavailable, retry later' },
  outcome: 'retry_later',
};

/** Marks an error thrown by the bot's own handler, as opposed to the pipeline's database work. */
class HandlerError extends Error {
  constructor(override readonly cause: unknown) {
    super('handler failed');
  }
}

/**
 * The spec's webhook pipeline: verify, parse, dedup, load state, handle, store the
 * replies, commit, answer; then the bot's reply sender sends them.
 *
 * 200 means the update is durably recorded as handled, with its replies (or as failed in
 * the handler, which a retry would not fix). 503 means nothing was committed and Telegram should
 * deliver it again: the database could not be reached, or Telegram's getMe could not.
 */
export function createWebhookPipeline(deps: WebhookPipelineDeps) {
  const { botId, db, telegram, logger } = deps;
  const runHandlers: MiddlewareFn<PipelineContext> =
    typeof deps.handlers === 'function' ? deps.handlers : deps.handlers.middleware();

  return async function processWebhook(request: WebhookRequest): Promise<WebhookResponse> {
    if (!secretMatches(request.secretToken, deps.secret)) {
      // One line per refusal, never the token sent: a rotation half done shows here.
      logger.info(
        { bot_id: botId, has_secret_header: request.secretToken !== undefined },
        'webhook refused (403): the secret token does not match',
      );
      return FORBIDDEN;
    }

    const update = parseUpdate(request.rawBody);
    if (!update) return NOT_AN_UPDATE;

    const calls = new DeferredTelegramCalls();
    let ctx: PipelineContext;
    try {
      ctx = new Context(
        update,
        telegram.createApi(calls.transformer),
        await telegram.botInfo(),
      ) as PipelineContext;
    } catch {
      // The link watch has said once why (a refused token, no route to Telegram) and
      // /health shows it; a line per update would bury that line.
      logger.debug({ bot_id: botId }, 'getMe failed; answering 503 so Telegram retries');
      return RETRY_LATER;
    }

    const chatId = ctx.chat?.id ?? null;
    const userId = ctx.from?.id ?? null;
    if (!isIdOrNull(chatId) || !isIdOrNull(userId)) return NOT_AN_UPDATE;
    const log = logger.child({ bot_id: botId, update_id: update.update_id, chat_id: chatId });

    try {
      const outcome = await db.transaction().execute(async (tx) => {
        const claim = await claimUpdate(tx, botId, update.update_id, chatId, userId);
        if (claim.duplicate) return 'duplicate';
        const isKnown =
          claim.sender !== null || (userId !== null && deps.knownUserIds?.has(userId) === true);
        let isExpected = false;
        // Who the sender is when the update commits decides, not who they were before it.
        const isKnownAtCommit = async () =>
          isKnown ||
          isExpected ||
          (userId !== null && calls.durable.length > 0 && (await isSenderKnownNow(tx, userId)));
        const storeReplies = async () =>
          enqueueReplies(tx, {
            botId,
            // Updates the bots take (messages, button presses) have a chat; 0 is the lane of any that do not.
            chatId: chatId ?? 0,
            priority: (await isKnownAtCommit()) ? REPLY_PRIORITY.known : REPLY_PRIORITY.stranger,
            calls: calls.durable,
          });
        const isOverFloodLimit =
          chatId !== null && (claim.recentUpdates ?? 0) > deps.floodLimitPerMinute;
        if (isOverFloodLimit && !isNeverDropped(update)) {
          // Told once, on the first update over the limit; after that, quiet until the minute
          // ends. A stranger is not told: their answers are rationed already (access/).
          if (isKnown && claim.recentUpdates === deps.floodLimitPerMinute + 1) {
            await ctx.api.sendMessage(chatId, FLOOD_NOTE);
            await storeReplies();
          }
          return 'throttled';
        }
        Object.assign(ctx, {
          botId,
          db: tx,
          chatState: claim.chatState,
          userId,
          sender: claim.sender,
          log,
          answerAsKnown: () => {
            isExpected = true;
          },
          saveChatState: async (change) => {
            if (chatId === null) throw new Error('this update has no chat to keep a state for');
            await upsertChatState(tx, { ...change, botId, chatId, telegramUserId: userId });
          },
        } satisfies PipelineFlavor);
        try {
          await runHandlers(ctx, async () => {});
        } catch (error) {
          throw new HandlerError(error);
        }
        await storeReplies();
        return 'handled';
      });
      if (outcome === 'duplicate') {
        log.info('duplicate update skipped');
        return answer('duplicate');
      }
      if (outcome === 'throttled') log.info('update over the chat flood limit skipped');
      else log.debug({ replies: calls.durable.length }, 'update handled');
      if (calls.durable.length > 0) deps.replies.poke();
      if (calls.hasImmediate) deps.background.run(() => calls.flushImmediate(log));
      return answer(outcome);
    } catch (error) {
      return recoverFrom(error, log, update);
    }
  };

  /**
   * What the flood limit never drops: a payment (the Stars are taken; dropped, they would
   * never be credited, and Telegram's redelivery is a duplicate) and whatever the bot marks
   * (a person in crisis often writes many short messages in a row).
   */
  function isNeverDropped(update: Update): boolean {
    return carriesMoney(update) || deps.mustBeHandled?.(update) === true;
  }

  async function recoverFrom(
    error: unknown,
    log: Logger,
    update: Update,
  ): Promise<WebhookResponse> {
    const updateId = update.update_id;
    const cause = error instanceof HandlerError ? error.cause : error;
    if (
      !(error instanceof HandlerError) ||
      isTransientDatabaseError(cause) ||
      isConnectionLoss(cause)
    ) {
      deps.noteDatabaseError?.(cause);
      log.warn({ err: cause }, 'database unavailable; answering 503 so Telegram retries');
      return RETRY_LATER;
    }
    log.error({ err: cause }, 'handler failed; its writes were rolled back');
    deps.errors.report(cause, { bot_id: botId, update_id: updateId });
    if (carriesMoney(update)) {
      // Money was taken: the payment must not be recorded as handled without its credit.
      // Telegram keeps delivering it (for up to a day) while the fix is deployed.
      log.error('a payment update failed; answering 503 so Telegram delivers it again');
      return RETRY_LATER;
    }
    try {
      await recordUpdate(db, botId, updateId);
      return answer('handler_error');
    } catch (recordError) {
      log.warn({ err: recordError }, 'could not record the failed update; Telegram will retry');
      return RETRY_LATER;
    }
  }
}

/** A successful payment or a refund: an update whose loss would lose or keep someone's money. */
const carriesMoney = (update: Update): boolean =>
  update.message?.successful_payment !== undefined ||
  update.message?.refunded_payment !== undefined;

/** Telegram's chat and user ids are integers (up to 52 bits); anything else is forged. */
const isIdOrNull = (id: unknown) => id === null || Number.isSafeInteger(id);

/** A JSON object with a non-negative integer update_id; anything else is not from Telegram. */
export function parseUpdate(rawBody: string): Update | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { update_id: updateId } = parsed as { update_id?: unknown };
  if (typeof updateId !== 'number' || !Number.isSafeInteger(updateId) || updateId < 0) return null;
  return parsed as Update;
}
