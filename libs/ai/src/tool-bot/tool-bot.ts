import { canStartAiRequest } from '@psycheos/billing';
import {
  answerEverywhere,
  type BillingConfig,
  type BotId,
  enqueueEvent,
  type LaunchRefusal,
  makeIdempotencyKey,
  type PipelineContext,
  redeemLaunchToken,
  replyToStranger,
} from '@psycheos/shared';
import { Composer, type Middleware } from 'grammy';
import { type RetryOutcome, requestAiJob, retryAiJob } from '../tool-runtime/ai-jobs';
import { RETRY_CALLBACK_PREFIX, runtimeTexts } from '../tool-runtime/runtime-texts';
import { topUpButton } from '../tool-runtime/top-up-button';
import { resultReview } from './result-review';
import type { ToolContext } from './tool-context';
import { findOpenSession, finishToolSession, openToolSession } from './tool-sessions';

/** What a launch link refusal says, in the bot's language. */
export const launchRefusalText: Record<LaunchRefusal, string> = {
  unknown: 'Ссылка не распознана. Откройте инструмент заново из карточки кейса в PsycheOS Pro.',
  wrong_bot: 'Эта ссылка для другого бота PsycheOS. Откройте её из карточки кейса заново.',
  used: 'Эта ссылка уже использована. Откройте инструмент заново из карточки кейса в PsycheOS Pro.',
  expired:
    'Срок действия ссылки истёк. Откройте инструмент заново из карточки кейса в PsycheOS Pro.',
  not_yours: 'Эта ссылка создана для другого специалиста.',
  specialist_inactive: 'Доступ к PsycheOS Pro для этого аккаунта закрыт.',
  case_archived: 'Кейс в архиве. Восстановите его в PsycheOS Pro, чтобы открыть инструмент.',
};

const SESSION_STATE = 'tool_session';

export interface ToolBotOptions {
  botId: BotId;
  title: string;
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
  /** False without ANTHROPIC_API_KEY: the tool then says so instead of queuing requests. */
  aiConfigured: boolean;
  /** Prices and the trial: a request is refused while the specialist's balance is not positive. */
  billing: BillingConfig;
  /** The tool's own handlers, for a chat with an open session. */
  session: Middleware<ToolContext>;
  /** Called when a session opens, in its transaction: the tool's first message (a menu, a question). */
  onOpened(ctx: ToolContext): Promise<void>;
}

/**
 * The part every AI tool bot shares: opened for one case by a single-use link from the
 * pro bot, as a session (tool-sessions.ts) bound to that case in bot_chat_state, closed
 * with /finish, which tells pro. Only registered specialists are served; who the sender
 * is, and whether they are blocked, is read again on every update. Inside a session the
 * tool's own handlers run with the session and a way to ask the model (ToolContext).
 */
export function createToolBot(options: ToolBotOptions): Composer<PipelineContext> {
  const { botId, title } = options;
  const texts = {
    launchFromPro: `${title} открывается из PsycheOS Pro: откройте карточку кейса, «🧰 Инструменты» → «${title}».`,
    opened: (label: string) =>
      `${title} открыт для кейса «${label}».\n\n/finish — завершить сессию.`,
    finished: 'Сессия завершена. Специалист получит уведомление в PsycheOS Pro.',
    noSession: 'Сессия не открыта.',
    sessionGone:
      'Сессия закрыта: кейс удалён, в архиве или открыт заново. Откройте инструмент из карточки кейса в PsycheOS Pro.',
    blocked:
      'Ваш доступ к PsycheOS заблокирован администратором, поэтому сессия закрыта. Если это ошибка, свяжитесь с администратором.',
  };
  // Reviewing a result comes first: a correction being typed is not the tool's input.
  const inSession = new Composer<ToolContext>(resultReview(), options.session);
  const bot = new Composer<PipelineContext>();
  bot.use(servesActiveSpecialists(texts, options.strangerReplyIntervalMinutes));
  const privateChats = bot.chatType('private');

  privateChats.command('start', async (ctx) => {
    const token = ctx.match.trim();
    if (!token) {
      await ctx.reply(texts.launchFromPro);
      return;
    }
    const result = await redeemLaunchToken(ctx.db, botId, token, ctx.from.id);
    if (!result.ok) {
      await ctx.reply(launchRefusalText[result.reason]);
      return;
    }
    const { launch } = result;
    const session = await openToolSession(ctx.db, {
      botId,
      contextId: launch.contextId,
      specialistUserId: launch.specialistUserId,
      chatId: ctx.chat.id,
    });
    await ctx.saveChatState({
      state: SESSION_STATE,
      statePayload: { specialistUserId: launch.specialistUserId, sessionId: session.session_id },
      contextId: launch.contextId,
      role: 'specialist',
    });
    await enqueueEvent(
      ctx.db,
      'psycheos.tool.launched',
      { context_id: launch.contextId, specialist_user_id: launch.specialistUserId, bot_id: botId },
      makeIdempotencyKey({ scope: 'psycheos.tool.launched', serviceId: botId, runId: token }),
    );
    await ctx.reply(texts.opened(launch.clientRef));
    await ctx.reply(options.aiConfigured ? runtimeTexts.privacyNotice : runtimeTexts.notConfigured);
    await options.onOpened(toolContext(ctx, session, options));
  });

  privateChats.command('finish', async (ctx) => {
    const state = ctx.chatState;
    const specialistUserId = state?.state_payload.specialistUserId;
    if (
      state?.state !== SESSION_STATE ||
      !state.context_id ||
      typeof specialistUserId !== 'string'
    ) {
      await ctx.reply(texts.noSession);
      return;
    }
    const sessionId = state.state_payload.sessionId;
    if (typeof sessionId === 'string') await finishToolSession(ctx.db, sessionId);
    await enqueueEvent(
      ctx.db,
      'psycheos.tool.session.finished',
      { context_id: state.context_id, specialist_user_id: specialistUserId, bot_id: botId },
      makeIdempotencyKey({
        scope: 'psycheos.tool.session.finished',
        serviceId: botId,
        runId: String(ctx.update.update_id),
      }),
    );
    await ctx.saveChatState({ state: 'idle', statePayload: {}, contextId: null });
    await ctx.reply(texts.finished);
  });

  // «Повторить» under a failed answer: the same request again, if it still may run.
  bot.callbackQuery(new RegExp(`^${RETRY_CALLBACK_PREFIX}([0-9a-f-]{36})$`), async (ctx) => {
    const jobId = ctx.match[1] ?? '';
    if (ctx.sender && !(await canStartAiRequest(ctx.db, options.billing, ctx.sender.user_id))) {
      await ctx.answerCallbackQuery();
      await refuseForCredits(ctx);
      return;
    }
    if (!ctx.chatId) {
      await ctx.answerCallbackQuery();
      return;
    }
    const outcome = await retryAiJob(ctx.db, jobId, ctx.chatId);
    await ctx.answerCallbackQuery(
      outcome.retried ? runtimeTexts.retryQueued : retryRefusalText[outcome.reason],
    );
  });

  bot.use(async (ctx) => {
    const state = ctx.chatState;
    const sessionId = state?.state_payload.sessionId;
    if (state?.state !== SESSION_STATE || typeof sessionId !== 'string' || !ctx.sender) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      else await ctx.reply(texts.launchFromPro);
      return;
    }
    const session = await findOpenSession(ctx.db, sessionId, ctx.sender.user_id);
    if (!session) {
      await ctx.saveChatState({ state: 'idle', statePayload: {}, contextId: null });
      await answerEverywhere(ctx, texts.sessionGone);
      return;
    }
    await inSession.middleware()(toolContext(ctx, session, options), async () => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    });
  });
  return bot;
}

/** The pipeline's context as a tool's: the same object, with the session and requestAi on it. */
function toolContext(
  ctx: PipelineContext,
  session: ToolContext['toolSession'],
  options: ToolBotOptions,
): ToolContext {
  const toolCtx = ctx as ToolContext;
  toolCtx.toolSession = session;
  // A press is answered once: a tool's handler may answer it before asking the model, and
  // a refused request (no key, no credits) answers it too, for handlers that answer after.
  let pressAnswered = false;
  const answerPress = ctx.answerCallbackQuery.bind(ctx);
  toolCtx.answerCallbackQuery = (async (...args: Parameters<typeof answerPress>) => {
    if (pressAnswered) return true;
    pressAnswered = true;
    return answerPress(...args);
  }) as typeof answerPress;
  toolCtx.requestAi = async (kind, input) => {
    if (!options.aiConfigured) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      await ctx.reply(runtimeTexts.notConfigured);
      return null;
    }
    if (!(await canStartAiRequest(ctx.db, options.billing, session.specialist_user_id))) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      await refuseForCredits(ctx);
      return null;
    }
    const request = await requestAiJob(ctx.db, {
      sessionId: session.session_id,
      botId: options.botId,
      chatId: session.chat_id,
      specialistUserId: session.specialist_user_id,
      kind,
      input,
    });
    if (!request.queued) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      await ctx.reply(runtimeTexts.inProgress);
      return null;
    }
    if (ctx.chatId) await ctx.api.sendChatAction(ctx.chatId, 'typing').catch(() => {});
    return request.jobId;
  };
  return toolCtx;
}

/** A request on an empty balance: said in the chat, with «Пополнить». */
async function refuseForCredits(ctx: PipelineContext): Promise<void> {
  await ctx.reply(runtimeTexts.noCredits, { reply_markup: await topUpButton(ctx.db) });
}

const retryRefusalText: Record<Exclude<RetryOutcome, { retried: true }>['reason'], string> = {
  gone: runtimeTexts.retryGone,
  session_closed: runtimeTexts.retrySessionClosed,
  case_archived: runtimeTexts.retryCaseArchived,
  in_progress: runtimeTexts.inProgress,
};

/**
 * The gate before every tool handler, from the sender's users row as this update read it:
 * a stranger (no specialist account) is sent to the pro bot once per period; a blocked
 * specialist's session ends, whatever state the block left it in, and they are told why.
 */
function servesActiveSpecialists(
  texts: { launchFromPro: string; blocked: string },
  strangerReplyIntervalMinutes: number,
): Middleware<PipelineContext> {
  return async (ctx, next) => {
    if (ctx.chat?.type !== 'private') {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      return;
    }
    const sender = ctx.sender;
    if (sender?.role !== 'specialist') {
      await replyToStranger(ctx, texts.launchFromPro, strangerReplyIntervalMinutes);
      return;
    }
    if (sender.status === 'blocked') {
      if (ctx.chatState?.context_id || ctx.chatState?.state === SESSION_STATE) {
        await ctx.saveChatState({ state: 'idle', statePayload: {}, contextId: null });
      }
      await answerEverywhere(ctx, texts.blocked);
      return;
    }
    await next();
  };
}
