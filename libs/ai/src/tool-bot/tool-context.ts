import type { PipelineContext, ToolSession } from '@psycheos/shared';

/** What a tool's own handlers get: the pipeline's context and the chat's open session. */
export interface ToolFlavor {
  toolSession: ToolSession;
  /**
   * Queues a model request of this session (run-ai-job.ts) in the update's transaction.
   * Without ANTHROPIC_API_KEY it tells the specialist that AI is not configured here and
   * returns null.
   */
  requestAi(kind: string, input: Record<string, unknown>): Promise<string | null>;
}

export type ToolContext = PipelineContext & ToolFlavor;
