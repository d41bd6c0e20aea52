import { enqueueReplies, REPLY_PRIORITY } from '@psycheos/bot-runtime';
import type { AiJob, Database } from '@psycheos/db';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Kysely } from 'kysely';
import { escapeHtml } from '../telegram-format';
import { settleAiJob } from './ai-jobs';
import { answerCalls } from './answer-calls';
import { retryButton, runtimeTexts } from './runtime-texts';

/**
 * Ends a job without an answer, with what the person is told, in one transaction: a
 * request withdrawn before the model, a kind this release does not know, or a job whose
 * last attempt failed. Nothing is charged and no usage recorded (the tokens of a run
 * whose transaction failed were never recorded either). A job another run settled first
 * is left as it is, and nothing more is said.
 */
export async function withdrawJob(
  db: Kysely<Database>,
  job: AiJob,
  failure: string,
  notice: { text: string; replyMarkup?: InlineKeyboardMarkup },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (!(await settleAiJob(tx, job.job_id, { status: 'failed', failure }))) return;
    await enqueueReplies(tx, {
      botId: job.bot_id,
      chatId: job.chat_id,
      priority: REPLY_PRIORITY.known,
      calls: answerCalls(
        job.chat_id,
        job.placeholder_message_id,
        [escapeHtml(notice.text)],
        notice.replyMarkup,
      ),
    });
  });
}

/**
 * What a job we could not process says: a kind this release does not know, or a last
 * attempt that failed. Pressing «Повторить» queues the same request again (retryAiJob).
 */
export function notProcessedNotice(jobId: string): {
  text: string;
  replyMarkup: InlineKeyboardMarkup;
} {
  return { text: runtimeTexts.notProcessed, replyMarkup: retryButton(jobId) };
}
