import { ConfigError, loadGatewayConfig } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { loadServiceConfig } from '../src/config/service-config';
import { DEFAULT_RETENTION } from '../src/retention/retention-periods';

/** Secrets as an operator makes them (openssl rand -hex 32 gives 64 characters). */
const secret = (name: string) => `${name}-webhook-secret`.padEnd(40, '7');
const PRO_SECRET = secret('pro');

const proEnv = {
  TG_TOKEN_PRO: '123456:ABC-def_ghi',
  TG_WEBHOOK_SECRET_PRO: PRO_SECRET,
  DATABASE_URL: 'postgresql://app@db.example:5432/psycheos',
};

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('service configuration', () => {
  it('prepares statements on a direct connection, and as told behind a pooler', () => {
    expect(loadServiceConfig('pro', proEnv).database.preparedStatements).toBe(true);
    const pooled = { ...proEnv, DATABASE_URL_POOLER: 'postgresql://app@pooler.example:6432/p' };
    expect(loadServiceConfig('pro', pooled).database.preparedStatements).toBe(false);
    expect(
      loadServiceConfig('pro', { ...pooled, DB_PREPARED_STATEMENTS: 'true' }).database
        .preparedStatements,
    ).toBe(true);
  });

  it('reads a complete environment into typed values', () => {
    const config = loadServiceConfig('pro', {
      ...proEnv,
      DATABASE_URL_POOLER: 'postgresql://app@pooler.example:6543/psycheos',
      DB_POOL_SIZE: '3',
      DB_MAX_OVERFLOW: '2',
      ADMIN_IDS: '123456789, 987654321',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      DEBUG: 'true',
      PORT: '9000',
      NATS_STREAM_REPLICAS: '3',
      STRANGER_REPLY_INTERVAL_MINUTES: '30',
    });
    expect(config.natsStreamReplicas).toBe(3);
    expect(config.strangerReplyIntervalMinutes).toBe(30);
    expect(config.adminIds).toEqual(new Set([123456789, 987654321]));
    expect(config.botConfig.get('pro')).toEqual({
      token: '123456:ABC-def_ghi',
      secret: PRO_SECRET,
      previousSecret: undefined,
    });
    expect(config.database).toEqual({
      url: 'postgresql://app@pooler.example:6543/psycheos',
      migrationUrl: 'postgresql://app@db.example:5432/psycheos',
      poolMax: 5,
      // Behind a pooler prepared statements are off unless DB_PREPARED_STATEMENTS says so.
      preparedStatements: false,
    });
    expect(config.telegramApiRoot).toBe('http://127.0.0.1:8081');
    expect(config.debug).toBe(true);
    expect(config.port).toBe(9000);
  });

  it('knows when npm start runs it, and refuses a launcher it does not know', () => {
    expect(loadServiceConfig('pro', proEnv).launcher).toBe('image');
    expect(loadServiceConfig('pro', { ...proEnv, PSYCHEOS_LAUNCHER: 'npm-start' }).launcher).toBe(
      'npm-start',
    );
    expect(
      problemsOf(() => loadServiceConfig('pro', { ...proEnv, PSYCHEOS_LAUNCHER: 'k8s' })),
    ).toContain('PSYCHEOS_LAUNCHER');
  });

  it('falls back to the spec defaults', () => {
    const config = loadServiceConfig('pro', proEnv);
    expect(config.database.url).toBe(proEnv.DATABASE_URL);
    expect(config.database.poolMax).toBe(10);
    expect(config.telegramApiRoot).toBe('https://api.telegram.org');
    expect(config.adminIds.size).toBe(0);
    expect(config.debug).toBe(false);
    expect(config.sentryDsn).toBeUndefined();
    expect(config.natsStreamReplicas).toBe(1);
    expect(config.strangerReplyIntervalMinutes).toBe(10);
  });

  it('sets each retention period, and refuses one below what keeps the platform correct', () => {
    expect(loadServiceConfig('pro', proEnv).retention).toEqual(DEFAULT_RETENTION);
    const longer = loadServiceConfig('pro', {
      ...proEnv,
      RETENTION_UPDATE_DEDUP_HOURS: '72',
      RETENTION_ACCOUNTLESS_CHAT_DAYS: '7',
      RETENTION_SETTLED_REPLY_HOURS: '12',
    });
    expect(longer.retention).toMatchObject({
      updateDedupHours: 72,
      accountlessChatDays: 7,
      settledReplyHours: 12,
    });
    const problems = problemsOf(() =>
      loadServiceConfig('pro', {
        ...proEnv,
        RETENTION_UPDATE_DEDUP_HOURS: '12',
        RETENTION_EVENT_DAYS: '3',
      }),
    );
    expect(problems).toContain(
      'RETENTION_UPDATE_DEDUP_HOURS must be a whole number, 25 or more: Telegram retries an update for 24 hours',
    );
    expect(problems).toContain('RETENTION_EVENT_DAYS must be a whole number, 8 or more');
  });

  it("accepts the original system's SQLAlchemy URLs", () => {
    const config = loadServiceConfig('pro', {
      ...proEnv,
      DATABASE_URL: 'postgresql+asyncpg://app@db.example:5432/psycheos',
    });
    expect(config.database.migrationUrl).toBe('postgresql://app@db.example:5432/psycheos');
  });

  it("demands only the variables of the process's own bot", () => {
    expect(() => loadServiceConfig('pro', proEnv)).not.toThrow();
    expect(problemsOf(() => loadServiceConfig('simulator', proEnv))).toBe(
      'Invalid configuration: TG_TOKEN_SIMULATOR is required; TG_WEBHOOK_SECRET_SIMULATOR is required',
    );
  });

  it('names every malformed variable without showing its value', () => {
    const message = problemsOf(() =>
      loadServiceConfig('pro', {
        ...proEnv,
        TG_TOKEN_PRO: 'not-a-token-value',
        TG_WEBHOOK_SECRET_PRO: 'has spaces and $ymbols',
        DB_POOL_SIZE: 'many',
        ADMIN_IDS: '12,abc',
        DATABASE_URL: 'mysql://oops-value',
      }),
    );
    expect(message.split('; ')).toEqual([
      'Invalid configuration: TG_TOKEN_PRO must be a bot token as BotFather issues it (digits, a colon, then letters)',
      'TG_WEBHOOK_SECRET_PRO must be 32-256 characters of A-Z, a-z, 0-9, _ and - (make one with: openssl rand -hex 32)',
      'DATABASE_URL must be a postgresql:// URL',
      'DB_POOL_SIZE must be a positive integer',
      'ADMIN_IDS must be comma-separated Telegram user ids, e.g. 123456789,987654321',
    ]);
    for (const value of ['not-a-token-value', '$ymbols', 'many', 'abc', 'oops-value']) {
      expect(message).not.toContain(value);
    }
  });

  it('refuses a webhook secret longer than Telegram allows or shorter than 32 characters', () => {
    for (const length of [1, 31, 257]) {
      const message = problemsOf(() =>
        loadServiceConfig('pro', { ...proEnv, TG_WEBHOOK_SECRET_PRO: 'a'.repeat(length) }),
      );
      expect(message).toContain('TG_WEBHOOK_SECRET_PRO must be 32-256 characters');
    }
    for (const length of [32, 256]) {
      const env = { ...proEnv, TG_WEBHOOK_SECRET_PRO: 'a'.repeat(length) };
      expect(loadServiceConfig('pro', env).bot.secret).toHaveLength(length);
    }
  });

  it('accepts the previous secret during a rotation, checked like the current one', () => {
    const rotating = { ...proEnv, TG_WEBHOOK_SECRET_PRO_PREVIOUS: secret('old-pro') };
    expect(loadServiceConfig('pro', rotating).bot.previousSecret).toBe(secret('old-pro'));
    expect(
      problemsOf(() =>
        loadServiceConfig('pro', { ...proEnv, TG_WEBHOOK_SECRET_PRO_PREVIOUS: 'x' }),
      ),
    ).toContain('TG_WEBHOOK_SECRET_PRO_PREVIOUS must be 32-256 characters');
  });

  it('takes LOG_LEVEL, and DEBUG as any of the usual spellings of true', () => {
    expect(loadServiceConfig('pro', proEnv).logLevel).toBe('info');
    expect(loadServiceConfig('pro', { ...proEnv, DEBUG: '1' }).logLevel).toBe('debug');
    expect(loadServiceConfig('pro', { ...proEnv, DEBUG: 'yes' }).debug).toBe(true);
    expect(loadServiceConfig('pro', { ...proEnv, LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
    expect(problemsOf(() => loadServiceConfig('pro', { ...proEnv, LOG_LEVEL: 'loud' }))).toBe(
      'Invalid configuration: LOG_LEVEL must be one of trace, debug, info, warn, error, fatal',
    );
  });

  it('leaves the webhook address to the registration and the Claude key to the AI tools', () => {
    const env = {
      ...proEnv,
      WEBHOOK_BASE_URL: 'not a url',
      ANTHROPIC_API_KEY: 'sk-ant-test',
    };
    expect(loadServiceConfig('pro', env).ai.apiKey).toBeUndefined();
    const simulator = loadServiceConfig('simulator', {
      ...env,
      TG_TOKEN_SIMULATOR: '42:abc',
      TG_WEBHOOK_SECRET_SIMULATOR: secret('simulator'),
    });
    expect(simulator.ai.apiKey).toBe('sk-ant-test');
  });

  it('gives pro the specialist’s terms as written in .env, \\n as line breaks', () => {
    const env = { ...proEnv, SPECIALIST_TERMS_TEXT: ' 1. Первое.\\n2. Второе. ' };
    expect(loadServiceConfig('pro', env).specialistTermsText).toBe('1. Первое.\n2. Второе.');
    expect(loadServiceConfig('pro', proEnv).specialistTermsText).toBeUndefined();
    const tooLong = { ...proEnv, SPECIALIST_TERMS_TEXT: 'я'.repeat(3_501) };
    expect(problemsOf(() => loadServiceConfig('pro', tooLong))).toBe(
      'Invalid configuration: SPECIALIST_TERMS_TEXT must be at most 3500 characters (it is sent in one Telegram message)',
    );
  });

  it('opens the dashboard over https, or over http on this machine only (the playground)', () => {
    const dashboard = (url: string) =>
      loadServiceConfig('pro', { ...proEnv, WEBAPP_URL: url }).dashboardUrl;
    expect(dashboard('https://psycheos.example/app')).toBe('https://psycheos.example/app');
    expect(dashboard('http://localhost:8080/app')).toBe('http://localhost:8080/app');
    expect(dashboard('http://127.0.0.1:8080/app')).toBe('http://127.0.0.1:8080/app');
    expect(problemsOf(() => dashboard('http://psycheos.example/app'))).toContain(
      'WEBAPP_URL must be an https:// URL',
    );
  });

  it('treats an empty value as unset', () => {
    expect(problemsOf(() => loadServiceConfig('pro', { ...proEnv, DATABASE_URL: ' ' }))).toBe(
      'Invalid configuration: DATABASE_URL is required',
    );
  });
});

describe('gateway configuration', () => {
  it('routes the bots that have a service URL and needs their secrets, not their tokens', () => {
    const config = loadGatewayConfig({
      SERVICE_URL_PRO: 'http://127.0.0.1:3001',
      TG_WEBHOOK_SECRET_PRO: secret('pro'),
      SERVICE_URL_SCREEN: 'http://screen.internal:8080/',
      TG_WEBHOOK_SECRET_SCREEN: secret('screen'),
      TG_WEBHOOK_SECRET_SCREEN_PREVIOUS: secret('old-screen'),
    });
    expect([...config.routes]).toEqual([
      ['pro', { serviceUrls: ['http://127.0.0.1:3001'], secret: [secret('pro')] }],
      [
        'screen',
        {
          serviceUrls: ['http://screen.internal:8080'],
          secret: [secret('screen'), secret('old-screen')],
        },
      ],
    ]);
    expect(config.disabledBots).toEqual(['interpretator', 'conceptualizator', 'simulator']);
    expect(config.port).toBe(8080);
  });

  it('routes a bot to each of its replicas when SERVICE_URL_<BOT> lists several', () => {
    const config = loadGatewayConfig({
      SERVICE_URL_PRO: 'http://10.0.0.5:8080/, http://10.0.0.6:8080',
      TG_WEBHOOK_SECRET_PRO: secret('pro'),
    });
    expect(config.routes.get('pro')?.serviceUrls).toEqual([
      'http://10.0.0.5:8080',
      'http://10.0.0.6:8080',
    ]);
  });

  it.each([
    ['http://10.0.0.5:8080,', 'must be an http(s) URL, or several separated by commas'],
    [
      'http://10.0.0.5:8080,10.0.0.6:8080',
      'must be an http(s) URL, or several separated by commas',
    ],
    ['http://10.0.0.5:8080,http://10.0.0.5:8080/', 'names the same address twice'],
  ])('refuses SERVICE_URL_PRO=%s in one line naming the variable', (value, problem) => {
    const message = problemsOf(() =>
      loadGatewayConfig({ SERVICE_URL_PRO: value, TG_WEBHOOK_SECRET_PRO: secret('pro') }),
    );
    expect(message).toContain(`SERVICE_URL_PRO ${problem}`);
  });

  it('refuses a routed bot without its secret', () => {
    expect(problemsOf(() => loadGatewayConfig({ SERVICE_URL_PRO: 'http://127.0.0.1:3001' }))).toBe(
      'Invalid configuration: TG_WEBHOOK_SECRET_PRO is required',
    );
  });

  it('refuses one secret shared by two bots, naming the variables and not the secret', () => {
    const shared = 'a'.repeat(40);
    const message = problemsOf(() =>
      loadGatewayConfig({
        SERVICE_URL_PRO: 'http://127.0.0.1:3001',
        TG_WEBHOOK_SECRET_PRO: shared,
        SERVICE_URL_SCREEN: 'http://127.0.0.1:3002',
        TG_WEBHOOK_SECRET_SCREEN: secret('screen'),
        TG_WEBHOOK_SECRET_SCREEN_PREVIOUS: shared,
      }),
    );
    expect(message).toBe(
      'Invalid configuration: TG_WEBHOOK_SECRET_PRO and TG_WEBHOOK_SECRET_SCREEN_PREVIOUS are the same: give each bot a secret of its own',
    );
    expect(message).not.toContain(shared);
  });

  it('refuses the five one-character secrets of issue 14', () => {
    const env: Record<string, string> = {};
    for (const suffix of ['PRO', 'SCREEN', 'INTERPRETATOR', 'CONCEPTUALIZATOR', 'SIMULATOR']) {
      env[`SERVICE_URL_${suffix}`] = 'http://127.0.0.1:3001';
      env[`TG_WEBHOOK_SECRET_${suffix}`] = 'x';
    }
    const problems = problemsOf(() => loadGatewayConfig(env)).split('; ');
    expect(
      problems.filter((problem) => problem.includes('must be 32-256 characters')),
    ).toHaveLength(5);
  });
});
