import { buildBotServiceApp, type PipelineContext, type ServiceDeps } from '@psycheos/bot-runtime';
import { silentErrorReporter } from '@psycheos/platform';
import { captureLogs, type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type EventEnvelope, newEnvelope } from '../src/catalogue';
import { EventConsumer } from '../src/event-consumer';
import { listParkedEvents, replayParkedEvents } from '../src/parked-events';
import { runParkedEventsCommand } from '../src/parked-events-command';

const caseRef = {
  context_id: '00000000-0000-4000-8000-000000000061',
  specialist_user_id: '00000000-0000-4000-8000-000000000000',
};

/**
 * An event a consumer gave up on shows on the service's /health until an operator, the
 * cause fixed, replays it (node dist/main.js --replay-parked, npm run parked-events), or
 * discards one that can never be valid.
 */
describe('parked events', () => {
  let harness: ServiceHarness;
  let consumer: EventConsumer;
  let broken = true;
  const handled: EventEnvelope[] = [];

  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp: (deps: ServiceDeps) => buildBotServiceApp(deps, new Composer<PipelineContext>()),
      nats: true,
    });
    const nats = harness.deps.nats;
    if (!nats) throw new Error('the harness has no NATS');
    consumer = new EventConsumer(
      {
        durable: 'pro-test-notices',
        subject: 'psycheos.case.created',
        maxDeliver: 2,
        handle: async (_tx, event) => {
          if (broken) throw new Error('a bug in the handler');
          handled.push(event);
        },
      },
      { db: harness.deps.db, nats, logger: harness.deps.logger, errors: silentErrorReporter },
    );
    consumer.start();
    await nats.ready();
  });
  afterAll(async () => {
    await consumer.stop();
    await harness.close();
  });

  const health = async () =>
    (await harness.app.inject({ method: 'GET', url: '/health' })).json() as {
      status: string;
      parked_events: number;
      problems: string[];
    };

  it('shows a parked event on /health, and replays it once the cause is fixed', async () => {
    const nats = harness.deps.nats as NonNullable<ServiceDeps['nats']>;
    const event = newEnvelope('psycheos.case.created', caseRef);
    await nats.jetstream()?.publish(nats.wireSubject(event.subject), JSON.stringify(event));
    await vi.waitFor(
      async () => expect(await listParkedEvents(harness.deps.db, 'pro-')).toHaveLength(1),
      { timeout: 15_000 },
    );
    await vi.waitFor(
      async () =>
        expect(await health()).toMatchObject({
          status: 'degraded',
          parked_events: 1,
          problems: [
            '1 event(s) parked: list them with `node dist/main.js --parked`, replay with `node dist/main.js --replay-parked` once the cause is fixed, or discard one that can never be valid with `node dist/main.js --discard-parked <seq>` (docs/OPERATIONS.md)',
          ],
        }),
      { timeout: 5_000 },
    );

    broken = false;
    const result = await replayParkedEvents({
      db: harness.deps.db,
      nats,
      logger: harness.deps.logger,
      consumerPrefix: 'pro-',
    });
    expect(result).toEqual({ replayed: 1, gone: 0 });
    await vi.waitFor(() => expect(handled.map((e) => e.event_id)).toEqual([event.event_id]), {
      timeout: 15_000,
    });
    expect(await listParkedEvents(harness.deps.db)).toEqual([]);
    await vi.waitFor(async () => expect(await health()).toMatchObject({ parked_events: 0 }), {
      timeout: 5_000,
    });
  });

  it("replays only the service's own consumers' events, and drops one the stream no longer holds", async () => {
    const park = (consumerName: string, seq: number) =>
      harness.deps.db
        .insertInto('parked_events')
        .values({ consumer: consumerName, stream_seq: seq, subject: 'x', reason: 'test' })
        .execute();
    await park('pro-test-notices', 999_999);
    await park('screen-test-notices', 999_998);
    const nats = harness.deps.nats as NonNullable<ServiceDeps['nats']>;
    const result = await replayParkedEvents({
      db: harness.deps.db,
      nats,
      logger: harness.deps.logger,
      consumerPrefix: 'pro-',
    });
    expect(result).toEqual({ replayed: 0, gone: 1 });
    const left = await listParkedEvents(harness.deps.db);
    expect(left.map((row) => row.consumer)).toEqual(['screen-test-notices']);
  });

  it('discards an event that can never be valid, on record, and /health stops reporting it', async () => {
    const nats = harness.deps.nats as NonNullable<ServiceDeps['nats']>;
    // A payload no release reads; its marker must reach no log line.
    const invalid = {
      ...newEnvelope('psycheos.case.created', caseRef),
      version: 99,
      note: 'PAYLOAD-MARKER',
    };
    const ack = await nats
      .jetstream()
      ?.publish(nats.wireSubject(invalid.subject), JSON.stringify(invalid));
    if (!ack) throw new Error('NATS took no message');
    await vi.waitFor(async () => expect(await health()).toMatchObject({ parked_events: 1 }), {
      timeout: 15_000,
    });

    const operator = captureLogs('parked-events');
    const printed: string[] = [];
    const discard = (seq: number) =>
      runParkedEventsCommand({
        mode: 'discard',
        streamSeq: seq,
        env: { DATABASE_URL: harness.database.url },
        logger: operator.logger,
        consumerPrefix: 'pro-',
        print: (line) => printed.push(line),
      });
    await discard(ack.seq);

    expect(printed).toEqual([
      `discarded pro-test-notices seq=${ack.seq} ${nats.wireSubject(invalid.subject)}`,
    ]);
    expect(await listParkedEvents(harness.deps.db, 'pro-')).toEqual([]);
    const audit = operator
      .records()
      .filter((line) => line.msg === 'parked event discarded by an operator');
    expect(audit).toEqual([
      expect.objectContaining({
        audit: 'parked_event_discarded',
        consumer: 'pro-test-notices',
        stream_seq: ack.seq,
        event_key: invalid.event_id,
        reason: 'invalid event: unsupported version 99',
      }),
    ]);
    expect(operator.lines.join('\n')).not.toContain('PAYLOAD-MARKER');
    await vi.waitFor(
      async () => {
        const report = await health();
        expect(report.parked_events).toBe(0);
        expect(report.problems.filter((problem) => problem.includes('parked'))).toEqual([]);
      },
      { timeout: 5_000 },
    );

    // A seq no parked event has (mistyped, or discarded already) is refused, not done.
    await expect(discard(ack.seq)).rejects.toThrow(`no parked event has seq=${ack.seq}`);
  });
});
