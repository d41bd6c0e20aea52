import {
  type ServiceHarness,
  savedChatStates,
  startServiceHarness,
  textMessage,
} from '@psycheos/shared/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';

describe('conceptualizator bot', () => {
  let harness: ServiceHarness;
  const person = { id: 4242 };

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'conceptualizator', buildApp });
  });
  afterAll(() => harness.close());

  it('sends someone without a launch link to the pro bot, and writes no state', async () => {
    expect((await harness.deliver(textMessage(person, '/start'))).status).toBe(200);
    expect((await harness.deliver(textMessage(person, '/finish'))).status).toBe(200);
    expect(harness.telegram.textsSentTo(person.id)).toEqual([
      expect.stringContaining('«🧰 Инструменты» → «Концептуализатор»'),
      'Сессия не открыта.',
    ]);
    expect(await savedChatStates(harness.database.db)).toEqual([]);
  });

  it('publishes its username for the pro bot and reports itself healthy', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health' });
    expect(response.json()).toEqual({
      status: 'ok',
      version: '0.1.0',
      bot: 'conceptualizator',
      database: 'up',
      nats: 'not_configured',
      outbox_backlog: 0,
    });
    // Written in the background after start-up (getMe may be slow).
    await vi.waitFor(async () => {
      const directory = await harness.database.db.selectFrom('bot_directory').selectAll().execute();
      expect(directory.map((row) => [row.bot_id, row.username])).toEqual([
        ['conceptualizator', 'psycheos_test_1000001_bot'],
      ]);
    });
  });
});
