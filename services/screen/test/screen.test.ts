import { createLaunchToken } from '@psycheos/shared';
import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { texts } from '../src/texts';

describe('screen bot', () => {
  let harness: ServiceHarness;
  let nextPersonId = 4_200;
  const db = () => harness.database.db;

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'screen', buildApp });
  });
  afterAll(() => harness.close());

  const say = async (person: { id: number }, text: string) => {
    expect((await harness.deliver(textMessage(person, text))).status).toBe(200);
  };

  /** A specialist's case and a screening invite for it, as the pro bot makes them. */
  async function screeningInvite(): Promise<string> {
    const specialist = await db()
      .insertInto('users')
      .values({ telegram_id: ++nextPersonId, role: 'specialist', username: null, full_name: null })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const theCase = await db()
      .insertInto('contexts')
      .values({ specialist_user_id: specialist.user_id, client_ref: 'Кейс' })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    return createLaunchToken(db(), {
      botId: 'screen',
      specialistUserId: specialist.user_id,
      contextId: theCase.context_id,
    });
  }

  it('asks someone without an invitation to open their specialist’s link, once, writing nothing', async () => {
    const person = { id: ++nextPersonId };
    await say(person, '/start');
    await say(person, 'привет');
    await say(person, '/start 0123456789abcdef01234567');
    await say(person, 'алло');
    await say(person, '/start');
    // A stranger hears the bot once per period (STRANGER_REPLY_INTERVAL_MINUTES).
    expect(harness.telegram.textsSentTo(person.id)).toEqual([texts.start]);
    const users = await db()
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', person.id)
      .execute();
    expect(users).toEqual([]);
  });

  it('links a stranger it has just answered once they open an invite, and answers them from then on', async () => {
    const person = { id: ++nextPersonId };
    await say(person, 'привет');
    await say(person, `/start ${await screeningInvite()}`);
    await say(person, 'когда опросники?');
    await say(person, 'и всё-таки?');
    expect(harness.telegram.textsSentTo(person.id)).toEqual([
      texts.start,
      texts.linked,
      texts.waiting,
      texts.waiting,
    ]);
  });

  it('keeps both clients when two screening invites of one case are opened', async () => {
    const first = { id: ++nextPersonId };
    const second = { id: ++nextPersonId };
    const token = await screeningInvite();
    const launch = await db()
      .selectFrom('launch_tokens')
      .select(['context_id', 'specialist_user_id'])
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    const another = await createLaunchToken(db(), {
      botId: 'screen',
      specialistUserId: launch.specialist_user_id,
      contextId: launch.context_id,
    });
    await say(first, `/start ${token}`);
    await say(second, `/start ${another}`);
    const links = await db()
      .selectFrom('case_clients')
      .innerJoin('users', 'users.user_id', 'case_clients.client_user_id')
      .select('users.telegram_id')
      .where('case_clients.context_id', '=', launch.context_id)
      .orderBy('users.telegram_id')
      .execute();
    expect(links).toEqual([{ telegram_id: first.id }, { telegram_id: second.id }]);
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
      outbox_backlog: expect.any(Number),
      reply_backlog: 0,
      reply_sender: 'active',
    });
  });
});
