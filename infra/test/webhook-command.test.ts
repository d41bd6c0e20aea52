import { ConfigError } from '@psycheos/shared';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/shared/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWebhookCommand } from '../src/webhooks/webhook-command';

describe('webhook registration (npm run set-webhooks)', () => {
  let telegram: FakeTelegram;
  let lines: string[];
  const print = (line: string) => lines.push(line);
  const env = () => ({
    TELEGRAM_API_ROOT: telegram.apiRoot,
    WEBHOOK_BASE_URL: 'https://bots.example.com/',
    TG_TOKEN_PRO: '111:pro-token',
    TG_WEBHOOK_SECRET_PRO: 'pro-secret',
    TG_TOKEN_SCREEN: '222:screen-token',
    TG_WEBHOOK_SECRET_SCREEN: 'screen-secret',
  });

  beforeAll(async () => {
    telegram = await startFakeTelegram();
  });
  beforeEach(() => {
    telegram.reset();
    lines = [];
  });
  afterAll(() => telegram.close());

  it('registers every bot with a token at WEBHOOK_BASE_URL/webhook/<bot> and skips the rest', async () => {
    expect(await runWebhookCommand('set', env(), print)).toBe(0);
    const calls = telegram.callsTo('setWebhook');
    expect(calls.map((call) => [call.token, call.params])).toEqual([
      [
        '111:pro-token',
        {
          url: 'https://bots.example.com/webhook/pro',
          secret_token: 'pro-secret',
          drop_pending_updates: true,
          allowed_updates: ['message', 'callback_query'],
        },
      ],
      [
        '222:screen-token',
        {
          url: 'https://bots.example.com/webhook/screen',
          secret_token: 'screen-secret',
          drop_pending_updates: true,
          allowed_updates: ['message', 'callback_query'],
        },
      ],
    ]);
    expect(lines).toEqual([
      'pro: webhook set to https://bots.example.com/webhook/pro',
      'screen: webhook set to https://bots.example.com/webhook/screen',
      'interpretator: skipped (TG_TOKEN_INTERPRETATOR not set)',
      'conceptualizator: skipped (TG_TOKEN_CONCEPTUALIZATOR not set)',
      'simulator: skipped (TG_TOKEN_SIMULATOR not set)',
    ]);
  });

  it('prints getWebhookInfo for each bot, then deletes the webhooks', async () => {
    await runWebhookCommand('set', env(), print);
    lines = [];
    expect(await runWebhookCommand('info', env(), print)).toBe(0);
    expect(lines[0]).toBe(
      'pro: url=https://bots.example.com/webhook/pro pending_update_count=0 last_error_message=(none)',
    );
    expect(await runWebhookCommand('delete', env(), print)).toBe(0);
    expect(telegram.callsTo('deleteWebhook').map((call) => call.token)).toEqual([
      '111:pro-token',
      '222:screen-token',
    ]);
    lines = [];
    await runWebhookCommand('info', env(), print);
    expect(lines[0]).toBe('pro: url=(none) pending_update_count=0 last_error_message=(none)');
  });

  it('reports a bot Telegram refuses, goes on with the others, and exits 1 without the token', async () => {
    telegram.respond('setWebhook', (_params, call) =>
      call.token === '111:pro-token'
        ? { ok: false, error_code: 401, description: 'Unauthorized' }
        : undefined,
    );
    expect(await runWebhookCommand('set', env(), print)).toBe(1);
    expect(lines[0]).toMatch(/^pro: failed: .*401: Unauthorized/);
    expect(lines[1]).toBe('screen: webhook set to https://bots.example.com/webhook/screen');
    expect(lines.join('\n')).not.toContain('pro-token');
  });

  it('refuses a plain-http base URL and a token without a secret, naming the variables', async () => {
    const { TG_WEBHOOK_SECRET_SCREEN: _omitted, ...withoutSecret } = env();
    const run = runWebhookCommand(
      'set',
      { ...withoutSecret, WEBHOOK_BASE_URL: 'http://bots.example.com' },
      print,
    );
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(
      /WEBHOOK_BASE_URL must be an https:\/\/ URL.*TG_WEBHOOK_SECRET_SCREEN is required/,
    );
    expect(telegram.calls).toEqual([]);
  });
});
