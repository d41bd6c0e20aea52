import { type AddressInfo, createServer, type Socket } from 'node:net';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';
import { TelegramClient } from '../src/telegram/telegram-client';

const echoBot = () => {
  const bot = new Composer<PipelineContext>();
  bot.on('message', (ctx) => ctx.reply('echo'));
  return bot;
};
const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, echoBot());

interface ServiceHealth {
  status: string;
  telegram: string;
  problems: string[];
}

describe("a bot service's health and its link to Telegram", () => {
  let harness: ServiceHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const start = async (env?: Record<string, string>) => {
    harness = await startServiceHarness({ botId: 'pro', buildApp, env, telegramCheckMs: 100 });
    return harness;
  };
  const healthOf = async (h: ServiceHarness) =>
    (await h.app.inject({ method: 'GET', url: '/health' })).json() as ServiceHealth;
  const healthBecomes = (h: ServiceHarness, telegram: string) =>
    vi.waitFor(
      async () => {
        const health = await healthOf(h);
        expect(health.telegram).toBe(telegram);
        return health;
      },
      { timeout: 10_000, interval: 100 },
    );

  it('is degraded with the reason when Telegram refuses the token, and says so in one log line', async () => {
    const h = await start();
    await healthBecomes(h, 'ok');
    h.telegram.respond('getMe', () => ({
      ok: false,
      error_code: 401,
      description: 'Unauthorized',
    }));

    const health = await healthBecomes(h, 'token_refused');
    expect(health.status).toBe('degraded');
    // Only the Telegram problem is this story's: on loaded cores the database's probe can
    // miss its deadline beside it, which health reports as a problem of its own.
    expect(health.problems).toContain('Telegram refuses the bot token (401: Unauthorized)');
    // Several checks later it has still said it only once, and never with a stack trace.
    const checks = h.telegram.callsTo('getMe').length;
    await h.telegram.waitForCalls('getMe', checks + 3);
    const refusals = h.logLines.filter((line) => line.includes('Telegram refuses TG_TOKEN_PRO'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain('the token was revoked or is wrong');
    expect(h.logLines.filter((line) => line.includes('"stack"'))).toEqual([]);
    expect(h.logLines.join('\n')).not.toContain(h.token);
  });

  it('answers every update 503 while its token is refused, and serves once Telegram takes it again', async () => {
    // A Bot API of the test's own that refuses the token from the first call on.
    const refusing = await startFakeTelegram();
    refusing.respond('getMe', () => ({ ok: false, error_code: 401, description: 'Unauthorized' }));
    try {
      const h = await start({ TELEGRAM_API_ROOT: refusing.apiRoot });
      await healthBecomes(h, 'token_refused');
      const refused = await h.deliver(textMessage({ id: 501 }, 'hello'), { waitForReplies: false });
      expect(refused.status).toBe(503);

      refusing.reset();
      await healthBecomes(h, 'ok');
      expect(h.logLines.filter((line) => line.includes('Telegram answers again'))).toHaveLength(1);
      // Telegram delivers the refused update again: now it is handled.
      const served = await h.deliver(textMessage({ id: 501 }, 'hello'));
      expect(served.status).toBe(200);
      expect(refusing.textsSentTo(501)).toEqual(['echo']);
    } finally {
      await harness?.close();
      harness = undefined;
      await refusing.close();
    }
  });

  it('is degraded, naming the cause, when the Bot API cannot be reached, and answers 503 so Telegram retries', async () => {
    // Nothing listens on port 1.
    const h = await start({ TELEGRAM_API_ROOT: 'http://127.0.0.1:1' });
    const health = await healthBecomes(h, 'unreachable');
    expect(health.status).toBe('degraded');
    expect(health.problems).toEqual(['the Bot API cannot be reached (ECONNREFUSED 127.0.0.1)']);
    const first = await h.deliver(textMessage({ id: 502 }, 'hello'), { waitForReplies: false });
    const second = await h.deliver(textMessage({ id: 502 }, 'again'), { waitForReplies: false });
    expect([first.status, second.status]).toEqual([503, 503]);
    const warnings = h.logLines.filter((line) => line.includes('cannot reach the Bot API'));
    expect(warnings).toHaveLength(1);
    expect(h.logLines.filter((line) => line.includes('"stack"'))).toEqual([]);
  });
});

describe('a Bot API that accepts connections and never answers', () => {
  it('is taken for unreachable once a call times out, not left "ok" for minutes', async () => {
    // Connections are taken and held: what a hung Bot API server or proxy looks like.
    const held: Socket[] = [];
    const server = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new TelegramClient({
      token: '123:hung-api',
      apiRoot: `http://127.0.0.1:${port}`,
      timeoutSeconds: 1,
    });
    try {
      await expect(client.api.getMe()).rejects.toThrow();
      expect(client.status.link.state).toBe('unreachable');
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
