import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { ConfigError } from '@psycheos/platform';
import { freePort } from '@psycheos/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseWebhookArgs } from '../src/webhooks/webhook-args';
import { runWebhookCommand, type WebhookCommand } from '../src/webhooks/webhook-command';

const PRO_SECRET = 'pro-webhook-secret-0123456789abcdef';
const SCREEN_SECRET = 'screen-webhook-secret-0123456789abcdef';
const command = (mode: WebhookCommand['mode'], more: Partial<WebhookCommand> = {}) => ({
  mode,
  bots: [],
  dropPendingUpdates: false,
  ...more,
});

describe('webhook registration (npm run set-webhooks)', () => {
  let telegram: FakeTelegram;
  let lines: string[];
  const print = (line: string) => lines.push(line);
  const env = () => ({
    TELEGRAM_API_ROOT: telegram.apiRoot,
    WEBHOOK_BASE_URL: 'https://bots.example.com/',
    TG_TOKEN_PRO: '111:pro-token',
    TG_WEBHOOK_SECRET_PRO: PRO_SECRET,
    TG_TOKEN_SCREEN: '222:screen-token',
    TG_WEBHOOK_SECRET_SCREEN: SCREEN_SECRET,
  });
  const registration = (token: string, bot: string, secret: string, drop = false) => [
    token,
    {
      url: `https://bots.example.com/webhook/${bot}`,
      secret_token: secret,
      drop_pending_updates: drop,
      allowed_updates: ['message', 'callback_query', 'pre_checkout_query'],
    },
  ];

  beforeAll(async () => {
    telegram = await startFakeTelegram();
  });
  beforeEach(() => {
    telegram.reset();
    lines = [];
  });
  afterAll(() => telegram.close());

  it('registers every bot with a token, keeping the updates Telegram holds, and skips the rest', async () => {
    expect(await runWebhookCommand(command('set'), env(), print)).toBe(0);
    const calls = telegram.callsTo('setWebhook');
    expect(calls.map((call) => [call.token, call.params])).toEqual([
      registration('111:pro-token', 'pro', PRO_SECRET),
      registration('222:screen-token', 'screen', SCREEN_SECRET),
    ]);
    expect(lines).toEqual([
      'pro: webhook set to https://bots.example.com/webhook/pro',
      'screen: webhook set to https://bots.example.com/webhook/screen',
      'interpretator: skipped (TG_TOKEN_INTERPRETATOR not set)',
      'conceptualizator: skipped (TG_TOKEN_CONCEPTUALIZATOR not set)',
      'simulator: skipped (TG_TOKEN_SIMULATOR not set)',
    ]);
  });

  it('registers only the bot named with --bot, and drops pending updates only when asked', async () => {
    const parsed = parseWebhookArgs(['--bot', 'screen', '--drop-pending-updates']);
    expect(parsed).toEqual({ mode: 'set', bots: ['screen'], dropPendingUpdates: true });
    expect(await runWebhookCommand(parsed as WebhookCommand, env(), print)).toBe(0);
    expect(telegram.callsTo('setWebhook').map((call) => [call.token, call.params])).toEqual([
      registration('222:screen-token', 'screen', SCREEN_SECRET, true),
    ]);
    expect(lines).toEqual([
      'screen: webhook set to https://bots.example.com/webhook/screen (pending updates dropped)',
    ]);
  });

  it('refuses unknown bots and options with the usage', () => {
    expect(parseWebhookArgs(['--bot', 'pro,nosuch'])).toEqual({ problem: 'no such bot: nosuch' });
    expect(parseWebhookArgs(['--drop'])).toHaveProperty('problem');
    expect(parseWebhookArgs(['--info', '--delete'])).toHaveProperty('problem');
    expect(parseWebhookArgs(['--info', '--bot=pro'])).toEqual({
      mode: 'info',
      bots: ['pro'],
      dropPendingUpdates: false,
    });
  });

  it('prints getWebhookInfo for each bot, then deletes the webhooks', async () => {
    await runWebhookCommand(command('set'), env(), print);
    lines = [];
    expect(await runWebhookCommand(command('info'), env(), print)).toBe(0);
    expect(lines[0]).toBe(
      'pro: url=https://bots.example.com/webhook/pro pending_update_count=0 allowed_updates=message,callback_query,pre_checkout_query last_error_message=(none)',
    );
    expect(await runWebhookCommand(command('delete'), env(), print)).toBe(0);
    expect(telegram.callsTo('deleteWebhook').map((call) => call.token)).toEqual([
      '111:pro-token',
      '222:screen-token',
    ]);
    lines = [];
    await runWebhookCommand(command('info'), env(), print);
    expect(lines[0]).toBe(
      'pro: url=(none) pending_update_count=0 allowed_updates=(default) last_error_message=(none)',
    );
  });

  it('shows when Telegram last failed to deliver and why', async () => {
    telegram.respond('getWebhookInfo', () => ({
      ok: true,
      result: {
        url: 'https://bots.example.com/webhook/pro',
        has_custom_certificate: false,
        pending_update_count: 12,
        last_error_date: 1_800_000_000,
        last_error_message: 'Wrong response from the webhook: 503 Service Unavailable',
      },
    }));
    await runWebhookCommand(command('info', { bots: ['pro'] }), env(), print);
    expect(lines).toEqual([
      'pro: url=https://bots.example.com/webhook/pro pending_update_count=12 allowed_updates=(default) last_error_message=2027-01-15T08:00:00.000Z Wrong response from the webhook: 503 Service Unavailable',
    ]);
  });

  it('names a refused token as the cause, goes on with the others, and exits 1', async () => {
    telegram.respond('setWebhook', (_params, call) =>
      call.token === '111:pro-token'
        ? { ok: false, error_code: 401, description: 'Unauthorized' }
        : undefined,
    );
    expect(await runWebhookCommand(command('set'), env(), print)).toBe(1);
    expect(lines[0]).toBe(
      'pro: failed: Telegram refuses TG_TOKEN_PRO (401: Unauthorized): check the token in @BotFather',
    );
    expect(lines[1]).toBe('screen: webhook set to https://bots.example.com/webhook/screen');
    expect(lines.join('\n')).not.toContain('pro-token');
  });

  it('names the network failure when the Bot API cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = runWebhookCommand(
      command('info', { bots: ['pro'] }),
      { ...env(), TELEGRAM_API_ROOT: closed },
      print,
    );
    expect(await run).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pro: failed: cannot reach the Bot API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED[^)]*\): nothing listens there: check TELEGRAM_API_ROOT$/,
    );
  });

  it('refuses a plain-http base URL, a token without a secret and a secret two bots share', async () => {
    const { TG_WEBHOOK_SECRET_SCREEN: _omitted, ...withoutSecret } = env();
    const run = runWebhookCommand(
      command('set'),
      { ...withoutSecret, WEBHOOK_BASE_URL: 'http://bots.example.com' },
      print,
    );
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(
      /WEBHOOK_BASE_URL must be an https:\/\/ URL.*TG_WEBHOOK_SECRET_SCREEN is required/,
    );
    const shared = runWebhookCommand(
      command('set'),
      { ...env(), TG_WEBHOOK_SECRET_SCREEN: PRO_SECRET },
      print,
    );
    await expect(shared).rejects.toThrow(
      'TG_WEBHOOK_SECRET_PRO and TG_WEBHOOK_SECRET_SCREEN are the same',
    );
    expect(telegram.calls).toEqual([]);
  });
});
