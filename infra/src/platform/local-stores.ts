import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { INSTALL_NATS, isNatsServerInstalled, startNatsServerProcess } from '@psycheos/local-nats';
import { startLocalPostgres } from '@psycheos/local-postgres';
import { migrateToLatest } from '@psycheos/migrations';
import { freePort } from '@psycheos/platform';
import { StartFailure } from './start-failure';

/** A store the launcher started and stops last. */
export interface LocalStore {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The embedded PostgreSQL, its cluster under `<dataDir>/postgres`, on a loopback port kept
 * in `<dataDir>/postgres.port`, so that psql and a GUI client reach it at the same address
 * after every restart.
 */
export async function startDatabase(options: {
  dataDir: string;
  log: (line: string) => void;
  note: (line: string) => void;
}): Promise<LocalStore> {
  const port = await keptPort(join(options.dataDir, 'postgres.port'), options.note);
  const postgres = await startLocalPostgres({
    dataDir: options.dataDir,
    port,
    log: options.log,
    note: options.note,
  });
  return { url: postgres.url, pid: postgres.pid, stop: () => postgres.stop() };
}

/** The port used last time when it is still free; else a free one, remembered for next time. */
async function keptPort(file: string, note: (line: string) => void): Promise<number> {
  const kept = existsSync(file) ? Number((await readFile(file, 'utf8')).trim()) : undefined;
  if (kept && Number.isInteger(kept) && (await isPortFree(kept))) return kept;
  const port = await freePort();
  if (kept) note(`port ${kept} of the embedded PostgreSQL is taken now: it moves to ${port}`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${port}\n`);
  return port;
}

/** The URL with its password replaced, fit to print. */
export function maskPassword(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@]*@/, '$1:****@');
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

async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (free) await new Promise((resolve) => server.close(resolve));
  return free;
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
