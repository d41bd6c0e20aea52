import { buttonPress, nextUpdateId, type ServiceHarness, textMessage } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { billingLabels } from '../src/billing-texts';
import { callbackData } from '../src/bot/callback-data';
import { labels, texts } from '../src/texts';
import { trainerLabels } from '../src/trainer-texts';
import { ADMIN, createInviteAsAdmin, ProChat, startProBot } from './pro-chat';

describe('pro bot: registration by invitation', () => {
  let harness: ServiceHarness;
  let admin: ProChat;
  let nextPersonId = 100_000;
  const newPerson = () => ({
    id: ++nextPersonId,
    first_name: 'Анна',
    last_name: 'Петрова',
    username: `anna${nextPersonId}`,
  });

  beforeAll(async () => {
    harness = await startProBot();
  });
  beforeEach(() => {
    admin = new ProChat(harness, ADMIN);
  });
  afterAll(() => harness.close());

  const db = () => harness.database.db;
  const userCount = async () =>
    (
      await db()
        .selectFrom('users')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const chatStateCount = async (chatId: number) =>
    (
      await db()
        .selectFrom('bot_chat_state')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('chat_id', '=', chatId)
        // Every chat keeps a row for its flood counter; a saved state is what counts.
        .where('state', 'is not', null)
        .executeTakeFirstOrThrow()
    ).n;

  it('tells a stranger without a token that access is by invitation, and writes nothing', async () => {
    const stranger = new ProChat(harness, newPerson());
    const usersBefore = await userCount();
    await stranger.send('/start');
    expect(stranger.texts()).toEqual([texts.invitationOnly]);
    expect(await userCount()).toBe(usersBefore);
    expect(await chatStateCount(stranger.person.id)).toBe(0);
  });

  it('answers a stranger writing five messages once, and again only after the period', async () => {
    const stranger = new ProChat(harness, newPerson());
    for (const text of ['/start', 'хочу доступ', labels.newCase, '/delete_me', '/start 0123']) {
      await stranger.send(text);
    }
    expect(stranger.texts()).toEqual([texts.invitationOnly]);
    // A button press is no message: it is answered every time, so its spinner stops.
    expect(await stranger.press(callbackData.openCase('whatever'))).toBe(texts.invitationOnly);

    // As if the period (STRANGER_REPLY_INTERVAL_MINUTES, 10 by default) had passed.
    await db()
      .updateTable('bot_chat_state')
      .set({ stranger_answered_at: sql<Date>`now() - interval '11 minutes'` })
      .where('bot_id', '=', 'pro')
      .where('chat_id', '=', stranger.person.id)
      .execute();
    await stranger.send('а теперь?');
    await stranger.send('ну пожалуйста');
    expect(stranger.texts()).toEqual([texts.invitationOnly, texts.invitationOnly]);
  });

  it('registers a stranger who was answered a moment ago, once they open a valid invite', async () => {
    const stranger = new ProChat(harness, newPerson());
    await stranger.send('/start');
    const token = await createInviteAsAdmin(admin, 'после отказа');
    await stranger.send(`/start ${token}`);
    await stranger.pressButton(labels.acceptTerms);
    expect(stranger.lastText()).toBe(`${texts.welcome('Анна Петрова')}\n\n${texts.mainMenu}`);
  });

  it('registers a specialist from a valid invite and spends one use', async () => {
    const token = await createInviteAsAdmin(admin, 'Анна, супервизия');
    const person = newPerson();
    const chat = new ProChat(harness, person);
    await chat.send(`/start ${token}`);
    await chat.pressButton(labels.acceptTerms);

    const user = await db()
      .selectFrom('users')
      .selectAll()
      .where('telegram_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      role: 'specialist',
      status: 'active',
      username: person.username,
      full_name: 'Анна Петрова',
    });
    const invite = await db()
      .selectFrom('invites')
      .selectAll()
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    expect(invite.used_count).toBe(1);
    expect(chat.lastText()).toBe(`${texts.welcome('Анна Петрова')}\n\n${texts.mainMenu}`);
    expect(chat.replyKeyboard()).toEqual([
      labels.newCase,
      labels.myCases,
      trainerLabels.trainer,
      billingLabels.balance,
      labels.help,
    ]);
    const state = await db()
      .selectFrom('bot_chat_state')
      .selectAll()
      .where('bot_id', '=', 'pro')
      .where('chat_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('main_menu');
  });

  it('says which: an unknown, a used-up, an expired and a revoked token, writing nothing', async () => {
    const used = await createInviteAsAdmin(admin, 'first');
    const first = new ProChat(harness, newPerson());
    await first.send(`/start ${used}`);
    await first.pressButton(labels.acceptTerms);
    const expired = await createInviteAsAdmin(admin, 'second');
    await db()
      .updateTable('invites')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('token', '=', expired)
      .execute();
    const revoked = await createInviteAsAdmin(admin, 'third');
    await db()
      .updateTable('invites')
      .set({ revoked_at: new Date() })
      .where('token', '=', revoked)
      .execute();

    const tokens = ['0123456789abcdef', 'not-a-token', used, expired, revoked];
    // One person each: a stranger hears the bot once per period.
    const latecomers = tokens.map(() => new ProChat(harness, newPerson()));
    const usersBefore = await userCount();
    for (const [i, token] of tokens.entries()) await latecomers[i]?.send(`/start ${token}`);
    expect(latecomers.map((latecomer) => latecomer.texts())).toEqual([
      [texts.inviteUnknown],
      [texts.inviteUnknown],
      [texts.inviteUsedUp],
      [texts.inviteExpired],
      [texts.inviteRevoked],
    ]);
    expect(await userCount()).toBe(usersBefore);
    for (const latecomer of latecomers) {
      expect(await chatStateCount(latecomer.person.id)).toBe(0);
    }
    const invites = await db()
      .selectFrom('invites')
      .select(['token', 'used_count'])
      .where('token', 'in', [expired, revoked])
      .execute();
    expect(invites.map((invite) => invite.used_count)).toEqual([0, 0]);
  });

  it('shows a registered specialist the menu for another invite link, without spending it', async () => {
    const first = await createInviteAsAdmin(admin, 'one');
    const second = await createInviteAsAdmin(admin, 'two');
    const chat = new ProChat(harness, newPerson());
    await chat.send(`/start ${first}`);
    await chat.pressButton(labels.acceptTerms);
    await chat.send(`/start ${second}`);
    expect(chat.lastText()).toBe(`${texts.alreadyRegistered}\n\n${texts.mainMenu}`);
    const invite = await db()
      .selectFrom('invites')
      .select('used_count')
      .where('token', '=', second)
      .executeTakeFirstOrThrow();
    expect(invite.used_count).toBe(0);
    await chat.send('/start');
    expect(chat.lastText()).toBe(texts.mainMenu);
  });

  it('lets exactly one of 20 people racing for a one-use invite register', async () => {
    const token = await createInviteAsAdmin(admin, 'race');
    const people = Array.from({ length: 20 }, newPerson);
    const opened = await Promise.all(
      people.map((person) => harness.deliver(textMessage(person, `/start ${token}`))),
    );
    expect(opened.every((answer) => answer.status === 200)).toBe(true);
    // Everyone reads the terms; the invite is spent by whoever accepts first.
    const accept = new ProChat(harness, people[0] ?? newPerson()).findButton(labels.acceptTerms);
    const pressed = people.map((person) => ({ person, updateId: nextUpdateId() }));
    const answers = await Promise.all(
      pressed.map(({ person, updateId }) =>
        harness.deliver(buttonPress(person, accept.callback_data ?? '', 1, updateId)),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);

    const registered = await db()
      .selectFrom('users')
      .select('telegram_id')
      .where(
        'telegram_id',
        'in',
        people.map((person) => person.id),
      )
      .execute();
    expect(registered).toHaveLength(1);
    const invite = await db()
      .selectFrom('invites')
      .select('used_count')
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    expect(invite.used_count).toBe(1);
    const lastTexts = people.map((person) => harness.telegram.textsSentTo(person.id).at(-1) ?? '');
    expect(lastTexts.filter((text) => text.startsWith('Добро пожаловать'))).toHaveLength(1);
    const refusals = pressed.map(
      ({ updateId }) =>
        harness.telegram
          .callsTo('answerCallbackQuery')
          .find((call) => call.params.callback_query_id === `cbq-${updateId}`)?.params.text,
    );
    expect(refusals.filter((text) => text === texts.inviteUsedUp)).toHaveLength(19);
  });

  it('gives an admin who is not a specialist the invitation text with a hint to /admin', async () => {
    const lonelyAdmin = new ProChat(harness, ADMIN);
    const before = lonelyAdmin.texts().length;
    await lonelyAdmin.send('/start');
    expect(lonelyAdmin.textsSince(before)).toEqual([
      `${texts.invitationOnly}\n\n${texts.adminHint}`,
    ]);
  });
});
