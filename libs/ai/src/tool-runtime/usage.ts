import type { Database } from '@psycheos/db';
import type { Transaction } from 'kysely';

export interface TokenUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export const NO_USAGE = (model: string): TokenUsage => ({
  model,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    model: b.model || a.model,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

/**
 * Records a job's tokens once: the job id is unique in ai_usage, so a job that runs again
 * after a crash between its answer and its completion cannot be charged twice.
 */
export async function recordUsage(
  tx: Transaction<Database>,
  entry: {
    jobId: string;
    botId: string;
    specialistUserId: string;
    /** Null for the trainer's practice, which is in no case. */
    contextId: string | null;
    usage: TokenUsage;
  },
): Promise<void> {
  await tx
    .insertInto('ai_usage')
    .values({
      job_id: entry.jobId,
      bot_id: entry.botId,
      specialist_user_id: entry.specialistUserId,
      context_id: entry.contextId,
      model: entry.usage.model,
      input_tokens: entry.usage.inputTokens,
      output_tokens: entry.usage.outputTokens,
      cache_read_tokens: entry.usage.cacheReadTokens,
      cache_write_tokens: entry.usage.cacheWriteTokens,
    })
    .onConflict((oc) => oc.column('job_id').doNothing())
    .execute();
}
