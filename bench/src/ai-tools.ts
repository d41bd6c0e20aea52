import { randomBytes } from 'node:crypto';
import { acceptedTerms, type FakeAnthropic, startFakeAnthropic } from '@psycheos/ai/testing';
import { createDatabase, createLaunchToken } from '@psycheos/db';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import {
  buttonPress,
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  textMessage,
} from '@psycheos/testkit';
import { Pool } from 'undici';
import { measureCpu } from './cpu';
import { type PgWaitSample, samplePgWaits } from './pg-waits';
import { sampleRss } from './rss';
import { SECRET, startOnFreePort } from './setups';

export interface AiBenchOptions {
  specialists: number;
  /** How long the fake model takes to write one answer, streaming all the while. */
  answerMs: number;
  concurrency: number;
  /** Flags for the service's node (e.g. --cpu-prof while investigating). */
  nodeArgs?: string[];
}

export const AI_FULL: AiBenchOptions = { specialists: 50, answerMs: 5_000, concurrency: 10 };
export const AI_SMOKE: AiBenchOptions = { specialists: 5, answerMs: 500, concurrency: 2 };

export interface AiBenchResult extends AiBenchOptions {
  webhookP50: number;
  webhookP99: number;
  webhookMax: number;
  statuses: Record<number, number>;
  /** Final answers per person: exactly one each is the requirement. */
  answersPerPerson: { exactlyOne: number; none: number; more: number };
  /** The most model requests in flight at once, against the concurrency limit. */
  maxConcurrentRequests: number;
  /** From the model's first token to the first text in that person's preview (ms). */
  firstTextP50: number;
  firstTextP99: number;
  firstTextMax: number;
  /** From the press to the last person's final answer (s). */
  drainSeconds: number;
  peakRssMb: number;
  /** PostgreSQL's active backends during the presses, by what they waited on. */
  pgWaits: { total: number; top: PgWaitSample[] };
  /** From the first press to the last webhook answered: wall time and the CPU each part used (ms). */
  pressWindow: { wallMs: number; cpuMs: Record<string, number> };
}

const TOKEN = '5000005:BENCH-interpretator';
const FIRST_TOKEN_DELAY_MS = 300;
const CHUNKS = 40;

/**
 * The Интерпретатор under a burst: `specialists` specialists press «Интерпретировать» at the
 * same moment; the fake model takes `answerMs` per answer, streaming a structured answer in
 * 40 chunks. Measures what the issue asks: every webhook answered fast, exactly one final
 * answer each, the job concurrency held, the first visible text soon after the model's
 * first token, and the service's memory. The service runs as deployed: its bundle.
 */
export async function runAiBench(options: AiBenchOptions): Promise<AiBenchResult> {
  const databaseName = await createTemplateDatabase();
  const url = databaseUrl(databaseName);
  const db = createDatabase({ url, max: 4 });
  const telegram = await startFakeTelegram();
  const anthropic = await startFakeAnthropic();
  const firstDraftAt = new Map<number, number>();
  const firstTokenAt = new Map<string, number>();
  const service = await startOnFreePort(
    'services/interpretator/dist/main.js',
    {
      DATABASE_URL: url,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TG_TOKEN_INTERPRETATOR: TOKEN,
      TG_WEBHOOK_SECRET_INTERPRETATOR: SECRET,
      TELEGRAM_MAX_PER_SECOND: '1000000',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      ANTHROPIC_BASE_URL: anthropic.url,
      AI_JOB_CONCURRENCY: String(options.concurrency),
    },
    options.nodeArgs,
  );
  const rss = sampleRss({ interpretator: service.process.child.pid ?? 0 });
  const http = new Pool(service.url, { connections: options.specialists });
  const deliver = async (update: unknown) => {
    const sent = performance.now();
    const response = await http.request({
      method: 'POST',
      path: '/webhook/interpretator',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    await response.body.dump();
    return { status: response.statusCode, ms: performance.now() - sent };
  };
  const finalAnswers = () =>
    telegram
      .callsTo('sendMessage')
      .filter((call) => String(call.params.text).includes('Рабочие гипотезы'));
  try {
    const everyone = await seedSpecialists(db, options.specialists * 2);
    for (const person of everyone) {
      await deliver(textMessage(person, `/start ${person.launchToken}`));
      await deliver(textMessage(person, person.material));
    }
    await waitUntil(() => telegram.callsTo('sendMessage').length >= everyone.length * 4, 60_000);
    // A warm-up: the same burst by as many other specialists, with a quick model, all answered
    // first. A service that has run a while has the press's code compiled and its pools'
    // connections open (each new one to PostgreSQL authenticates and prepares its statements);
    // measured cold, the service used about 1.5 times the CPU on the same burst.
    const warmUp = everyone.slice(0, options.specialists);
    const people = everyone.slice(options.specialists);
    telegram.reset();
    anthropic.reset();
    scriptModel(anthropic, { ...options, answerMs: 400 }, new Map());
    await Promise.all(warmUp.map((person) => deliver(buttonPress(person, 'int:go'))));
    await waitUntil(() => finalAnswers().length >= warmUp.length, 60_000 + 400 * warmUp.length);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    telegram.reset();
    telegram.respond('sendMessageDraft', (params) => {
      const chat = Number(params.chat_id);
      if (params.text && !firstDraftAt.has(chat)) firstDraftAt.set(chat, performance.now());
      return undefined;
    });
    anthropic.reset();
    scriptModel(anthropic, options, firstTokenAt);

    // Where PostgreSQL's side of the presses goes: what its busy backends wait on.
    const waits = await samplePgWaits(url, databaseName);
    const cpu = measureCpu({ service: service.process.child.pid ?? 0, bench: process.pid });
    const started = performance.now();
    const presses = await Promise.all(
      people.map((person) => deliver(buttonPress(person, 'int:go'))),
    );
    const pressWallMs = performance.now() - started;
    const pressCpu = cpu.stop();
    const pgWaits = await waits.stop();
    const finals = finalAnswers;
    await waitUntil(
      () => finals().length >= people.length,
      60_000 + options.answerMs * people.length,
    );
    const drainSeconds = (performance.now() - started) / 1000;
    // Any second answer would come right after the first; give it the time to show.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const perPerson = new Map<number, number>();
    for (const call of finals()) {
      const chat = Number(call.params.chat_id);
      perPerson.set(chat, (perPerson.get(chat) ?? 0) + 1);
    }
    const firstText = people
      .map((person) => {
        const token = firstTokenAt.get(person.marker);
        const draft = firstDraftAt.get(person.id);
        return token !== undefined && draft !== undefined ? draft - token : Number.NaN;
      })
      .filter((ms) => !Number.isNaN(ms))
      .sort((a, b) => a - b);
    const latencies = presses.map((p) => p.ms).sort((a, b) => a - b);
    const statuses: Record<number, number> = {};
    for (const press of presses) statuses[press.status] = (statuses[press.status] ?? 0) + 1;
    const counts = people.map((person) => perPerson.get(person.id) ?? 0);
    return {
      ...options,
      webhookP50: quantile(latencies, 0.5),
      webhookP99: quantile(latencies, 0.99),
      webhookMax: latencies.at(-1) ?? Number.NaN,
      statuses,
      answersPerPerson: {
        exactlyOne: counts.filter((n) => n === 1).length,
        none: counts.filter((n) => n === 0).length,
        more: counts.filter((n) => n > 1).length,
      },
      maxConcurrentRequests: anthropic.maxConcurrent,
      firstTextP50: quantile(firstText, 0.5),
      firstTextP99: quantile(firstText, 0.99),
      firstTextMax: firstText.at(-1) ?? Number.NaN,
      drainSeconds,
      peakRssMb: rss.stop().interpretator ?? Number.NaN,
      pgWaits,
      pressWindow: {
        wallMs: pressWallMs,
        cpuMs: Object.fromEntries(
          Object.entries(pressCpu).map(([name, seconds]) => [name, seconds * 1000]),
        ),
      },
    };
  } finally {
    rss.stop();
    await http.close();
    await service.process.stop();
    await anthropic.stop();
    await telegram.close();
    await db.destroy();
    await dropTemplateDatabase(databaseName);
  }
}

interface BenchSpecialist {
  id: number;
  first_name: string;
  launchToken: string;
  /** A word in this person's material and in the model's answer, so drafts map to requests. */
  marker: string;
  material: string;
}

async function seedSpecialists(
  db: ReturnType<typeof createDatabase>,
  count: number,
): Promise<BenchSpecialist[]> {
  const people: BenchSpecialist[] = [];
  // The tools refuse a specialist who has not accepted the terms in force.
  const terms = await acceptedTerms(db);
  for (let i = 0; i < count; i += 1) {
    const id = 70_000_000 + i;
    const user = await db
      .insertInto('users')
      .values({ telegram_id: id, role: 'specialist', username: null, full_name: null, ...terms })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const theCase = await db
      .insertInto('contexts')
      .values({ specialist_user_id: user.user_id, client_ref: `Кейс ${i}` })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    const launchToken = await createLaunchToken(db, {
      botId: 'interpretator',
      specialistUserId: user.user_id,
      contextId: theCase.context_id,
    });
    const marker = `метка${randomBytes(4).toString('hex')}`;
    people.push({
      id,
      first_name: 'Тест',
      launchToken,
      marker,
      material:
        `Клиент говорит: «я всё время жду, что меня уволят». Записи сессии ${marker}. `.repeat(20),
    });
  }
  return people;
}

/** The model: a structured interpretation naming the request's marker, streamed over answerMs. */
function scriptModel(
  anthropic: FakeAnthropic,
  options: AiBenchOptions,
  firstTokenAt: Map<string, number>,
): void {
  anthropic.script((request) => {
    const marker = /метка[0-9a-f]{8}/.exec(JSON.stringify(request.body.messages))?.[0] ?? 'none';
    firstTokenAt.set(marker, performance.now() + FIRST_TOKEN_DELAY_MS);
    const input = {
      summary: `Материал ${marker}: тревога, связанная с работой. `.repeat(6),
      hypotheses: [1, 2, 3].map((n) => ({
        title: `Гипотеза ${n}`,
        explanation: 'Ожидание увольнения без явных признаков угрозы. '.repeat(5),
        evidence: ['я всё время жду, что меня уволят'],
      })),
      alternatives: [{ reading: 'Реалистичная оценка ситуации.', evidence: [] }],
      questions: ['Что изменилось на работе?'],
      risks: [],
    };
    const json = JSON.stringify(input);
    return {
      toolUse: { name: 'record_interpretation', input },
      firstTokenDelayMs: FIRST_TOKEN_DELAY_MS,
      chunkSize: Math.ceil(json.length / CHUNKS),
      chunkDelayMs: Math.max(1, Math.round((options.answerMs - FIRST_TOKEN_DELAY_MS) / CHUNKS)),
    };
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the AI benchmark timed out waiting for answers');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
