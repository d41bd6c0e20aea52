import { buildBotServiceApp, type ServiceDeps } from '@psycheos/bot-runtime';
import type { ToolSession } from '@psycheos/db';
import { type JobRunner, startJobRunner } from '@psycheos/jobs';
import type { BotId } from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import type { Middleware } from 'grammy';
import {
  aiJobTaskName,
  forwardLegacyAiJob,
  LEGACY_AI_JOB_TASK,
} from '../tool-runtime/ai-job-routing';
import { wakeAiWorkersAfterWebhooks } from '../tool-runtime/ai-job-wakeup';
import { createModelClient } from '../tool-runtime/claude-model-client';
import type { ModelClient } from '../tool-runtime/model-client';
import { aiJobTask } from '../tool-runtime/run-ai-job';
import type { AiJobSpecs } from '../tool-runtime/tool-definition';
import type { CaseSession } from './session-scope';
import { createToolBot } from './tool-bot';
import type { ToolContext } from './tool-context';

/**
 * A tool: its bot, its handlers and its model requests. `S` is its sessions' kind, as its
 * bot's LAUNCH_SCOPE says: a case's (CaseSession, the default) or the trainer's
 * (PracticeSession, no case).
 */
export interface ToolServiceDefinition<S extends ToolSession = CaseSession> {
  botId: BotId;
  title: string;
  /** The tool's handlers inside a session. */
  session: Middleware<ToolContext<S>>;
  onOpened(ctx: ToolContext<S>): Promise<void>;
  /** The tool's model requests, by kind. */
  jobs: AiJobSpecs<S>;
}

export interface ToolServiceOptions {
  /** Test timings: how often the preview may change, how fast dead workers are noticed. */
  previewIntervalMs?: number;
  jobPollIntervalMs?: number;
  /** The first retry's delay after Claude's 429/529/5xx (tests shorten it). */
  retryBaseMs?: number;
  /** A model client other than Claude from config (the evaluation harness). */
  model?: ModelClient;
}

/**
 * An AI tool's whole service: the shared bot service (webhook, replies, health) with the
 * tool bot's handlers, and a job runner that answers its model requests, at most
 * AI_JOB_CONCURRENCY at once. Without ANTHROPIC_API_KEY no runner starts and the tool
 * says that AI is not configured; nothing else changes.
 */
export async function buildToolService<S extends ToolSession = CaseSession>(
  deps: ServiceDeps,
  definition: ToolServiceDefinition<S>,
  options: ToolServiceOptions = {},
): Promise<FastifyInstance> {
  const ai = deps.config.ai;
  const model =
    options.model ??
    (ai.apiKey
      ? createModelClient({
          ...ai,
          apiKey: ai.apiKey,
          logger: deps.logger,
          retryBaseMs: options.retryBaseMs,
        })
      : null);
  const app = await buildBotServiceApp(
    deps,
    createToolBot<S>({
      botId: definition.botId,
      title: definition.title,
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
      aiConfigured: model !== null,
      billing: deps.config.billing,
      session: definition.session,
      onOpened: definition.onOpened,
    }),
  );
  if (!model) {
    deps.logger.warn('ANTHROPIC_API_KEY is not set: the tool answers that AI is not configured');
    return app;
  }
  let runner: JobRunner | undefined;
  wakeAiWorkersAfterWebhooks(app, definition.botId, () => runner);
  app.addHook('onReady', async () => {
    runner = await startJobRunner({
      connectionString: deps.config.database.migrationUrl,
      concurrency: ai.jobConcurrency,
      logger: deps.logger,
      applicationName: `psycheos-${definition.botId}-jobs`,
      pollIntervalMs: options.jobPollIntervalMs,
      tasks: {
        [aiJobTaskName(definition.botId)]: aiJobTask<S>({
          botId: definition.botId,
          db: deps.db,
          telegram: deps.telegram,
          model,
          specs: definition.jobs,
          billing: deps.config.billing,
          logger: deps.logger,
          previewIntervalMs: options.previewIntervalMs,
        }),
        [LEGACY_AI_JOB_TASK]: forwardLegacyAiJob({ db: deps.db, logger: deps.logger }),
      },
    });
  });
  // Registered after the bot service's own hook, so it runs first (Fastify runs onClose
  // hooks in reverse): the jobs stop while the reply sender is still there to send.
  app.addHook('onClose', async () => {
    await runner?.stop();
  });
  return app;
}
