import {
  captureLogs,
  createTestDatabase,
  type TestDatabase,
  testNatsLink,
} from '@psycheos/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newEnvelope } from '../src/catalogue';
import type { NatsLink } from '../src/nats-link';
import { enqueueEvent } from '../src/outbox';
import { OutboxRelay, outboxBacklog } from '../src/outbox-relay';

/** Longer than any test here runs: an event these tests see published was not found by the slow poll. */
const NEVER_MS = 10 * 60_000;

const caseRef = (n: number) => ({
  context_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  specialist_user_id: '00000000-0000-4000-8000-000000000000',
});

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the outbox relay wakes when events are written', () => {
  let database: TestDatabase;
  let link: NatsLink;
  let relay: OutboxRelay | undefined;
  const logs = captureLogs('relay-wakeup-test');

  beforeAll(async () => {
    database = await createTestDatabase();
    link = testNatsLink(logs.logger);
    await link.ready();
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await database.truncateAll();
  });
  afterAll(async () => {
    await link.deleteStream();
    await link.close();
    await database.destroy();
  });

  const published = () =>
    database.db
      .selectFrom('event_outbox')
      .select(['idempotency_key', 'stream_seq'])
      .where('published_at', 'is not', null)
      .orderBy('stream_seq')
      .execute();

  it('publishes the events a transaction wrote once it commits, in order, without waiting for the slow poll', async () => {
    relay = new OutboxRelay({
      db: database.db,
      nats: link,
      logger: logs.logger,
      slowPollMs: NEVER_MS,
    });
    relay.start();
    await database.db.transaction().execute(async (tx) => {
      await enqueueEvent(tx, 'psycheos.case.created', caseRef(1), 'woken-1');
      await enqueueEvent(tx, 'psycheos.case.created', caseRef(2), 'woken-2');
    });

    await until(async () => (await outboxBacklog(database.db)) === 0);
    expect((await published()).map((row) => row.idempotency_key)).toEqual(['woken-1', 'woken-2']);
  });

  it('still publishes an event another process wrote and told no one about, at its slow poll', async () => {
    relay = new OutboxRelay({ db: database.db, nats: link, logger: logs.logger, slowPollMs: 50 });
    relay.start();
    const envelope = newEnvelope('psycheos.case.created', caseRef(3));
    // Straight into the table, as a replica that died before its own relay ran left it.
    await database.db
      .insertInto('event_outbox')
      .values({
        event_id: envelope.event_id,
        subject: 'psycheos.case.created',
        payload: JSON.stringify(envelope),
        idempotency_key: 'unannounced',
      })
      .execute();

    await until(async () => (await outboxBacklog(database.db)) === 0);
    expect((await published()).map((row) => row.idempotency_key)).toEqual(['unannounced']);
  });
});
