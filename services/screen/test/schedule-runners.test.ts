import { enqueueJob } from '@psycheos/jobs';
import { systemClock } from '@psycheos/platform';
import { SCHEDULE_TASK, scheduleJobKey } from '@psycheos/screening';
import {
  buttonPress,
  createTestDatabase,
  type ServiceHarness,
  startServiceHarness,
  type TestDatabase,
  textMessage,
} from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';
import { loadScreenSettings } from '../src/config';
import { scheduleInvite, scheduleTasksFor } from './schedule-jobs';

/**
 * Two replicas of screen on one database, each with its job runner, as in production: a
 * due questionnaire goes out once, whichever runner takes it, even when the other replica
 * queues the same due time again and a retry runs it a third time at the same moment.
 */
describe('screen bot: a scheduled questionnaire with two replicas', () => {
  let database: TestDatabase;
  const replicas: ServiceHarness[] = [];
  const CLIENTS = 6;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Any hour: the real clock runs these, whatever time of day the test runs at.
    const settings = loadScreenSettings({ SCREENING_HOURS: '0-24' });
    for (let i = 0; i < 2; i += 1) {
      replicas.push(
        await startServiceHarness({
          botId: 'screen',
          database,
          buildApp: (deps) => buildApp(deps, settings, { jobPollIntervalMs: 100 }),
        }),
      );
    }
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await database?.destroy();
  });

  /** Every questionnaire either replica's sender gave Telegram, by chat. */
  const questionnairesSent = () =>
    replicas
      .flatMap((replica) => replica.telegram.callsTo('sendMessage'))
      .filter((call) => String(call.params.text).startsWith('🔁 Пришло время регулярного опроса'))
      .map((call) => call.params.chat_id);

  it('sends each client’s first questionnaire once', async () => {
    const [first, second] = replicas as [ServiceHarness, ServiceHarness];
    const retry = scheduleTasksFor(first, systemClock)[SCHEDULE_TASK.send];
    const clients: number[] = [];
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const invite = await scheduleInvite(database.db, {
        instruments: ['who5'],
        cadenceDays: 14,
        startsAt: new Date(),
      });
      // Each client talks to one replica or the other, as a load balancer would send them;
      // only the replica holding the sender's lease sends, so nobody waits for replies here.
      const replica = i % 2 === 0 ? first : second;
      const client = { id: 9_100 + i };
      clients.push(client.id);
      for (const update of [
        textMessage(client, `/start ${invite.token}`),
        buttonPress(client, `sc:${invite.scheduleId}:yes`),
      ]) {
        expect((await replica.deliver(update, { waitForReplies: false })).status).toBe(200);
      }
      const payload = { scheduleId: invite.scheduleId, occurrence: 0 };
      // The other replica queues the same due time; a retry runs it by hand meanwhile.
      await enqueueJob(database.db, {
        task: SCHEDULE_TASK.send,
        payload,
        key: scheduleJobKey.send(invite.scheduleId, 0),
      });
      runs.push(
        retry?.(payload, {
          jobId: 'retry',
          attempt: 2,
          maxAttempts: 5,
          signal: new AbortController().signal,
        }) ?? Promise.resolve(),
      );
    }
    await Promise.all(runs);

    await vi.waitFor(
      async () => {
        const sent = await database.db
          .selectFrom('screening_schedule_occurrences')
          .select('schedule_id')
          .execute();
        expect(sent).toHaveLength(CLIENTS);
        expect(questionnairesSent()).toHaveLength(CLIENTS);
      },
      { timeout: 30_000, interval: 200 },
    );
    // Nothing left to send: anything sent twice would have shown by now.
    await vi.waitFor(
      async () => {
        const pending = await database.db
          .selectFrom('reply_outbox')
          .select('reply_id')
          .where('status', '=', 'pending')
          .execute();
        expect(pending).toEqual([]);
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(questionnairesSent().sort()).toEqual(clients.sort());
    const sessions = await database.db
      .selectFrom('screening_sessions')
      .select('session_id')
      .execute();
    expect(sessions).toHaveLength(CLIENTS);
  }, 60_000);
});
