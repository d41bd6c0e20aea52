import {
  createDatabase,
  createLaunchToken,
  createLogger,
  loadServiceConfig,
  SECRET_HEADER,
  silentErrorReporter,
  telegramClientFor,
} from '@psycheos/shared';
import {
  buttonPress,
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  startFakeTelegram,
  textMessage,
} from '@psycheos/shared/testing';
import { buildApp } from '../../services/interpretator/src/app';
import { type InterpretationOutcome, scoreInterpretation, type VignetteScore } from './score';
import type { Vignette } from './vignettes';

export interface EvaluationOptions {
  vignettes: Vignette[];
  anthropic: { apiKey: string; baseUrl?: string; model?: string };
  /** One answer at most this long (a real model can take a minute). */
  answerTimeoutMs?: number;
}

const TOKEN = '6000006:EVAL-interpretator';
const SECRET = 'eval-secret-of-the-interpretator-0123456789';

/**
 * Runs each vignette through the Интерпретатор as a specialist would (open the tool for a
 * case, send the material, press «Интерпретировать») and scores what it saved. The service
 * is the real one, in-process, with a fake Bot API; the model is whatever the options name:
 * Claude with a real key (npm run eval), or the fake Anthropic API in the tests.
 */
export async function runEvaluation(options: EvaluationOptions): Promise<VignetteScore[]> {
  const databaseName = await createTemplateDatabase();
  const url = databaseUrl(databaseName);
  const db = createDatabase({ url, max: 5 });
  const telegram = await startFakeTelegram();
  const config = loadServiceConfig('interpretator', {
    DATABASE_URL: url,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TG_TOKEN_INTERPRETATOR: TOKEN,
    TG_WEBHOOK_SECRET_INTERPRETATOR: SECRET,
    TELEGRAM_MAX_PER_SECOND: '1000',
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ANTHROPIC_API_KEY: options.anthropic.apiKey,
    ...(options.anthropic.baseUrl && { ANTHROPIC_BASE_URL: options.anthropic.baseUrl }),
    ...(options.anthropic.model && { ANTHROPIC_MODEL: options.anthropic.model }),
  });
  const logger = createLogger({ service: 'eval', destination: { write: () => true } });
  const app = await buildApp(
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
      url: '/webhook/interpretator',
      headers: { [SECRET_HEADER]: SECRET, 'content-type': 'application/json' },
      payload: JSON.stringify(update),
    });
  const scores: VignetteScore[] = [];
  try {
    let person = 80_000_000;
    for (const vignette of options.vignettes) {
      const specialist = { id: ++person, first_name: 'Оценка' };
      const user = await db
        .insertInto('users')
        .values({ telegram_id: specialist.id, role: 'specialist', username: null, full_name: null })
        .returning('user_id')
        .executeTakeFirstOrThrow();
      const theCase = await db
        .insertInto('contexts')
        .values({ specialist_user_id: user.user_id, client_ref: vignette.id })
        .returning('context_id')
        .executeTakeFirstOrThrow();
      const token = await createLaunchToken(db, {
        botId: 'interpretator',
        specialistUserId: user.user_id,
        contextId: theCase.context_id,
      });
      await deliver(textMessage(specialist, `/start ${token}`));
      await deliver(textMessage(specialist, vignette.material));
      await deliver(buttonPress(specialist, 'int:go'));
      const result = await waitForResult(
        db,
        theCase.context_id,
        options.answerTimeoutMs ?? 180_000,
      );
      scores.push(scoreInterpretation(vignette, outcomeOf(result)));
    }
    return scores;
  } finally {
    await app.close();
    await telegram.close();
    await db.destroy();
    await dropTemplateDatabase(databaseName);
  }
}

type Db = ReturnType<typeof createDatabase>;

async function waitForResult(db: Db, contextId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await db
      .selectFrom('ai_results')
      .select(['body', 'structured'])
      .where('context_id', '=', contextId)
      .executeTakeFirst();
    if (result) return result;
    const failed = await db
      .selectFrom('ai_jobs')
      .innerJoin('tool_sessions', 'tool_sessions.session_id', 'ai_jobs.session_id')
      .select('ai_jobs.failure')
      .where('tool_sessions.context_id', '=', contextId)
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
