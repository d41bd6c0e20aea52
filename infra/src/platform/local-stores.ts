import { createServer } from 'node:net';
import { join } from 'node:path';
import { startLocalPostgres } from '@psycheos/local-postgres';
import {
  freePort,
  INSTALL_NATS,
  isNatsServerInstalled,
  migrateToLatest,
  startNatsServerProcess,
} from '@psycheos/shared';
import { StartFailure } from './start-failure';

/** A store the launcher started and stops last. */
export interface LocalStore {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** The embedded PostgreSQL, its cluster under `<dataDir>/postgres`, on a free loopback port. */
export async function startDatabase(options: {
  dataDir: string;
  log: (line: string) => void;
  note: (line: string) => void;
}): Promise<LocalStore> {
  const postgres = await startLocalPostgres({
    dataDir: options.dataDir,
    port: await freePort(),
    log: options.log,
    note: options.note,
  });
  return { url: postgres.url, pid: postgres.pid, stop: () => postgres.stop() };
}

/**
 * nats-server with JetStream, its streams under `<dataDir>/nats`; undefined (with the line
 * saying why) when it is not installed or will not start: the bots work without NATS, their
 * events wait in the outbox.
 */
export async function startNats(options: {
  dataDir: string;
  log: (line: string) => void;
  warn: (line: string) => void;
}): Promise<LocalStore | undefined> {
  if (!isNatsServerInstalled()) {
    options.warn(`no NATS_URL and no nats-server: events wait in the outbox; ${INSTALL_NATS}`);
    return undefined;
  }
  try {
    const nats = await startNatsServerProcess({
      port: await freePort(),
      storeDir: join(options.dataDir, 'nats'),
      log: options.log,
      detached: true,
    });
    return { url: nats.url, pid: nats.child.pid, stop: () => nats.stop() };
  } catch (error) {
    options.warn(
      `nats-server did not start (${(error as Error).message}); events wait in the outbox`,
    );
    return undefined;
  }
}

export async function migrate(databaseUrl: string, embedded: boolean): Promise<number> {
  try {
    const applied = await migrateToLatest(databaseUrl);
    return applied.results?.length ?? 0;
  } catch (error) {
    const reason = reasonOf(error);
    throw new StartFailure(
      `cannot migrate the database at DATABASE_URL (${reason})`,
      embedded
        ? 'see the postgres lines above; deleting the data folder starts a fresh database'
        : 'check that PostgreSQL runs there and the URL is right, or unset DATABASE_URL to use an embedded one',
    );
  }
}

/** The gateway's port, checked before anything starts: a second `npm start` is a common mistake. */
export async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, () => resolve(true));
  });
  if (free) await new Promise((resolve) => server.close(resolve));
  else {
    throw new StartFailure(
      `port ${port} is already in use`,
      'stop what listens there (another npm start?) or set PORT to a free port',
    );
  }
}

/** pg's connection errors are often AggregateErrors (IPv4 and IPv6 tried) with no message. */
function reasonOf(error: unknown): string {
  const { message, code, errors } = error as {
    message?: string;
    code?: string;
    errors?: unknown[];
  };
  if (message) return message;
  if (errors?.[0]) return reasonOf(errors[0]);
  return code ?? String(error);
}
