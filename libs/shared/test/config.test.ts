import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig, loadServiceConfig } from '../src';

const proEnv = {
  TG_TOKEN_PRO: '123456:ABC-def_ghi',
  TG_WEBHOOK_SECRET_PRO: 'pro_secret-1',
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
      secret: 'pro_secret-1',
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
      'TG_WEBHOOK_SECRET_PRO must be 1-256 characters of A-Z, a-z, 0-9, _ and - (what Telegram accepts)',
      'DATABASE_URL must be a postgresql:// URL',
      'DB_POOL_SIZE must be a positive integer',
      'ADMIN_IDS must be comma-separated Telegram user ids, e.g. 123456789,987654321',
    ]);
    for (const value of ['not-a-token-value', '$ymbols', 'many', 'abc', 'oops-value']) {
      expect(message).not.toContain(value);
    }
  });

  it('refuses a webhook secret longer than Telegram allows', () => {
    const message = problemsOf(() =>
      loadServiceConfig('pro', { ...proEnv, TG_WEBHOOK_SECRET_PRO: 'a'.repeat(257) }),
    );
    expect(message).toContain('TG_WEBHOOK_SECRET_PRO must be 1-256 characters');
    expect(
      loadServiceConfig('pro', { ...proEnv, TG_WEBHOOK_SECRET_PRO: 'a'.repeat(256) }).bot.secret,
    ).toHaveLength(256);
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
      TG_WEBHOOK_SECRET_PRO: 's1',
      SERVICE_URL_SCREEN: 'http://screen.internal:8080/',
      TG_WEBHOOK_SECRET_SCREEN: 's2',
    });
    expect([...config.routes]).toEqual([
      ['pro', { serviceUrl: 'http://127.0.0.1:3001', secret: 's1' }],
      ['screen', { serviceUrl: 'http://screen.internal:8080', secret: 's2' }],
    ]);
    expect(config.disabledBots).toEqual(['interpretator', 'conceptualizator', 'simulator']);
    expect(config.port).toBe(8080);
  });

  it('refuses a routed bot without its secret', () => {
    expect(problemsOf(() => loadGatewayConfig({ SERVICE_URL_PRO: 'http://127.0.0.1:3001' }))).toBe(
      'Invalid configuration: TG_WEBHOOK_SECRET_PRO is required',
    );
  });
});
