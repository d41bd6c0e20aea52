import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type LocalPostgres,
  locatePostgresBinaries,
  PostgresStartError,
  startLocalPostgres,
} from '../src';

const isRoot = process.getuid?.() === 0;
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** A folder only its owner may enter, as /root and most home folders are. */
async function privateFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'psycheos-private-'));
  await chmod(dir, 0o700);
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function query(server: LocalPostgres, text: string) {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('a local PostgreSQL', () => {
  it.runIf(isRoot)(
    'starts as root from a checkout in a private folder, and finds its data again on the next start',
    async () => {
      // The checkout as `git clone <repo> /root/psycheos && npm ci` leaves it: programs and
      // data both behind a folder the "postgres" account cannot pass through.
      const checkout = join(await privateFolder(), 'psycheos');
      const installed = await locatePostgresBinaries();
      const binaries = { ...installed, root: join(checkout, 'native') };
      await cp(installed.root, binaries.root, { recursive: true, verbatimSymlinks: true });
      binaries.initdb = join(binaries.root, 'bin', 'initdb');
      binaries.postgres = join(binaries.root, 'bin', 'postgres');
      // Where root keeps what the server account must reach (/var/lib/psycheos by default).
      const sharedDir = await mkdtemp(join(tmpdir(), 'psycheos-shared-'));
      cleanup.push(() => rm(sharedDir, { recursive: true, force: true }));
      const dataDir = join(checkout, '.data');
      const log: string[] = [];
      const start = async () =>
        startLocalPostgres({
          dataDir,
          port: await freePort(),
          log: (line) => log.push(line),
          sharedDir,
          binaries: { ...binaries, version: `test-${Date.now()}` },
        });

      let server = await start();
      cleanup.push(() => server.stop());
      expect(await query(server, 'select current_user as name')).toEqual([{ name: 'postgres' }]);
      await query(server, `create table kept (note text); insert into kept values ('привет')`);
      expect(log.join('\n')).toContain(`cannot enter ${dataDir}; its data is kept in ${sharedDir}`);
      expect(server.clusterDir.startsWith(join(sharedDir, 'clusters'))).toBe(true);
      // The private folder itself was left as it was.
      expect((await stat(checkout)).mode & 0o777).not.toBe(0o711);
      expect((await stat(join(checkout, '..'))).mode & 0o777).toBe(0o700);
      await server.stop();

      server = await start();
      expect(await query(server, 'select upper(note) as note from kept')).toEqual([
        { note: 'ПРИВЕТ' },
      ]);
      await server.stop();
      expect(() => process.kill(server.pid, 0)).toThrow();
    },
  );

  it.runIf(!isRoot)('starts as a normal user with its data in the data folder', async () => {
    const dataDir = join(await privateFolder(), '.data');
    const server = await startLocalPostgres({ dataDir, port: await freePort(), log: () => {} });
    cleanup.push(() => server.stop());
    expect(server.clusterDir).toBe(join(dataDir, 'postgres'));
    expect(await query(server, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('deletes a throwaway cluster when it stops', async () => {
    const dataDir = join(await privateFolder(), 'data');
    const server = await startLocalPostgres({
      dataDir,
      port: await freePort(),
      log: () => {},
      ephemeral: true,
    });
    expect(existsSync(join(server.clusterDir, 'PG_VERSION'))).toBe(true);
    await server.stop();
    expect(existsSync(server.clusterDir)).toBe(false);
  });

  it('fails to start with one line that says what is wrong and what to do', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    cleanup.push(async () => busy.close());
    const { port } = busy.address() as { port: number };
    const failure = await startLocalPostgres({
      dataDir: join(await privateFolder(), 'data'),
      port,
      log: () => {},
      ephemeral: true,
    }).then(
      async (server) => {
        await server.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PostgresStartError);
    const message = (failure as Error).message;
    expect(message).toMatch(/Address already in use.*: see the postgres lines above/);
    expect(message).not.toContain('\n');
  });
});
