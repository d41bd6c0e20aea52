import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTALL_NATS,
  isNatsServerInstalled,
  type NatsServerProcess,
  startNatsServerProcess,
} from '@psycheos/local-nats';
import { captureLogs, freePort } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NatsLink, natsServerOptions } from '../src/nats-link';

/**
 * docker-compose runs NATS with a password (anyone on the network could otherwise publish a
 * forged event); the services take it in NATS_URL.
 */
describe('NATS with a password', () => {
  let server: NatsServerProcess;
  let storeDir: string;
  let port: number;

  beforeAll(async () => {
    if (!isNatsServerInstalled()) throw new Error(INSTALL_NATS);
    storeDir = await mkdtemp(join(tmpdir(), 'psycheos-nats-auth-'));
    port = await freePort();
    server = await startNatsServerProcess({
      port,
      storeDir,
      args: ['--user', 'psycheos', '--pass', 'nats-password-0123'],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('connects with the credentials NATS_URL carries', async () => {
    const logs = captureLogs();
    const link = new NatsLink({
      url: `nats://psycheos:nats-password-0123@127.0.0.1:${port}`,
      streamName: 'AUTH_TEST',
      subjectPrefix: 'auth-test.',
      logger: logs.logger,
    });
    try {
      await link.ready();
      expect(link.connected).toBe(true);
      expect(logs.lines.join('\n')).not.toContain('nats-password-0123');
    } finally {
      await link.deleteStream();
      await link.close();
    }
  });

  it('is refused without them, and says so once rather than every second', async () => {
    const logs = captureLogs();
    const link = new NatsLink({ url: `nats://127.0.0.1:${port}`, logger: logs.logger });
    try {
      await vi.waitFor(
        () =>
          expect(logs.lines.filter((line) => line.includes('still unreachable'))).not.toEqual([]),
        { timeout: 10_000 },
      );
      expect(link.connected).toBe(false);
      const warnings = logs.records().filter((record) => record.level === 40);
      expect(warnings.map((record) => record.msg)).toEqual([
        'NATS unreachable; retrying, events wait in the outbox',
      ]);
    } finally {
      await link.close();
    }
  });

  it('moves credentials out of the URL for the client, decoded', () => {
    expect(natsServerOptions('nats://psycheos:p%40ss@nats:4222')).toEqual({
      servers: 'nats://nats:4222',
      user: 'psycheos',
      pass: 'p@ss',
    });
    expect(natsServerOptions('nats://127.0.0.1:4222')).toEqual({
      servers: 'nats://127.0.0.1:4222',
    });
  });
});
