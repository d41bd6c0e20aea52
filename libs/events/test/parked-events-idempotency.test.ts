import { silentErrorReporter } from '@psycheos/platform';
import {
  captureLogs,
  createTestDatabase,
  type TestDatabase,
  testNatsLink,
} from '@psycheos/testkit';
import { AckPolicy, nanos } from 'nats';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { newEnvelope } from '../src/catalogue';
import { EventConsumer } from '../src/event-consumer';
import type { NatsLink } from '../src/nats-link';
import { listParkedEvents, parkEvent, replayParkedEvents } from '../src/parked-events';

const caseRef = {
  context_id: '00000000-0000-4000-8000-000000000071',
  specialist_user_id: '00000000-0000-4000-8000-000000000000',
};

/**
 * An event a consumer can never handle is parked once per consumer, however often it
 * arrives: NATS 2.9 ignored the terminate-with-reason and delivered it again until max
 * deliveries, and each replay published it anew; each left a row of its own, and /health
 * counted them all.
 */
describe('parking an event once', () => {
  let database: TestDatabase;
  let link: NatsLink;
  const logs = captureLogs('parked-idempotency-test');
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());
  // A stream of each story's own: a consumer reads its stream from the start.
  beforeEach(async () => {
    link = testNatsLink(logs.logger);
    await link.ready();
  });
  afterEach(async () => {
    for (const consumer of consumers.splice(0)) await consumer.stop();
    await link.deleteStream();
    await link.close();
  });

  const db = () => database.db;
  const subject = () => link.wireSubject('psycheos.case.created');
  /** An event no release can read: a future version of the envelope. */
  const invalidEvent = () =>
    JSON.stringify({ ...newEnvelope('psycheos.case.created', caseRef), version: 99 });
  const publish = async (data: string) => {
    const ack = await link.jetstream()?.publish(subject(), data);
    if (!ack) throw new Error('NATS took no message');
    return ack.seq;
  };
  const startConsumer = (durable: string) => {
    const consumer = new EventConsumer(
      { durable, subject: 'psycheos.case.created', handle: async () => {} },
      { db: db(), nats: link, logger: logs.logger, errors: silentErrorReporter },
    );
    consumer.start();
    consumers.push(consumer);
  };
  const lastSeq = async () => {
    const manager = await link.connection()?.jetstreamManager();
    return (await manager?.streams.info(link.streamName))?.state.last_seq;
  };
  const rowsOf = async (consumer: string) =>
    (await listParkedEvents(db())).filter((row) => row.consumer === consumer);

  it('keeps one row for a message the server delivers again, counting the deliveries', async () => {
    const manager = await link.connection()?.jetstreamManager();
    if (!manager) throw new Error('NATS is not connected');
    // A consumer whose unacknowledged messages come back within a second, not 30.
    await manager.consumers.add(link.streamName, {
      durable_name: 'pro-redelivered',
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(1_000),
      filter_subject: subject(),
    });
    const seq = await publish(invalidEvent());
    const delivered = await link.jetstream()?.consumers.get(link.streamName, 'pro-redelivered');
    const first = await delivered?.next({ expires: 5_000 });
    if (!first) throw new Error('the message was not delivered');
    expect(await parkEvent(db(), 'pro-redelivered', first, 'invalid event: version 99')).toBe(1);
    // No acknowledgement, as NATS 2.9 took `+TERM <reason>`: the same message comes again.
    const again = await delivered?.next({ expires: 5_000 });
    if (!again) throw new Error('the message was not delivered again');
    expect([again.seq, again.info.redeliveryCount]).toEqual([seq, 2]);
    expect(await parkEvent(db(), 'pro-redelivered', again, 'invalid event: version 99')).toBe(2);
    again.term();

    const rows = await rowsOf('pro-redelivered');
    expect(rows).toMatchObject([{ stream_seq: seq, times_parked: 2 }]);
  });

  it('takes over the row a release before the key parked for the same message', async () => {
    await db()
      .insertInto('parked_events')
      .values({ consumer: 'pro-upgraded', stream_seq: 7, subject: subject(), reason: 'old' })
      .execute();
    const message = { seq: 7, subject: subject(), data: new TextEncoder().encode(invalidEvent()) };
    expect(await parkEvent(db(), 'pro-upgraded', message, 'invalid event: version 99')).toBe(1);
    expect(await rowsOf('pro-upgraded')).toMatchObject([
      { stream_seq: 7, reason: 'invalid event: version 99', times_parked: 1 },
    ]);
  });

  it('parks an invalid event once when it arrives as a second message, and this server takes the terminate', async () => {
    startConsumer('pro-twice');
    const event = invalidEvent();
    await publish(event);
    await vi.waitFor(async () => expect(await rowsOf('pro-twice')).toHaveLength(1), {
      timeout: 15_000,
    });
    // What a replay or a producer's retry does: the same bytes under another sequence.
    const second = await publish(event);
    await vi.waitFor(
      async () =>
        expect(await rowsOf('pro-twice')).toMatchObject([{ stream_seq: second, times_parked: 2 }]),
      { timeout: 15_000 },
    );
    // The terminate went without a reason, which NATS 2.9 ignores: nothing waits for an
    // acknowledgement, so nothing is delivered again 30 s later.
    const manager = await link.connection()?.jetstreamManager();
    await vi.waitFor(
      async () =>
        expect(await manager?.consumers.info(link.streamName, 'pro-twice')).toMatchObject({
          num_ack_pending: 0,
          num_redelivered: 0,
        }),
      { timeout: 5_000 },
    );
  });

  it('replays an event two consumers parked once, and each still has one row of it', async () => {
    startConsumer('pro-replayed');
    startConsumer('screen-replayed');
    const parkedOnceEach = async (seq: number) => {
      const rows = [...(await rowsOf('pro-replayed')), ...(await rowsOf('screen-replayed'))];
      expect(rows.map((row) => [row.consumer, row.stream_seq])).toEqual([
        ['pro-replayed', seq],
        ['screen-replayed', seq],
      ]);
    };
    const original = await publish(invalidEvent());
    await vi.waitFor(() => parkedOnceEach(original), { timeout: 15_000 });
    // Leave only the two rows of this story to replay: the others' streams are gone.
    await db()
      .deleteFrom('parked_events')
      .where('consumer', 'not in', ['pro-replayed', 'screen-replayed'])
      .execute();

    const everyone = await replayParkedEvents({ db: db(), nats: link, logger: logs.logger });
    expect(everyone).toEqual({ replayed: 2, gone: 0 });
    // Published once for both consumers, and parked again by each under the new sequence.
    expect(await lastSeq()).toBe(original + 1);
    await vi.waitFor(() => parkedOnceEach(original + 1), { timeout: 15_000 });

    // pro's replay reaches screen's consumer too: it parks it again, in its one row.
    const prosOnly = await replayParkedEvents({
      db: db(),
      nats: link,
      logger: logs.logger,
      consumerPrefix: 'pro-',
    });
    expect(prosOnly).toEqual({ replayed: 1, gone: 0 });
    expect(await lastSeq()).toBe(original + 2);
    await vi.waitFor(() => parkedOnceEach(original + 2), { timeout: 15_000 });
  });
});
