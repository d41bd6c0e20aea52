import { acceptedTerms } from '@psycheos/ai/testing';
import { loadServiceConfig, telegramClientFor } from '@psycheos/bot-runtime';
import { createDatabase, createLaunchToken } from '@psycheos/db';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import { createLogger, SECRET_HEADER, silentErrorReporter } from '@psycheos/platform';
import {
  buttonPress,
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  textMessage,
} from '@psycheos/testkit';
import { buildApp as buildInterpretator } from '../../services/interpretator/src/app';
import { buildApp as buildSimulator } from '../../services/simulator/src/app';
import { type InterpretationOutcome, scoreInterpretation, type VignetteScore } from './score';
import type { Vignette } from './vignettes';

export interface EvaluationOptions {
  vignettes: Vignette[];
  anthropic: { apiKey: string; baseUrl?: string; model?: string };
  /** One answer at most this long (a real model can take a minute). */
  answerTimeoutMs?: number;
}

const SECRET = 'eval-secret-of-the-evaluated-tool-0123456789';

/**
 * Runs each vignette through the Интерпретатор as a specialist would (open the tool for a
 * case, send the material, press «Интерпретировать») and scores what it saved. The service
 * is the real one, in-process, with a fake Bot API; the model is whatever the options name:
 * Claude with a real key (npm run eval), or the fake Anthropic API in the tests.
 */
export async function runEvaluation(options: EvaluationOptions): Promise<VignetteScore[]> {
  const tool = await startEvaluatedTool('interpretator', options.anthropic);
  const scores: VignetteScore[] = [];
  try {
    for (const vignette of options.vignettes) {
      const { specialist, userId } = await tool.openSession(vignette.id);
      await tool.deliver(textMessage(specialist, vignette.material));
      await tool.deliver(buttonPress(specialist, 'int:go'));
      const result = await waitForResult(tool.db, userId, options.answerTimeoutMs ?? 180_000);
      scores.push(scoreInterpretation(vignette, outcomeOf(result)));
    }
    return scores;
  } finally {
    await tool.close();
  }
}

/** What the supervisor gave a scripted simulator session: the CTRS and its quotes. */
export interface SimulationScore {
  persona: string;
  total: number;
  scoredItems: number;
  maxTotal: number;
  quotes: number;
  quotesFound: number;
}

/**
 * A scripted CBT session through the Симулятор: the persona, the therapist's lines as
 * written, then «Завершить»; the supervisor's CTRS total and how many of its quotes occur
 * in the transcript. The script is the same each run, so the total tracks the model.
 */
export async function runSimulatorEvaluation(options: {
  anthropic: EvaluationOptions['anthropic'];
  personaId: string;
  therapistLines: string[];
  answerTimeoutMs?: number;
}): Promise<SimulationScore> {
  const tool = await startEvaluatedTool('simulator', options.anthropic);
  const timeout = options.answerTimeoutMs ?? 180_000;
  try {
    const { specialist, userId } = await tool.openSession('simulation');
    await tool.deliver(buttonPress(specialist, `sim:p:${options.personaId}`));
    await tool.deliver(buttonPress(specialist, 'sim:start'));
    for (const [index, line] of options.therapistLines.entries()) {
      await tool.deliver(textMessage(specialist, line));
      await waitForDoneJobs(tool.db, specialist.id, index + 1, timeout);
    }
    await tool.deliver(buttonPress(specialist, 'sim:finish'));
    const result = await waitForResult(tool.db, userId, timeout);
    const structured = (result.structured ?? {}) as {
      persona?: string;
      total?: number;
      scored_items?: number;
      max_total?: number;
      items?: { quote?: string | null; quote_found?: boolean }[];
    };
    const quoted = (structured.items ?? []).filter((item) => item.quote);
    return {
      persona: structured.persona ?? options.personaId,
      total: structured.total ?? 0,
      scoredItems: structured.scored_items ?? 0,
      maxTotal: structured.max_total ?? 66,
      quotes: quoted.length,
      quotesFound: quoted.filter((item) => item.quote_found).length,
    };
  } finally {
    await tool.close();
  }
}

const BUILDERS = { interpretator: buildInterpretator, simulator: buildSimulator } as const;

/** A tool's real service, in-process, on a database of its own, with a fake Bot API. */
async function startEvaluatedTool(
  botId: keyof typeof BUILDERS,
  anthropic: EvaluationOptions['anthropic'],
) {
  const databaseName = await createTemplateDatabase();
  const url = databaseUrl(databaseName);
  const db = createDatabase({ url, max: 5 });
  const telegram = await startFakeTelegram();
  const suffix = botId.toUpperCase();
  const config = loadServiceConfig(botId, {
    DATABASE_URL: url,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    [`TG_TOKEN_${suffix}`]: '6000006:EVAL-tool',
    [`TG_WEBHOOK_SECRET_${suffix}`]: SECRET,
    TELEGRAM_MAX_PER_SECOND: '1000',
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ANTHROPIC_API_KEY: anthropic.apiKey,
    ...(anthropic.baseUrl && { ANTHROPIC_BASE_URL: anthropic.baseUrl }),
    ...(anthropic.model && { ANTHROPIC_MODEL: anthropic.model }),
  });
  const logger = createLogger({ service: 'eval', destination: { write: () => true } });
  const app = await BUILDERS[botId](
    {
      config,
      db,
      telegram: telegramClientFor(config),
      logger,
      errors: silentErrorReporter,
      nats: null,
    },
    { jobPollIntervalMs: 100 },
  );
  await app.ready();
  const deliver = (update: unknown) =>
    app.inject({
      method: 'POST',
      url: `/webhook/${botId}`,
      headers: { [SECRET_HEADER]: SECRET, 'content-type': 'application/json' },
      payload: JSON.stringify(update),
    });
  let person = 80_000_000;
  return {
    db,
    deliver,
    /**
     * A specialist with a case (labelled by the vignette's id) and the tool open: for the
     * case, or, the Симулятор being the trainer, for the specialist alone.
     */
    async openSession(label: string) {
      const specialist = { id: ++person, first_name: 'Оценка' };
      // The tools refuse a specialist who has not accepted the terms in force.
      const terms = await acceptedTerms(db);
      const user = await db
        .insertInto('users')
        .values({
          telegram_id: specialist.id,
          role: 'specialist',
          username: null,
          full_name: null,
          ...terms,
        })
        .returning('user_id')
        .executeTakeFirstOrThrow();
      const theCase = await db
        .insertInto('contexts')
        .values({ specialist_user_id: user.user_id, client_ref: label })
        .returning('context_id')
        .executeTakeFirstOrThrow();
      const token = await createLaunchToken(
        db,
        botId === 'simulator'
          ? { botId, specialistUserId: user.user_id }
          : { botId, specialistUserId: user.user_id, contextId: theCase.context_id },
      );
      await deliver(textMessage(specialist, `/start ${token}`));
      return { specialist, userId: user.user_id };
    },
    async close() {
      await app.close();
      await telegram.close();
      await db.destroy();
      await dropTemplateDatabase(databaseName);
    },
  };
}

type Db = ReturnType<typeof createDatabase>;

async function waitForDoneJobs(db: Db, chatId: number, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await db
      .selectFrom('ai_jobs')
      .select(['status', 'failure'])
      .where('chat_id', '=', chatId)
      .execute();
    const failed = jobs.find((job) => job.status === 'failed');
    if (failed) throw new Error(`the model request failed: ${failed.failure}`);
    if (jobs.filter((job) => job.status === 'done').length >= count) return;
    if (Date.now() > deadline) throw new Error('no answer in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first result of the specialist (each run's specialist is its own). */
async function waitForResult(db: Db, specialistUserId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await db
      .selectFrom('ai_results')
      .select(['body', 'structured'])
      .where('specialist_user_id', '=', specialistUserId)
      .executeTakeFirst();
    if (result) return result;
    const failed = await db
      .selectFrom('ai_jobs')
      .innerJoin('tool_sessions', 'tool_sessions.session_id', 'ai_jobs.session_id')
      .select('ai_jobs.failure')
      .where('tool_sessions.specialist_user_id', '=', specialistUserId)
      .where('ai_jobs.status', '=', 'failed')
      .executeTakeFirst();
    if (failed) throw new Error(`the model request failed: ${failed.failure}`);
    if (Date.now() > deadline) throw new Error('no answer in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function outcomeOf(result: {
  body: string;
  structured: Record<string, unknown> | null;
}): InterpretationOutcome {
  const structured = (result.structured ?? {}) as {
    risks?: InterpretationOutcome['risks'];
    hypotheses?: { evidence: { text: string; found: boolean }[] }[];
    alternatives?: { evidence: { text: string; found: boolean }[] }[];
  };
  const risks = structured.risks ?? [];
  return {
    risks,
    quotes: [
      ...risks.flatMap((risk) => risk.evidence),
      ...(structured.hypotheses ?? []).flatMap((h) => h.evidence),
      ...(structured.alternatives ?? []).flatMap((a) => a.evidence),
    ],
    body: result.body,
  };
}
