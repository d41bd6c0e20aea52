import type { AiJob, Database, ToolSession } from '@psycheos/db';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Kysely, Transaction } from 'kysely';
import type { CaseSession } from '../tool-bot/session-scope';
import type { ModelClient, ModelOutput, ModelRequest } from './model-client';

/** One run of a job; its session is a case's (the default) or the trainer's, by the tool's scope. */
export interface AiJobRun<S extends ToolSession = CaseSession> {
  db: Kysely<Database>;
  job: AiJob;
  session: S;
  /** For a request of the job's own before the streamed one (condensing a long conversation). */
  model: ModelClient;
  /** Adds the tokens of such an extra request to the job's usage. */
  addUsage(output: ModelOutput): void;
}

/** What the person is shown once the answer is complete. */
export interface FinalAnswer {
  markdown: string;
  /** Buttons under the answer's last message. */
  replyMarkup?: InlineKeyboardMarkup;
}

/**
 * One kind of model request of a tool: what to ask, how to preview the answer while it
 * is written, and what to save when it is done. `complete` runs in the transaction that
 * also records the usage, marks the job done and stores the answer's messages in the
 * reply outbox, so all of it happens exactly once.
 */
export interface AiJobSpec<S extends ToolSession = CaseSession> {
  prepare(run: AiJobRun<S>): Promise<ModelRequest>;
  /** The preview's Markdown from the text so far, or the structured answer so far. */
  preview?(partial: { text: string; toolInput?: unknown }): string;
  complete(
    run: AiJobRun<S> & { tx: Transaction<Database> },
    output: ModelOutput,
  ): Promise<FinalAnswer>;
}

export type AiJobSpecs<S extends ToolSession = CaseSession> = Record<string, AiJobSpec<S>>;
