import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { SECRET_HEADER } from '@psycheos/platform';
import {
  freePort,
  killEverything,
  type NpmStart,
  nothingLeftOf,
  type Person,
  runNpmStart,
  textMessage,
} from '@psycheos/testkit';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runOperatorCommand } from './operator-command';

/**
 * `npm start` as a newcomer runs it, from a private folder (mkdtemp makes it 0700, like
 * /root): no DATABASE_URL (embedded PostgreSQL), no NATS_URL (a local nats-server), two bots.
 * Its steps share one data folder and run in order: a start, a bot killed under it, Ctrl-C,
 * and a second start on the same data stopped the way a process manager stops it.
 */
describe('npm start', () => {
  let dataDir: string;
  let telegram: FakeTelegram;
  let gatewayPort: number;
  const runs: NpmStart[] = [];
  const secrets = {
    pro: 'launcher-pro-webhook-secret-0123456789',
    screen: 'launcher-screen-webhook-secret-0123456789',
  };
  const admin = { id: 777_001, first_name: 'Админ' };
  const gateway = () => `http://127.0.0.1:${gatewayPort}`;

  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'psycheos-platform-')), '.data');
    telegram = await startFakeTelegram();
    gatewayPort = await freePort();
  });
  afterAll(async () => {
    for (const run of runs) killEverything(run);
    await telegram.close();
    // Under root the cluster may be kept outside the private folder; it says where.
    const relocated = runs[0]?.lines.join('\n').match(/its data is kept in (\S+)/)?.[1];
    if (relocated) await rm(relocated, { recursive: true, force: true });
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  const start = async () => {
    const run = runNpmStart({
      PSYCHEOS_DATA_DIR: dataDir,
      PSYCHEOS_ENV_FILE: join(dataDir, 'no.env'),
      PORT: String(gatewayPort),
      TG_TOKEN_PRO: '3000003:LAUNCHER-token',
      TG_WEBHOOK_SECRET_PRO: secrets.pro,
      TG_TOKEN_SCREEN: '3000004:LAUNCHER-screen',
      TG_WEBHOOK_SECRET_SCREEN: secrets.screen,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      // The stranger of the crash test writes twice and is answered each time.
      STRANGER_REPLY_INTERVAL_MINUTES: '0',
      ADMIN_IDS: String(admin.id),
    });
    runs.push(run);
    await run.line(/^platform .* ready: /);
    return run;
  };
  const deliver = (bot: 'pro' | 'screen', update: Update) =>
    fetch(`${gateway()}/webhook/${bot}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secrets[bot] },
      body: JSON.stringify(update),
    }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    });
  const send = (person: Person, text: string) => deliver('pro', textMessage(person, text));
  const health = async () =>
    (await (await fetch(`${gateway()}/health`)).json()) as { services: Record<string, string> };
  const pidOf = (run: NpmStart, name: string) =>
    Number(
      run.lines
        .findLast((line) => line.startsWith(`platform`) && line.includes(` ${name} started`))
        ?.match(/\(pid (\d+)\)/)?.[1],
    );

  it('says ready once every enabled bot answers, and serves them through the gateway', async () => {
    const run = await start();
    expect(await health()).toMatchObject({
      status: 'ok',
      services: { pro: 'up', screen: 'up', simulator: 'disabled' },
    });
    expect(run.lines.join('\n')).toContain(
      'interpretator: disabled (TG_TOKEN_INTERPRETATOR and TG_WEBHOOK_SECRET_INTERPRETATOR not set)',
    );
    expect(run.lines.some((line) => line.startsWith('gateway '))).toBe(true);
    // With a token the bots talk to Telegram: no playground runs, and the gateway routes none.
    expect(run.lines.filter((line) => /playground/.test(line))).toEqual([]);
    expect((await fetch(`${gateway()}/playground`)).status).toBe(404);
    // Under root PostgreSQL runs as "postgres", which cannot enter the private folder.
    const relocated = run.lines.some((line) => /^platform .* its data is kept in /.test(line));
    expect(relocated).toBe(process.getuid?.() === 0);
    // The first half of a step, finished after the restart in the last test.
    expect(await send(admin, '/admin')).toBe(200);
    expect(await send(admin, '🔗 Создать приглашение')).toBe(200);
  }, 240_000);

  it('lets an operator’s command beside it reach its stores without being told where they are', async () => {
    // The nats-server's port is new at each start and no URL is in .env: npm run
    // parked-events finds both in <data dir>/running.env, written for the platform's life.
    const command = await runOperatorCommand('parked-events', ['--bot', 'pro'], {
      PSYCHEOS_DATA_DIR: dataDir,
      PSYCHEOS_ENV_FILE: join(dataDir, 'no.env'),
    });
    expect(command.lines).toContain('0 parked event(s)');
    expect(command.code).toBe(0);
  }, 90_000);

  it('starts a killed bot again by itself while the others keep answering', async () => {
    const run = runs[0] as NpmStart;
    const stranger = { id: 777_002, first_name: 'Гость' };
    const first = textMessage(stranger, '/start');
    process.kill(pidOf(run, 'pro'), 'SIGKILL');
    await run.line(/pro exited \(SIGKILL\); starting it again in 1 s/);

    // Down for a second at least: Telegram gets a 5xx for pro and keeps the update...
    expect(await deliver('pro', first)).toBeGreaterThanOrEqual(500);
    // The gateway's /health is kept for a second (it is public), so it shows pro down soon.
    await vi.waitFor(
      async () => expect((await health()).services).toMatchObject({ pro: 'down', screen: 'up' }),
      { timeout: 5_000, interval: 200 },
    );
    // ...while screen answers as before.
    expect(await deliver('screen', textMessage({ id: 777_003 }, '/start'))).toBe(200);

    await vi.waitFor(async () => expect((await health()).services.pro).toBe('up'), {
      timeout: 60_000,
      interval: 200,
    });
    // Telegram delivers the refused update again, here twice: it is handled once.
    expect(await deliver('pro', first)).toBe(200);
    expect(await deliver('pro', first)).toBe(200);
    expect(await send(stranger, '/start')).toBe(200);
    // Replies to one chat go out in order: once the second update's reply is there, a
    // reply to the first update's second delivery would have been too.
    await vi.waitFor(() => expect(telegram.textsSentTo(stranger.id)).toHaveLength(2), {
      timeout: 10_000,
    });
    expect(telegram.textsSentTo(stranger.id)).toHaveLength(2);
  }, 120_000);

  it('stops everything in order on Ctrl-C and exits 0', async () => {
    const run = runs[0] as NpmStart;
    run.pressCtrlC();
    expect(await run.exitCode).toBe(0);
    // Where its stores were is forgotten with them.
    expect(existsSync(join(dataDir, 'running.env'))).toBe(false);
    const at = (pattern: RegExp) => run.lines.findIndex((line) => pattern.test(line));
    const order = [
      // Why it stops comes first: a stop nobody remembers asking for can be traced.
      at(/^platform .* stopping \(SIGINT received\)$/),
      at(/^platform .* stopping: the gateway first/),
      at(/^gateway .*shut down cleanly/),
      at(/^platform .* stopping the bot services/),
      at(/^pro .*shut down cleanly/),
      at(/^platform .* stopping NATS and PostgreSQL/),
      at(/^platform .* stopped$/),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The services drained with their database still there, and nothing was left running.
    expect(run.lines.filter((line) => /FATAL|"level":60/.test(line))).toEqual([]);
    await nothingLeftOf(run);
  }, 60_000);

  it('keeps the data across restarts and stops on SIGTERM to npm, as a process manager does', async () => {
    const run = await start();
    expect(await send(admin, 'Коллега из супервизии')).toBe(200);
    await vi.waitFor(
      () => expect(telegram.textsSentTo(admin.id).join('\n')).toMatch(/🔗 Приглашение создано/),
      { timeout: 10_000 },
    );
    run.terminateNpm();
    expect(await run.exitCode).toBe(0);
    expect(run.lines.at(-1)).toMatch(/^platform .* stopped$/);
    // The embedded database is where it was, so psql reaches it at the address printed, which
    // never shows the password.
    const databaseLine = (of: NpmStart) =>
      of.lines.find((line) => / PostgreSQL ready at /.test(line))?.match(/ready at (\S+)/)?.[1];
    expect(databaseLine(run)).toMatch(
      /^postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/postgres$/,
    );
    expect(databaseLine(run)).toBe(databaseLine(runs[0] as NpmStart));
    const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
    expect(run.lines.join('\n')).not.toContain(password);
    await nothingLeftOf(run);
    await expect(fetch(`${gateway()}/health`)).rejects.toThrow();
  }, 240_000);
});
