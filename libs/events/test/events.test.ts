import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServerProcess } from '@psycheos/local-nats';
import { freePort, silentErrorReporter } from '@psycheos/platform';
import {
  captureLogs,
  createTestDatabase,
  type TestDatabase,
  testNamespace,
  testNatsLink,
} from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventEnvelope, newEnvelope } from '../src/catalogue';
import { EventConsumer } from '../src/event-consumer';
import type { NatsLink } from '../src/nats-link';
import { enqueueEvent } from '../src/outbox';
import { OutboxRelay, outboxBacklog } from '../src/outbox-relay';

const caseRef = (n: number) => ({
  context_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  specialist_user_id: '00000000-0000-4000-8000-000000000000',
});

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('cross-bot events: outbox, relay, consumers', () => {
  let database: TestDatabase;
  const logs = captureLogs('events-test');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  const db = () => database.db;

  it('writes an event only when its transaction commits', async () => {
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          await enqueueEvent(tx, 'psycheos.case.created', caseRef(1), 'key-rolled-back');
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    await db()
      .transaction()
      .execute((tx) => enqueueEvent(tx, 'psycheos.case.created', caseRef(2), 'key-committed'));
    // The same cause again (a redelivered update) adds nothing.
    await enqueueEvent(db(), 'psycheos.case.created', caseRef(2), 'key-committed');
    const rows = await db().selectFrom('event_outbox').select('idempotency_key').execute();
    expect(rows.map((row) => row.idempotency_key)).toEqual(['key-committed']);
    await database.truncateAll();
  });

  it('drops a second publish with the same Nats-Msg-Id', async () => {
    const link = testNatsLink(logs.logger);
    await link.ready();
    try {
      const js = link.jetstream();
      const data = JSON.stringify(newEnvelope('psycheos.case.created', caseRef(3)));
      const subject = link.wireSubject('psycheos.case.created');
      const first = await js?.publish(subject, data, { msgID: 'same-key' });
      const second = await js?.publish(subject, data, { msgID: 'same-key' });
      expect([first?.duplicate, second?.duplicate]).toEqual([false, true]);
      const manager = await link.connection()?.jetstreamManager();
      expect((await manager?.streams.info(link.streamName))?.state.messages).toBe(1);
    } finally {
      await link.deleteStream();
      await link.close();
    }
  });

  it('records where JetStream keeps each event, and erases only the events a deletion names', async () => {
    const link = testNatsLink(logs.logger);
    await link.ready();
    const relay = new OutboxRelay({ db: db(), nats: link, logger: logs.logger });
    try {
      for (const n of [10, 11, 12]) {
        await enqueueEvent(db(), 'psycheos.case.created', caseRef(n), `key-erase-${n}`);
      }
      expect(await relay.relayOnce()).toBe(3);
      const rows = await db()
        .selectFrom('event_outbox')
        .select(['event_id', 'stream_seq'])
        .orderBy('created_at')
        .execute();
      const [erased, reused, kept] = rows;
      if (!erased?.stream_seq || !reused?.stream_seq || !kept?.stream_seq) {
        throw new Error('the relay recorded no stream sequence');
      }
      expect(new Set(rows.map((row) => row.stream_seq)).size).toBe(3);

      await db()
        .insertInto('event_purges')
        .values([
          { event_id: erased.event_id, stream_seq: erased.stream_seq },
          // As after a stream was lost and made again: that number now holds another event.
          { event_id: '00000000-0000-4000-8000-00000000dead', stream_seq: reused.stream_seq },
        ])
        .execute();
      expect(await relay.eraseOnce()).toBe(2);

      const manager = await link.connection()?.jetstreamManager();
      const stored = async (seq: number) =>
        manager?.streams.getMessage(link.streamName, { seq }).then(
          () => true,
          () => false,
        );
      expect([
        await stored(erased.stream_seq),
        await stored(reused.stream_seq),
        await stored(kept.stream_seq),
      ]).toEqual([false, true, true]);
      expect(await db().selectFrom('event_purges').select('event_id').execute()).toEqual([]);
    } finally {
      await relay.stop();
      await link.deleteStream();
      await link.close();
      await database.truncateAll();
    }
  });

  describe('with a NATS server that goes away and comes back', () => {
    let storeDir: string;
    let port: number;
    let server: Awaited<ReturnType<typeof startNatsServerProcess>>;
    let link: NatsLink;
    let relay: OutboxRelay;
    let consumer: EventConsumer;
    const handled: EventEnvelope[] = [];
    const failing = new Set<string>();
    /** Events whose handler fails with a passing database error this many more times. */
    const flaky = new Map<string, number>();

    beforeAll(async () => {
      storeDir = await mkdtemp(join(tmpdir(), 'psycheos-nats-'));
      port = await freePort();
      server = await startNatsServerProcess({ port, storeDir });
      link = testNatsLink(logs.logger, testNamespace(), server.url);
      await link.ready();
      relay = new OutboxRelay({ db: db(), nats: link, logger: logs.logger });
      relay.start();
      consumer = new EventConsumer(
        {
          durable: 'test-consumer',
          subject: 'psycheos.case.created',
          maxDeliver: 2,
          handle: async (_tx, event) => {
            if (failing.has(event.payload.context_id)) throw new Error('poison');
            const flakes = flaky.get(event.payload.context_id) ?? 0;
            if (flakes > 0) {
              flaky.set(event.payload.context_id, flakes - 1);
              throw Object.assign(new Error('could not serialize access'), { code: '40001' });
            }
            handled.push(event);
          },
        },
        { db: db(), nats: link, logger: logs.logger, errors: silentErrorReporter },
      );
      consumer.start();
    });
    afterAll(async () => {
      await consumer.stop();
      await relay.stop();
      await link.close();
      await server.stop();
      await rm(storeDir, { recursive: true, force: true });
    });

    it('keeps events in the outbox while NATS is down and delivers each exactly once after', async () => {
      await server.stop();
      await until(() => !link.connected);
      for (let n = 10; n < 30; n++) {
        await enqueueEvent(db(), 'psycheos.case.created', caseRef(n), `outage-${n}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await outboxBacklog(db())).toBe(20);

      server = await startNatsServerProcess({ port, storeDir });
      await until(async () => (await outboxBacklog(db())) === 0);
      await until(() => handled.length >= 20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids = handled.map((event) => event.payload.context_id);
      expect(new Set(ids).size).toBe(20);
      expect(ids).toHaveLength(20);
    });

    it('handles an event delivered twice (two publishes, two msg ids) only once', async () => {
      const before = handled.length;
      const envelope = newEnvelope('psycheos.case.created', caseRef(40));
      const js = link.jetstream();
      const subject = link.wireSubject('psycheos.case.created');
      await js?.publish(subject, JSON.stringify(envelope), { msgID: 'copy-1' });
      await js?.publish(subject, JSON.stringify(envelope), { msgID: 'copy-2' });
      await until(async () => {
        const inbox = await db()
          .selectFrom('event_inbox')
          .select('event_id')
          .where('event_id', '=', envelope.event_id)
          .execute();
        return inbox.length === 1;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(handled.length - before).toBe(1);
    });

    it('rides out passing database errors within one delivery instead of parking', async () => {
      // More failures in a row than maxDeliver (2): each would have spent a delivery.
      flaky.set(caseRef(45).context_id, 4);
      const before = handled.length;
      await enqueueEvent(db(), 'psycheos.case.created', caseRef(45), 'flaky-1');
      await until(() => handled.length > before);
      expect(handled.at(-1)?.payload.context_id).toBe(caseRef(45).context_id);
      expect(flaky.get(caseRef(45).context_id)).toBe(0);
      expect(await db().selectFrom('parked_events').selectAll().execute()).toEqual([]);
    });

    it('parks an invalid event at once and a failing one after maxDeliver tries', async () => {
      const js = link.jetstream();
      const subject = link.wireSubject('psycheos.case.created');
      await js?.publish(subject, '{"not":"an event"}', { msgID: 'invalid-1' });
      failing.add(caseRef(50).context_id);
      await enqueueEvent(db(), 'psycheos.case.created', caseRef(50), 'poison-1');
      await until(
        async () => (await db().selectFrom('parked_events').selectAll().execute()).length === 2,
      );
      const parked = await db()
        .selectFrom('parked_events')
        .select(['consumer', 'reason'])
        .orderBy('stream_seq')
        .execute();
      expect(parked).toEqual([
        { consumer: 'test-consumer', reason: 'invalid event: missing or malformed event_id' },
        { consumer: 'test-consumer', reason: 'failed on every delivery' },
      ]);
      // The consumer goes on: the next good event is handled.
      const before = handled.length;
      await enqueueEvent(db(), 'psycheos.case.created', caseRef(51), 'after-poison');
      await until(() => handled.length > before);
    });
  });
});
