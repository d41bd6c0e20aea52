import { ConfigError } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { loadPlaygroundConfig } from '../src/config';
import { PRO, SCREEN } from './helpers/playground';

const launcherEnv = {
  PORT: '8090',
  PLAYGROUND_BOT_API_PORT: '8091',
  PLAYGROUND_BOTS: JSON.stringify([PRO, SCREEN]),
  PLAYGROUND_GATEWAY_URL: 'http://127.0.0.1:8080',
  PLAYGROUND_DASHBOARD_URL: 'http://localhost:8080/app',
  PLAYGROUND_DATA_DIR: '/tmp/playground-data',
  PLAYGROUND_ADMIN_ID: '700000001',
  PLAYGROUND_AI_CONFIGURED: 'false',
};

/** The one line an operator would see, or undefined when the configuration is fine. */
function problemWith(env: Record<string, string | undefined>): string | undefined {
  try {
    loadPlaygroundConfig(env);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe("the playground's configuration", () => {
  it('reads what the launcher gives, listening on loopback unless told', () => {
    const config = loadPlaygroundConfig(launcherEnv);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8090,
      botApiPort: 8091,
      gatewayUrl: 'http://127.0.0.1:8080',
      dashboardUrl: 'http://localhost:8080/app',
      dataDir: '/tmp/playground-data',
      adminId: 700_000_001,
      isAiConfigured: false,
    });
    expect(config.bots.map((bot) => bot.botId)).toEqual(['pro', 'screen']);
  });

  it('refuses to run in production, in one line', () => {
    const problem = problemWith({ ...launcherEnv, NODE_ENV: 'production' });
    expect(problem).toMatch(/never runs in production/);
    expect(problem).not.toContain('\n');
  });

  it('refuses an address other machines can reach', () => {
    expect(problemWith({ ...launcherEnv, HOST: '0.0.0.0' })).toMatch(/HOST must be a loopback/);
    expect(problemWith({ ...launcherEnv, HOST: '::1' })).toBeUndefined();
  });

  it('names each missing or malformed variable, never its value', () => {
    const problem = problemWith({
      ...launcherEnv,
      PLAYGROUND_BOT_API_PORT: undefined,
      PLAYGROUND_ADMIN_ID: 'admin',
      PLAYGROUND_AI_CONFIGURED: 'maybe',
    });
    expect(problem).toMatch(/PLAYGROUND_BOT_API_PORT is required/);
    expect(problem).toMatch(/PLAYGROUND_ADMIN_ID must be a Telegram user id/);
    expect(problem).toMatch(/PLAYGROUND_AI_CONFIGURED must be true or false/);
    expect(problem).not.toContain('maybe');
  });

  it('says which bot of PLAYGROUND_BOTS is wrong, and keeps its token out of the line', () => {
    const broken = { ...SCREEN, token: 'not-a-token-secret-part' };
    const problem = problemWith({ ...launcherEnv, PLAYGROUND_BOTS: JSON.stringify([PRO, broken]) });
    expect(problem).toMatch(/PLAYGROUND_BOTS item 1: token must look like a bot token/);
    expect(problem).not.toContain('secret-part');
    expect(problemWith({ ...launcherEnv, PLAYGROUND_BOTS: '[' })).toMatch(
      /PLAYGROUND_BOTS must be a JSON array/,
    );
    expect(
      problemWith({ ...launcherEnv, PLAYGROUND_BOTS: JSON.stringify([PRO, { ...PRO }]) }),
    ).toMatch(/two bots with the same botId/);
  });
});
