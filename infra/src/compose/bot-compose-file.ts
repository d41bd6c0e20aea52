import { type BotId, envSuffix } from '@psycheos/platform';
import { type VariableUse, variablesOf } from '../config/variables-read';

/**
 * Set by the compose files themselves, never taken from .env: the database and NATS are the
 * compose network's own (with the passwords of .env), HOST and PORT the image's, and there is
 * no PgBouncer under compose.
 */
/** Compose's `${NAME:?message}`: the file does not load without NAME in .env. */
const fromDotEnv = (name: string) => `\${${name}:?${name} is not set in .env}`;

const SET_BY_COMPOSE: Record<string, string | null> = {
  DATABASE_URL: `postgresql://psycheos:${fromDotEnv('POSTGRES_PASSWORD')}@postgres:5432/psycheos`,
  NATS_URL: `nats://psycheos:${fromDotEnv('NATS_PASSWORD')}@nats:4222`,
  DATABASE_URL_POOLER: null,
  HOST: null,
  PORT: null,
};

/** Read by node itself, not by our code; the image sets a heap cap that .env may replace. */
export const NODE_OPTIONS = `NODE_OPTIONS: \${NODE_OPTIONS:---max-old-space-size=96}`;

export const HEALTHCHECK = `    healthcheck:
      test:
        - CMD
        - node
        - -e
        - "fetch('http://127.0.0.1:8080/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 30s`;

/**
 * A variable taken from .env: a required one stops compose with a message naming the file
 * to leave out; an optional one passes through empty when unset.
 */
export const passedThrough = (file: string) => (use: VariableUse) =>
  use.required
    ? `${use.name}: \${${use.name}:?${use.name} is not set in .env (or leave ${file} out of COMPOSE_FILE)}`
    : `${use.name}: \${${use.name}:-}`;

/** A service's environment lines: compose's own values where it sets them, the rest from .env. */
export function containerEnv(
  uses: readonly VariableUse[],
  passThrough: (use: VariableUse) => string,
): string[] {
  return uses.flatMap((use) => {
    if (!(use.name in SET_BY_COMPOSE)) return [passThrough(use)];
    const value = SET_BY_COMPOSE[use.name];
    return value ? [`${use.name}: ${value}`] : [];
  });
}

/**
 * infra/compose/<bot>.yml: the bot's service and its route through the gateway. Written by
 * `npm run compose:render` from the variables the code reads (config/variables-read.ts), so a
 * variable added to a service's configuration reaches its container without editing YAML: a
 * required one must be in .env (docker compose config says so), an optional one is passed
 * through when set. infra/test/compose.test.ts fails while a file is out of date.
 */
export function renderBotComposeFile(botId: BotId): string {
  const passThrough = passedThrough(`infra/compose/${botId}.yml`);
  const serviceEnv = containerEnv(variablesOf(botId), passThrough);
  const suffix = envSuffix(botId);
  const gatewayEnv = variablesOf('gateway')
    .filter((use) => use.name.includes(`_${suffix}`))
    .map((use) =>
      use.name === `SERVICE_URL_${suffix}` ? `${use.name}: http://${botId}:8080` : passThrough(use),
    );
  const indent = (lines: string[]) => lines.map((line) => `      ${line}`).join('\n');

  return `# The ${botId} bot. Written by \`npm run compose:render\` from the variables the code reads;
# do not edit (infra/src/compose/bot-compose-file.ts). Enabled by listing this file in
# COMPOSE_FILE (docker-compose.yml says how): it adds the service and routes it through the
# gateway.
services:
  ${botId}:
    build:
      context: .
      dockerfile: infra/Dockerfile
      args:
        SERVICE: ${botId}
    restart: unless-stopped
    # Longer than a service's own shutdown deadline (SHUTDOWN_DEADLINE_MS, 25 s).
    stop_grace_period: 30s
    networks: [internal, egress]
    environment:
${indent([...serviceEnv, NODE_OPTIONS])}
${HEALTHCHECK}
    depends_on:
      postgres:
        condition: service_healthy
      nats:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully

  gateway:
    environment:
${indent(gatewayEnv)}
    depends_on:
      ${botId}:
        condition: service_healthy
`;
}
