import { createConnection } from 'node:net';
import { isNatsServerInstalled } from '@psycheos/local-nats';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../src/child-process';
import { testServerUrl } from '../src/test-database';
import {
  decideTestDatabase,
  decideTestNats,
  ensureTestDatabase,
  ensureTestNats,
} from '../src/test-servers';

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the servers a test run uses', () => {
  it('uses a PostgreSQL that answers, and starts its own only when none is configured or answers', () => {
    expect(decideTestDatabase(false, 'answers')).toEqual({ action: 'use' });
    expect(decideTestDatabase(true, 'answers')).toEqual({ action: 'use' });
    expect(decideTestDatabase(false, 'nothing-listens')).toEqual({ action: 'start-own' });
  });

  it('fails with one line when the configured PostgreSQL is not there or a server refuses it', () => {
    expect(decideTestDatabase(true, 'nothing-listens')).toEqual({
      action: 'fail',
      message:
        'nothing answers at TEST_DATABASE_URL: start that server, or unset TEST_DATABASE_URL and the tests start a PostgreSQL of their own',
    });
    const refused = decideTestDatabase(false, { refused: 'password authentication failed' });
    expect(refused).toMatchObject({ action: 'fail' });
    expect((refused as { message: string }).message).toMatch(
      /refused the tests \(password authentication failed\): set TEST_DATABASE_URL/,
    );
  });

  it('starts nats-server when installed, and otherwise says how to install it', () => {
    expect(decideTestNats(false, true, false)).toEqual({ action: 'use' });
    expect(decideTestNats(false, false, true)).toEqual({ action: 'start-own' });
    const missing = decideTestNats(false, false, false) as { action: string; message: string };
    expect(missing.action).toBe('fail');
    expect(missing.message).toMatch(
      /^this test needs NATS and no nats-server is installed: install/,
    );
    expect(missing.message).toContain('apt-get install nats-server');
    expect(missing.message).not.toContain('\n');
    expect(decideTestNats(true, false, true)).toMatchObject({ action: 'fail' });
  });

  it('starts a PostgreSQL of its own when nothing answers at the default address, and stops it', async () => {
    const nothingThere = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const env: Record<string, string | undefined> = {};
    const stop = await ensureTestDatabase(env, nothingThere);
    const url = new URL(env.TEST_DATABASE_URL as string);
    expect(url.port).not.toBe(new URL(nothingThere).port);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.end();
    await stop();
    expect(await canConnect(Number(url.port))).toBe(false);
  }, 60_000);

  it('uses the PostgreSQL at the default address when one answers there', async () => {
    const env: Record<string, string | undefined> = {};
    await ensureTestDatabase(env, testServerUrl());
    expect(env.TEST_DATABASE_URL).toBe(testServerUrl());
  });

  it('gives the run a NATS server of its own when none answers', async () => {
    const nothingThere = `nats://127.0.0.1:${await freePort()}`;
    const env: Record<string, string | undefined> = {};
    const stop = await ensureTestNats(env, nothingThere);
    try {
      if (isNatsServerInstalled()) {
        const port = Number(new URL(env.TEST_NATS_URL as string).port);
        expect(await canConnect(port)).toBe(true);
      } else {
        expect(env.TEST_NATS_MISSING).toMatch(/no nats-server is installed: install nats-server/);
      }
    } finally {
      await stop();
    }
  });
});
