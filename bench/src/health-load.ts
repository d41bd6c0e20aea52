// npx tsx bench/src/health-load.ts [-- <checkout>]: pro's webhook latency through the gateway
// while anonymous clients hammer /health, with the outbox backlog a NATS outage leaves (issue
// 14 measured 0.13 s becoming 15.6 s with 100 concurrent /health and 300 000 rows). Another
// checkout's built services (services/{pro,gateway}/dist) can be measured for comparison.
//
// Measured on 2026-11-26 (2 cores, shared; 300 000 pending outbox rows; 60 sequential
// webhooks through the gateway while 100 clients loop on /health):
//   before (d6d05ee): idle p50 0.010 s; /health of the gateway p50 1.98 s, max 4.66 s
//                     (48 /health answers/s); of pro directly p50 0.94 s, max 2.01 s
//   after:            idle p50 0.011 s; /health of the gateway p50 0.061 s, max 0.198 s
//                     (1 700 /health answers/s); of pro directly p50 0.053 s, max 0.119 s
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createDatabase } from '@psycheos/db';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import { SECRET_HEADER } from '@psycheos/platform';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  REPO_ROOT,
  testServerUrl,
  textMessage,
} from '@psycheos/testkit';
import { sql } from 'kysely';
import pg from 'pg';
import { proEnv, SECRET, startOnFreePort } from './setups';

const BACKLOG = 300_000;
const HEALTH_CLIENTS = 100;
const UPDATES = 60;

const checkout = process.argv[2] ?? REPO_ROOT;
if (checkout === REPO_ROOT) {
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'pro', 'gateway'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}
// Another checkout's services migrate an empty database to their own schema at start.
const name = checkout === REPO_ROOT ? await createTemplateDatabase() : await createEmptyDatabase();
const url = databaseUrl(name);
const db = createDatabase({ url, max: 2 });
const telegram = await startFakeTelegram();
const pro = await startOnFreePort(
  join(checkout, 'services/pro/dist/main.js'),
  proEnv({ databaseUrl: url, telegramApiRoot: telegram.apiRoot }),
);
const gateway = await startOnFreePort(join(checkout, 'services/gateway/dist/main.js'), {
  SERVICE_URL_PRO: pro.url,
  TG_WEBHOOK_SECRET_PRO: SECRET,
});

try {
  await sql`
    insert into event_outbox (event_id, subject, payload, idempotency_key)
    select gen_random_uuid(), 'psycheos.case.created', '{}', 'backlog-' || n
    from generate_series(1, ${BACKLOG}) as n
  `.execute(db);
  await sql`analyze event_outbox`.execute(db);

  const webhookLatencies = async (label: string) => {
    const times: number[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const started = performance.now();
      const response = await fetch(`${gateway.url}/webhook/pro`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
        body: JSON.stringify(textMessage({ id: 5_000_000 + i }, '/start')),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      times.push((performance.now() - started) / 1000);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    console.log(
      `${label}: p50 ${at(0.5).toFixed(3)} s, p95 ${at(0.95).toFixed(3)} s, max ${at(1).toFixed(3)} s`,
    );
  };
  /** `clients` loops asking `target` for /health until stopped; counts the answers. */
  const hammer = (target: string, clients: number) => {
    let running = true;
    let answers = 0;
    const loops = Array.from({ length: clients }, async () => {
      while (running) {
        const response = await fetch(`${target}/health`).catch(() => null);
        await response?.arrayBuffer();
        answers++;
      }
    });
    return {
      stop: async () => {
        running = false;
        await Promise.all(loops);
        return answers;
      },
    };
  };

  await webhookLatencies('webhooks, /health idle');
  for (const [label, target] of [
    ['gateway', gateway.url],
    ['pro directly', pro.url],
  ] as const) {
    const load = hammer(target, HEALTH_CLIENTS);
    const started = performance.now();
    await webhookLatencies(`webhooks, ${HEALTH_CLIENTS} clients looping on /health of ${label}`);
    const answers = await load.stop();
    const seconds = (performance.now() - started) / 1000;
    console.log(`  (${answers} /health answers in ${seconds.toFixed(1)} s)`);
  }
} finally {
  await gateway.process.stop();
  await pro.process.stop();
  await telegram.close();
  await db.destroy();
  await dropTemplateDatabase(name);
}

async function createEmptyDatabase(): Promise<string> {
  const database = `psycheos_health_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  return database;
}
