import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { texts } from '../src/texts';

describe('screen bot', () => {
  let harness: ServiceHarness;
  const person = { id: 4242 };

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'screen', buildApp });
  });
  afterAll(() => harness.close());

  it('asks someone without an invitation to open their specialist’s link, writing nothing', async () => {
    expect((await harness.deliver(textMessage(person, '/start'))).status).toBe(200);
    expect((await harness.deliver(textMessage(person, 'привет'))).status).toBe(200);
    expect(
      (await harness.deliver(textMessage(person, '/start 0123456789abcdef01234567'))).status,
    ).toBe(200);
    expect(harness.telegram.textsSentTo(person.id)).toEqual([
      texts.start,
      texts.start,
      texts.inviteUnknown,
    ]);
    expect(await harness.database.db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('reports itself healthy with its database reachable', async () => {
    // Once the service has become its bot's reply sender (its lease is taken at start).
    await harness.repliesSent();
    const response = await harness.app.inject({ method: 'GET', url: '/health' });
    expect(response.json()).toEqual({
      status: 'ok',
      version: '0.1.0',
      bot: 'screen',
      database: 'up',
      nats: 'not_configured',
      outbox_backlog: 0,
      reply_backlog: 0,
      reply_sender: 'active',
    });
  });
});
