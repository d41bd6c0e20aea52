import { type BillingConfig, canStartAiRequest } from '@psycheos/billing';
import { answerEverywhere, type PipelineContext, replyToStranger } from '@psycheos/bot-runtime';
import {
  type LaunchRefusal,
  type LaunchScope,
  launchScopeOf,
  redeemLaunchToken,
  type ToolSession,
} from '@psycheos/db';
import { enqueueEvent } from '@psycheos/events';
import { type BotId, makeIdempotencyKey } from '@psycheos/platform';
import { Composer, type Middleware } from 'grammy';
import { hasAcceptedCurrentTerms } from '../terms/current-terms';
import { type RetryOutcome, requestAiJob, retryAiJob } from '../tool-runtime/ai-jobs';
import { RETRY_CALLBACK_PREFIX, runtimeTexts } from '../tool-runtime/runtime-texts';
import { topUpButton } from '../tool-runtime/top-up-button';
import { resultReview } from './result-review';
import { type CaseSession, fitsScope } from './session-scope';
import type { ToolContext } from './tool-context';
import { findOpenSession, finishToolSession, openToolSession } from './tool-sessions';
import { chatInSession, IDLE, sessionKept, toolStates } from './tool-states';

/** What a launch link refusal says, in the bot's language. */
export const launchRefusalText: Record<LaunchRefusal, string> = {
  unknown: 'Ссылка не распознана. Откройте инструмент заново в PsycheOS Pro.',
  wrong_bot: 'Эта ссылка для другого бота PsycheOS. Откройте инструмент заново в PsycheOS Pro.',
  used: 'Эта ссылка уже использована. Откройте инструмент заново в PsycheOS Pro.',
  expired: 'Срок действия ссылки истёк. Откройте инструмент заново в PsycheOS Pro.',
  not_yours: 'Эта ссылка создана для другого специалиста.',
  specialist_inactive: 'Доступ к PsycheOS Pro для этого аккаунта закрыт.',
  case_archived: 'Кейс в архиве. Восстановите его в PsycheOS Pro, чтобы открыть инструмент.',
};

/** Where in pro a tool is opened: a case tool from the case card, the trainer from the main menu. */
const WHERE_IN_PRO: Record<LaunchScope, (title: string) => string> = {
  case: (title) => `откройте карточку кейса, «🧰 Инструменты» → «${title}»`,
  specialist: () => 'главное меню, «🎓 Тренажёр»',
};

export interface ToolBotOptions<S extends ToolSession = CaseSession> {
  botId: BotId;
  title: string;
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
  /** False without ANTHROPIC_API_KEY: the tool then says so instead of queuing requests. */
  aiConfigured: boolean;
  /** Prices and the trial: a request is refused while the specialist's balance is not positive. */
  billing: BillingConfig;
  /** The tool's own handlers, for a chat with an open session. */
  session: Middleware<ToolContext<S>>;
  /** Called when a session opens, in its transaction: the tool's first message (a menu, a question). */
  onOpened(ctx: ToolContext<S>): Promise<void>;
}

/**
 * The part every AI tool bot shares: opened by a single-use link from the pro bot, as a
 * session (tool-sessions.ts) bound in bot_chat_state to the link's case, or, for the
 * trainer (LAUNCH_SCOPE 'specialist'), to no case at all; closed with /finish, which tells
 * pro about a case's session. Only registered specialists are served; who the sender
 * is, whether they are blocked and whether they accepted the terms in force is read again
 * on every update. Inside a session the tool's own handlers run with the session and a way
 * to ask the model (ToolContext).
 */
export function createToolBot<S extends ToolSession = CaseSession>(
  options: ToolBotOptions<S>,
): Composer<PipelineContext> {
  const { botId, title } = options;
  const scope = launchScopeOf(botId);
  const texts = {
    launchFromPro: `${title} открывается из PsycheOS Pro: ${WHERE_IN_PRO[scope](title)}.`,
    opened: (label: string) =>
      `${title} открыт для кейса «${label}».\n\n/finish — завершить сессию.`,
    openedForPractice: `${title} открыт как тренажёр. Тренировки не связаны ни с одним кейсом: клиенты здесь вымышленные, а итоги сохраняются только для вас (/progress).\n\n/finish — завершить сессию.`,
    practiceGone:
      'Сессия закрыта: тренажёр открыт заново по другой ссылке. Откройте его в PsycheOS Pro: главное меню, «🎓 Тренажёр».',
    practiceFinished:
      'Сессия завершена. Итоги тренировок — в /progress при следующем открытии и в PsycheOS Pro, «🎓 Тренажёр».',
    finished: 'Сессия завершена. Уведомление об этом придёт вам в PsycheOS Pro.',
    noSession: 'Сессия не открыта.',
    sessionGone:
      'Сессия закрыта: кейс удалён, в архиве или открыт заново. Откройте инструмент из карточки кейса в PsycheOS Pro.',
    blocked:
      'Ваш доступ к PsycheOS заблокирован администратором, поэтому сессия закрыта. Если это ошибка, свяжитесь с администратором.',
    acceptTermsInPro:
      '📄 Чтобы пользоваться инструментом, примите актуальные условия работы PsycheOS: они изменились или ещё не приняты. Откройте PsycheOS Pro и напишите боту любое сообщение — он покажет условия. Когда примете их, продолжите здесь.',
  };
  // Reviewing a result comes first: a correction being typed is not the tool's input.
  const inSession = new Composer<ToolContext<S>>(resultReview<S>(), options.session);
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
    await toolStates.enter(ctx, chatInSession(session), {
      contextId: launch.contextId,
      role: 'specialist',
    });
    // The case's events are about a case; the trainer's practice is in none.
    if (launch.contextId !== null) {
      await enqueueEvent(
        ctx.db,
        'psycheos.tool.launched',
        {
          context_id: launch.contextId,
          specialist_user_id: launch.specialistUserId,
          bot_id: botId,
        },
        makeIdempotencyKey({ scope: 'psycheos.tool.launched', serviceId: botId, runId: token }),
      );
    }
    await ctx.reply(
      launch.clientRef === null ? texts.openedForPractice : texts.opened(launch.clientRef),
    );
    await ctx.reply(options.aiConfigured ? runtimeTexts.privacyNotice : runtimeTexts.notConfigured);
    await options.onOpened(toolContext<S>(ctx, session as S, options));
  });

  privateChats.command('finish', async (ctx) => {
    const kept = sessionKept(ctx);
    const contextId = ctx.chatState?.context_id;
    // A case tool's chat is bound to its case; the trainer's to none.
    const isBound = scope === 'case' ? Boolean(contextId) : true;
    if (!kept || !isBound) {
      await ctx.reply(texts.noSession);
      return;
    }
    if (kept.sessionId !== undefined) await finishToolSession(ctx.db, kept.sessionId);
    if (scope === 'case' && contextId) {
      await enqueueEvent(
        ctx.db,
        'psycheos.tool.session.finished',
        { context_id: contextId, specialist_user_id: kept.specialistUserId, bot_id: botId },
        makeIdempotencyKey({
          scope: 'psycheos.tool.session.finished',
          serviceId: botId,
          runId: String(ctx.update.update_id),
        }),
      );
    }
    await toolStates.enter(ctx, IDLE, { contextId: null });
    await ctx.reply(scope === 'case' ? texts.finished : texts.practiceFinished);
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
    const sessionId = sessionKept(ctx)?.sessionId;
    if (sessionId === undefined || !ctx.sender) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      else await ctx.reply(texts.launchFromPro);
      return;
    }
    const session = await findOpenSession(ctx.db, sessionId, ctx.sender.user_id);
    if (!session || !fitsScope(session, scope)) {
      await toolStates.enter(ctx, IDLE, { contextId: null });
      await answerEverywhere(ctx, scope === 'case' ? texts.sessionGone : texts.practiceGone);
      return;
    }
    await inSession.middleware()(toolContext<S>(ctx, session as S, options), async () => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    });
  });
  return bot;
}

/**
 * The pipeline's context as a tool's: the same object, with the session and requestAi on
 * it. The session is of the tool's scope (its link made it so; fitsScope checks it again).
 */
function toolContext<S extends ToolSession>(
  ctx: PipelineContext,
  session: S,
  options: ToolBotOptions<S>,
): ToolContext<S> {
  const toolCtx = ctx as ToolContext<S>;
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
 * A specialist who has not accepted the terms in force (material goes to Anthropic in the
 * USA; pro asks for them) is sent to pro for them and nothing reaches the tool, links
 * included; their session stays, so they go on where they were once they accept.
 */
function servesActiveSpecialists(
  texts: { launchFromPro: string; blocked: string; acceptTermsInPro: string },
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
      if (ctx.chatState?.context_id || sessionKept(ctx)) {
        await toolStates.enter(ctx, IDLE, { contextId: null });
      }
      await answerEverywhere(ctx, texts.blocked);
      return;
    }
    if (!(await hasAcceptedCurrentTerms(ctx.db, sender.terms_version))) {
      await answerEverywhere(ctx, texts.acceptTermsInPro);
      return;
    }
    await next();
  };
}
