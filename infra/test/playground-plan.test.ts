import { loadServiceConfig } from '@psycheos/bot-runtime';
import { BOT_IDS, loadGatewayConfig } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import {
  decidePlayground,
  PLAYGROUND_ADMIN_ID,
  playgroundEnvironment,
} from '../src/platform/playground-plan';
import { checkConfiguration } from '../src/platform/preflight';

const ports = { gateway: 8080, botApi: 40001, playground: 40002 };

describe('when npm start runs the playground', () => {
  it('runs it when no bot has a token, and never with one token or in production', () => {
    expect(decidePlayground({})).toEqual({ isOn: true });
    expect(decidePlayground({ TG_TOKEN_SCREEN: '1:abc' })).toEqual({
      isOn: false,
      reason: 'tokens',
    });
    expect(decidePlayground({ NODE_ENV: 'production' })).toEqual({
      isOn: false,
      reason: 'production',
    });
    expect(decidePlayground({ PSYCHEOS_PLAYGROUND: 'off' })).toEqual({
      isOn: false,
      reason: 'turned-off',
    });
  });
});

describe('the environment the playground gives the bots', () => {
  it('is a configuration every service and the gateway accept as it is', () => {
    const { bots } = playgroundEnvironment({}, ports);
    const env = { ...bots, DATABASE_URL: 'postgresql://u@127.0.0.1:5432/db' };
    expect(() => checkConfiguration(env, BOT_IDS)).not.toThrow();
    const pro = loadServiceConfig('pro', env);
    expect(pro.telegramApiRoot).toBe('http://127.0.0.1:40001');
    expect(pro.adminIds).toEqual(new Set([PLAYGROUND_ADMIN_ID]));
    expect(pro.dashboardUrl).toBe('http://localhost:8080/app');
    expect(loadGatewayConfig(env).playgroundUrl).toBe('http://127.0.0.1:40002');
  });

  it('gives each bot its own token and secret, new at every start', () => {
    const first = playgroundEnvironment({}, ports).bots;
    const second = playgroundEnvironment({}, ports).bots;
    const secrets = BOT_IDS.map((botId) => first[`TG_WEBHOOK_SECRET_${botId.toUpperCase()}`]);
    expect(new Set(secrets).size).toBe(BOT_IDS.length);
    expect(second.TG_TOKEN_PRO).not.toBe(first.TG_TOKEN_PRO);
    // The bot's id (before the colon) stays, so what the database keeps per bot still fits.
    expect(second.TG_TOKEN_PRO?.split(':')[0]).toBe(first.TG_TOKEN_PRO?.split(':')[0]);
  });

  it('keeps the admins and the dashboard address the developer set, and adds its own admin', () => {
    const { bots } = playgroundEnvironment(
      { ADMIN_IDS: '42', WEBAPP_URL: 'https://tunnel.example/app', LOG_LEVEL: 'debug' },
      ports,
    );
    expect(bots.ADMIN_IDS).toBe(`42,${PLAYGROUND_ADMIN_ID}`);
    expect(bots.WEBAPP_URL).toBe('https://tunnel.example/app');
    expect(bots.LOG_LEVEL).toBeUndefined();
  });

  it('tells the playground which bots to serve and whether AI answers', () => {
    const withKey = playgroundEnvironment({ ANTHROPIC_API_KEY: 'sk-ant-x' }, ports).playground;
    expect(withKey.PLAYGROUND_AI_CONFIGURED).toBe('true');
    expect(playgroundEnvironment({}, ports).playground.PLAYGROUND_AI_CONFIGURED).toBe('false');
    const bots = JSON.parse(withKey.PLAYGROUND_BOTS ?? '[]') as { botId: string }[];
    expect(bots.map((bot) => bot.botId)).toEqual([...BOT_IDS]);
    expect(withKey.HOST).toBe('127.0.0.1');
  });
});
