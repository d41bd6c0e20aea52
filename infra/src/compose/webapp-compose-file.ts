import { variablesOf } from '../config/variables-read';
import { containerEnv, HEALTHCHECK, NODE_OPTIONS, passedThrough } from './bot-compose-file';

/**
 * infra/compose/webapp.yml: the specialist's dashboard (a Telegram Mini App opened from
 * pro) and its route through the gateway (/app). Written by `npm run compose:render` from
 * the variables the code reads, like the bots' files. It needs pro's token (Telegram signs
 * the Mini App's launch data with it) and the database; it never talks to Telegram or
 * NATS, so it lives on the internal network only.
 */
export function renderWebappComposeFile(): string {
  const serviceEnv = containerEnv(variablesOf('webapp'), passedThrough('infra/compose/webapp.yml'));
  const indent = (lines: string[]) => lines.map((line) => `      ${line}`).join('\n');
  return `# The dashboard (Mini App). Written by \`npm run compose:render\` from the variables the
# code reads; do not edit (infra/src/compose/webapp-compose-file.ts). Enabled by listing
# this file in COMPOSE_FILE after pro's: it adds the service and routes /app to it.
services:
  webapp:
    build:
      context: .
      dockerfile: infra/Dockerfile
      args:
        SERVICE: webapp
    restart: unless-stopped
    stop_grace_period: 30s
    networks: [internal]
    environment:
${indent([...serviceEnv, NODE_OPTIONS])}
${HEALTHCHECK}
    depends_on:
      postgres:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully

  gateway:
    environment:
      SERVICE_URL_WEBAPP: http://webapp:8080
    depends_on:
      webapp:
        condition: service_healthy
`;
}
