import type { PipelineContext } from '@psycheos/bot-runtime';
import type { ToolSession } from '@psycheos/db';
import type { CaseSession } from './session-scope';

/**
 * What a tool's own handlers get: the pipeline's context and the chat's open session, a
 * case's (the default) or, for the trainer, a PracticeSession with no case.
 */
export interface ToolFlavor<S extends ToolSession = CaseSession> {
  toolSession: S;
  /**
   * Queues a model request of this session (run-ai-job.ts) in the update's transaction.
   * Without ANTHROPIC_API_KEY it tells the specialist that AI is not configured here and
   * returns null.
   */
  requestAi(kind: string, input: Record<string, unknown>): Promise<string | null>;
}

export type ToolContext<S extends ToolSession = CaseSession> = PipelineContext & ToolFlavor<S>;
