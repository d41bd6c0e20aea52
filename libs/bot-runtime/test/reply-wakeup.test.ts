import type { Database } from '@psycheos/db';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { captureLogs, createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { Api } from 'grammy';
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplyMetrics } from '../src/replies/reply-metrics';
import { enqueueReplies, REPLY_PRIORITY } from '../src/replies/reply-outbox';
import { ReplySender } from '../src/replies/reply-sender';

/** Longer than any test here runs: a reply these tests see sent was not found by the slow poll. */
const NEVER_MS = 10 * 60_000;

/** Polls `check` until it holds; bounded, so a test that waits in vain fails instead of hanging. */
async function waitFor(check: () => boolean | Promise<boolean>, attempts = 250): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the condition never held');
}

/** A row as a process that tells no one writes it: straight into the table. */
async function writtenByAnotherProcess(db: Kysely<Database>, chat: number, text: string) {
  await db
    .insertInto('reply_outbox')
    .values({
      bot_id: 'pro',
      chat_id: chat,
      method: 'sendMessage',
      payload: JSON.stringify({ chat_id: chat, text }),
      priority: REPLY_PRIORITY.known,
    })
    .execute();
}

describe('the reply sender wakes when replies are written', () => {
  let database: TestDatabase;
  let telegram: FakeTelegram;
  const senders: ReplySender[] = [];
  const logs = captureLogs('reply-wakeup-test');

  beforeEach(async () => {
    database = await createTestDatabase();
    telegram = await startFakeTelegram();
  });
  afterEach(async () => {
    for (const sender of senders.splice(0)) await sender.stop();
    await telegram.close();
    await database.destroy();
  });

  /** A process's sender of pro's replies, looking for unannounced rows every `pollMs`. */
  function startSender(pollMs: number): ReplySender {
    const sender = new ReplySender({
      botId: 'pro',
      db: database.db,
      api: new Api('1000001:TEST-token_for-wakeup', { apiRoot: telegram.apiRoot }),
      logger: logs.logger,
      metrics: new ReplyMetrics('pro', new Registry()),
      leaseUrl: database.url,
      windowSize: 100,
      maxInFlight: 10,
      maxAgeMs: 60_000,
      settledRetentionHours: 48,
      pollMs,
      leaseRetryMs: 50,
    });
    senders.push(sender);
    sender.start();
    return sender;
  }

  it('sends what a job or an event consumer wrote in its own transaction, in order, without waiting for the slow poll', async () => {
    const sender = startSender(NEVER_MS);
    await waitFor(() => sender.isActive);
    // Nothing pokes the sender here, as after a webhook: the write itself tells it.
    await database.db.transaction().execute(async (tx) => {
      await enqueueReplies(tx, {
        botId: 'pro',
        chatId: 501,
        priority: REPLY_PRIORITY.known,
        calls: [
          { method: 'sendMessage', payload: { chat_id: 501, text: 'ответ готов' } },
          { method: 'sendMessage', payload: { chat_id: 501, text: 'и ещё' } },
        ],
      });
    });

    await waitFor(() => telegram.textsSentTo(501).length === 2);
    expect(telegram.textsSentTo(501)).toEqual(['ответ готов', 'и ещё']);
  });

  it('sends a reply a standby replica committed as soon as the standby announces it', async () => {
    const holder = startSender(NEVER_MS);
    await waitFor(() => holder.isActive);
    const standby = startSender(NEVER_MS);

    // The standby's pipeline committed a reply and pokes its own sender, which does not send.
    await writtenByAnotherProcess(database.db, 502, 'от другой реплики');
    standby.poke();

    await waitFor(() => telegram.textsSentTo(502).length === 1);
    expect(telegram.textsSentTo(502)).toEqual(['от другой реплики']);
    expect(standby.isActive).toBe(false);
  });

  it('still sends a row another process wrote and announced to no one, at its slow poll', async () => {
    const sender = startSender(50);
    await waitFor(() => sender.isActive);

    await writtenByAnotherProcess(database.db, 503, 'никто не сказал');

    await waitFor(() => telegram.textsSentTo(503).length === 1);
    expect(telegram.textsSentTo(503)).toEqual(['никто не сказал']);
  });
});
