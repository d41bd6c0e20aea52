import { type BillingConfig, chargeAiJob } from '@psycheos/billing';
import { enqueueReplies, REPLY_PRIORITY, type TelegramClient } from '@psycheos/bot-runtime';
import { type Database, launchScopeOf, TOOL_SESSION_COLUMNS, type ToolSession } from '@psycheos/db';
import type { JobContext, JobHandler } from '@psycheos/jobs';
import type { BotId, Logger } from '@psycheos/platform';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Kysely, Transaction } from 'kysely';
import { ClaudeError, ClaudeRejectedError, ClaudeUnavailableError } from '../claude';
import { renderTelegramMessages } from '../telegram-format';
import { fitsScope } from '../tool-bot/session-scope';
import { tellOnLastAttempt } from './ai-job-last-attempt';
import { jobIdOf, rememberPlaceholder, settleAiJob, startAiJobRun } from './ai-jobs';
import { answerCalls } from './answer-calls';
import { AnswerStream, draftIdFor } from './answer-stream';
import type { ModelClient, ModelOutput } from './model-client';
import { type WithdrawnReason, whyRequestWithdrawn } from './request-standing';
import { retryButton, runtimeTexts } from './runtime-texts';
import type { AiJobSpecs } from './tool-definition';
import { topUpButton } from './top-up-button';
import { addUsage, NO_USAGE, recordUsage, type TokenUsage } from './usage';
import { notProcessedNotice, withdrawJob } from './withdraw-ai-job';

export interface AiJobRunnerDeps<S extends ToolSession> {
  /** The tool's bot: its scope says whether its sessions have a case. */
  botId: BotId;
  db: Kysely<Database>;
  telegram: TelegramClient;
  model: ModelClient;
  specs: AiJobSpecs<S>;
  /** Prices: an answered job is debited from the specialist's credits as it settles. */
  billing: BillingConfig;
  logger: Logger;
  previewIntervalMs?: number;
}

/**
 * Runs one AI job: checks that the request still stands (request-standing.ts: the
 * specialist active, the case active, the session open, credits left; otherwise the job
 * ends with the reason said in the chat and nothing spent), shows the answer being
 * written, asks Claude, and then, in one
 * transaction, saves what the tool keeps, records the tokens, debits the specialist's
 * credits, marks the job done and puts the final answer in the reply outbox. A failed
 * job's tokens are recorded (they were spent) but not debited: the specialist got no
 * answer. A job that finds itself done (it ran to the end,
 * then its process died before the queue heard) does nothing: one answer, one charge.
 * When Claude stays unavailable through every retry, the person is told so, with a
 * «Повторить» button, and the job ends; a failure of ours (the database) throws, and the
 * queue runs the job again later, and after its last attempt the specialist is told
 * (ai-job-last-attempt.ts).
 */
export function aiJobTask<S extends ToolSession>(deps: AiJobRunnerDeps<S>): JobHandler {
  return tellOnLastAttempt(runAiJob(deps), deps);
}

function runAiJob<S extends ToolSession>(deps: AiJobRunnerDeps<S>) {
  return async (payload: unknown, context: JobContext): Promise<void> => {
    const jobId = jobIdOf(payload);
    if (jobId === null) return;
    const job = await startAiJobRun(deps.db, jobId);
    if (!job) return;
    const log = deps.logger.child({ job_id: jobId, kind: job.kind });
    const spec = deps.specs[job.kind];
    // The session cannot be missing while its job row exists (deleted together, by FK).
    const row = await deps.db
      .selectFrom('tool_sessions')
      .select(TOOL_SESSION_COLUMNS)
      .where('session_id', '=', job.session_id)
      .executeTakeFirstOrThrow();
    // Of the tool's scope, as its link opened it (a case tool's has its case, the trainer's none).
    const session = row as S;
    if (!spec) {
      // Another release's kind (a rolling deploy): the person may retry on a replica that knows it.
      log.warn('an AI job of a kind this release does not know; failed, the specialist may retry');
      await withdrawJob(deps.db, job, 'unknown_kind', notProcessedNotice(jobId));
      return;
    }
    const withdrawn = fitsScope(row, launchScopeOf(deps.botId))
      ? await whyRequestWithdrawn(deps.db, deps.billing, session)
      : 'session_closed';
    if (withdrawn) {
      log.info({ reason: withdrawn }, 'AI request withdrawn before it reached the model');
      await withdrawJob(deps.db, job, withdrawn, await withdrawalNotice(deps.db, withdrawn));
      return;
    }
    let usage: TokenUsage = NO_USAGE(deps.model.model);
    const run = {
      db: deps.db,
      job,
      session,
      model: deps.model,
      addUsage: (output: ModelOutput) => {
        usage = addUsage(usage, output.usage);
      },
    };
    const stream = new AnswerStream({
      api: deps.telegram.api,
      chatId: job.chat_id,
      draftId: draftIdFor(jobId),
      placeholderMessageId: job.placeholder_message_id,
      onPlaceholder: (messageId) => rememberPlaceholder(deps.db, jobId, messageId),
      onPreviewError: (error) => log.warn({ err: error }, 'answer preview failed'),
      intervalMs: deps.previewIntervalMs,
    });
    /**
     * Ends the job once, whichever way it went: in one transaction the job is settled (or
     * found settled by another run, which then adds nothing), `shown` saves what the tool
     * keeps and says what the person sees, the tokens are recorded and the answer queued.
     */
    const settleInOneTransaction = (
      outcome: Parameters<typeof settleAiJob>[2],
      shown: (
        tx: Transaction<Database>,
      ) => Promise<{ parts: readonly string[]; replyMarkup?: InlineKeyboardMarkup }>,
    ) =>
      deps.db.transaction().execute(async (tx) => {
        if (!(await settleAiJob(tx, jobId, outcome))) return;
        const { parts, replyMarkup } = await shown(tx);
        await recordUsage(tx, {
          jobId,
          botId: job.bot_id,
          specialistUserId: session.specialist_user_id,
          contextId: session.context_id,
          usage,
        });
        if (outcome.status === 'done') {
          await chargeAiJob(tx, deps.billing, {
            jobId,
            sessionId: session.session_id,
            specialistUserId: session.specialist_user_id,
            usage,
          });
        }
        await enqueueReplies(tx, {
          botId: job.bot_id,
          chatId: job.chat_id,
          priority: REPLY_PRIORITY.known,
          calls: answerCalls(job.chat_id, stream.placeholderMessageId, parts, replyMarkup),
        });
      });
    let output: ModelOutput;
    try {
      const request = await spec.prepare(run);
      await stream.begin();
      const preview = spec.preview ?? ((partial: { text: string }) => partial.text);
      output = await deps.model.streamMessage({
        ...request,
        signal: context.signal,
        onText: (_delta, text) => stream.update(preview({ text })),
        onToolInput: (toolInput) => stream.update(preview({ text: '', toolInput })),
        onRetry: (attempt, reason) => {
          log.warn({ attempt, reason }, 'Claude request retried');
          stream.restart();
        },
      });
      run.addUsage(output);
    } catch (error) {
      await stream.close();
      if (!(error instanceof ClaudeError)) throw error;
      const rejected = error instanceof ClaudeRejectedError;
      const failure = rejected
        ? `rejected_${error.status ?? 'stream'}`
        : error instanceof ClaudeUnavailableError
          ? error.reason
          : 'not_configured';
      // A refused request is the operator's to fix (a key, a model name): said once, loudly.
      if (rejected)
        log.error({ status: error.status, type: error.type }, 'Claude refused the request');
      else log.warn({ reason: failure }, 'Claude unavailable after every retry');
      run.addUsage({ text: '', stopReason: null, usage: error.usage, attempts: error.attempts });
      await settleInOneTransaction({ status: 'failed', failure }, async () => ({
        parts: [rejected ? runtimeTexts.rejected : runtimeTexts.unavailable],
        replyMarkup: retryButton(jobId),
      }));
      return;
    }
    await stream.close();
    await settleInOneTransaction({ status: 'done' }, async (tx) => {
      const answer = await spec.complete({ ...run, tx }, output);
      return { parts: renderTelegramMessages(answer.markdown), replyMarkup: answer.replyMarkup };
    });
    log.info(
      {
        attempts: output.attempts,
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
      },
      'AI job answered',
    );
  };
}

async function withdrawalNotice(
  db: Kysely<Database>,
  reason: WithdrawnReason,
): Promise<{ text: string; replyMarkup?: InlineKeyboardMarkup }> {
  switch (reason) {
    case 'no_credits':
      return { text: runtimeTexts.noCredits, replyMarkup: await topUpButton(db) };
    case 'specialist_inactive':
      return { text: runtimeTexts.withdrawnBlocked };
    case 'case_archived':
      return { text: runtimeTexts.withdrawnCaseArchived };
    case 'session_closed':
      return { text: runtimeTexts.withdrawnSessionClosed };
  }
}
