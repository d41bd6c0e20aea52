import { createLaunchToken } from '@psycheos/db';
import type { ServiceHarness } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackData } from '../src/bot/callback-data';
import { labels, texts } from '../src/texts';
import { ADMIN, ProChat, registerThroughInvite, startProBot } from './pro-chat';

/**
 * /delete_me: a specialist erases their account and everything that hangs on it,
 * in every bot's tables, and only a count-only audit row stays behind.
 */
describe('pro bot: /delete_me', () => {
  let harness: ServiceHarness;
  let nextId = 600_000;
  const db = () => harness.database.db;

  beforeAll(async () => {
    harness = await startProBot();
  });
  afterAll(() => harness.close());

  const userOf = (chat: ProChat) =>
    db()
      .selectFrom('users')
      .selectAll()
      .where('telegram_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();

  const casesOf = (userId: string) =>
    db()
      .selectFrom('contexts')
      .selectAll()
      .where('specialist_user_id', '=', userId)
      .orderBy('created_at')
      .execute();

  async function createCase(chat: ProChat, name: string): Promise<string> {
    await chat.send(labels.newCase);
    await chat.send(name);
    const user = await userOf(chat);
    const found = (await casesOf(user.user_id)).find((c) => c.client_ref === name);
    if (!found) throw new Error(`case ${name} was not created`);
    return found.context_id;
  }

  /** A client who opened a screening invite for `caseId`, as the screen bot records them. */
  async function linkClient(caseId: string, telegramId: number, screenCaseId = caseId) {
    const client = await db()
      .insertInto('users')
      .values({ telegram_id: telegramId, role: 'client', username: null, full_name: null })
      .onConflict((c) => c.column('telegram_id').doUpdateSet({ role: 'client' }))
      .returning('user_id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('case_clients')
      .values({ context_id: caseId, client_user_id: client.user_id })
      .execute();
    await db()
      .insertInto('bot_chat_state')
      .values({
        bot_id: 'screen',
        chat_id: telegramId,
        state: 'linked',
        context_id: screenCaseId,
        role: 'client',
        telegram_user_id: telegramId,
      })
      .onConflict((c) => c.columns(['bot_id', 'chat_id']).doUpdateSet({ context_id: screenCaseId }))
      .execute();
    return client.user_id;
  }

  /**
   * A specialist with two cases (one active and made their active case, one archived),
   * a tool link, an open tool session, and a client linked through screening.
   */
  async function specialistWithData() {
    const chat = await registerThroughInvite(harness, { id: ++nextId, first_name: 'Удаляемая' });
    const user = await userOf(chat);
    const activeCase = await createCase(chat, 'Клиент А');
    await chat.send(labels.myCases);
    await chat.pressButton('Клиент А');
    await chat.pressButton(labels.makeActive);
    const archivedCase = await createCase(chat, 'Клиент Б');
    await chat.press(callbackData.confirmArchive(archivedCase));

    const token = await createLaunchToken(db(), {
      botId: 'interpretator',
      specialistUserId: user.user_id,
      contextId: activeCase,
    });
    await db()
      .insertInto('bot_chat_state')
      .values({
        bot_id: 'interpretator',
        chat_id: chat.person.id,
        state: 'tool_session',
        state_payload: JSON.stringify({ specialistUserId: user.user_id }),
        context_id: activeCase,
        role: 'specialist',
        telegram_user_id: chat.person.id,
      })
      .execute();
    const clientTelegramId = ++nextId;
    const clientUserId = await linkClient(activeCase, clientTelegramId);
    return { chat, user, activeCase, archivedCase, token, clientTelegramId, clientUserId };
  }

  type Setup = Awaited<ReturnType<typeof specialistWithData>>;

  /** Every row anywhere that belongs to the specialist or to their own client. */
  async function footprint(setup: Setup) {
    const telegramIds = [setup.chat.person.id, setup.clientTelegramId];
    const caseIds = [setup.activeCase, setup.archivedCase];
    const [users, contexts, caseClients, launchTokens, chatStates, events] = await Promise.all([
      db().selectFrom('users').select('user_id').where('telegram_id', 'in', telegramIds).execute(),
      db()
        .selectFrom('contexts')
        .select('context_id')
        .where((eb) =>
          eb.or([
            eb('specialist_user_id', '=', setup.user.user_id),
            eb('context_id', 'in', caseIds),
          ]),
        )
        .execute(),
      db()
        .selectFrom('case_clients')
        .select('context_id')
        .where((eb) =>
          eb.or([eb('client_user_id', '=', setup.clientUserId), eb('context_id', 'in', caseIds)]),
        )
        .execute(),
      db()
        .selectFrom('launch_tokens')
        .select('token')
        .where((eb) =>
          eb.or([eb('specialist_user_id', '=', setup.user.user_id), eb('token', '=', setup.token)]),
        )
        .execute(),
      db()
        .selectFrom('bot_chat_state')
        .select(['bot_id', 'chat_id'])
        .where((eb) =>
          eb.or([
            eb('telegram_user_id', 'in', telegramIds),
            eb('chat_id', 'in', telegramIds),
            eb('context_id', 'in', caseIds),
          ]),
        )
        .execute(),
      db()
        .selectFrom('event_outbox')
        .select('event_id')
        .where(sql<string>`payload -> 'payload' ->> 'specialist_user_id'`, '=', setup.user.user_id)
        .execute(),
    ]);
    return {
      users: users.length,
      contexts: contexts.length,
      caseClients: caseClients.length,
      launchTokens: launchTokens.length,
      chatStates: chatStates.length,
      events: events.length,
    };
  }

  const deletions = () =>
    db().selectFrom('account_deletions').selectAll().orderBy('deleted_at').execute();

  it('asks first, and deletes the account and everything of it on confirmation', async () => {
    const setup = await specialistWithData();
    const { chat } = setup;
    // Before: the specialist, their client, two cases, a client link, a tool link, chat
    // states in pro, interpretator and screen, and three case events (two created, one
    // archived) in the outbox. (Published events: delete-me-traces.test.ts.)
    expect(await footprint(setup)).toEqual({
      users: 2,
      contexts: 2,
      caseClients: 1,
      launchTokens: 1,
      chatStates: 3,
      events: 3,
    });
    const deletionsBefore = await deletions();

    await chat.send('/delete_me');
    expect(chat.lastText()).toBe(texts.confirmDeleteMe(2));
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      labels.confirmDeleteMe,
      labels.cancel,
    ]);
    // Asking changes nothing.
    expect((await footprint(setup)).users).toBe(2);

    expect(await chat.pressButton(labels.confirmDeleteMe)).toBeUndefined();
    const reply = harness.telegram.callsTo('sendMessage').at(-1);
    expect(reply?.params).toMatchObject({
      chat_id: chat.person.id,
      text: texts.accountDeleted,
      reply_markup: { remove_keyboard: true },
    });
    expect(await footprint(setup)).toEqual({
      users: 0,
      contexts: 0,
      caseClients: 0,
      launchTokens: 0,
      chatStates: 0,
      events: 0,
    });

    // One audit row more, with counts only: nothing that says whose account it was.
    const after = await deletions();
    expect(after).toHaveLength(deletionsBefore.length + 1);
    const audit = after.find(
      (row) => !deletionsBefore.some((b) => b.deletion_id === row.deletion_id),
    );
    expect(audit).toEqual({
      deletion_id: expect.any(String),
      deleted_at: expect.any(Date),
      cases_deleted: 2,
      clients_deleted: 1,
    });
  });

  it('answers a stale confirmation, and anything else, as to a stranger', async () => {
    const setup = await specialistWithData();
    const { chat } = setup;
    await chat.send('/delete_me');
    await chat.pressButton(labels.confirmDeleteMe);
    const deletionsAfterFirst = (await deletions()).length;

    expect(await chat.press(callbackData.confirmDeleteMe)).toBe(texts.invitationOnly);
    expect(await chat.press(callbackData.cancelDeleteMe)).toBe(texts.invitationOnly);
    const before = chat.texts().length;
    await chat.send('/delete_me');
    await chat.send('/start');
    // A stranger's messages are answered once per period.
    expect(chat.textsSince(before)).toEqual([texts.invitationOnly]);
    expect(await deletions()).toHaveLength(deletionsAfterFirst);
    expect((await footprint(setup)).users).toBe(0);
  });

  it('cancels back to the main menu, deleting nothing', async () => {
    const setup = await specialistWithData();
    const { chat } = setup;
    const before = await footprint(setup);
    const deletionsBefore = (await deletions()).length;

    await chat.send('/delete_me');
    expect(await chat.pressButton(labels.cancel)).toBeUndefined();
    expect(chat.lastText()).toBe(`${texts.deleteMeCancelled}\n\n${texts.mainMenu}`);
    expect(chat.replyKeyboard()).toContain(labels.newCase);
    expect(await footprint(setup)).toEqual(before);
    expect(await deletions()).toHaveLength(deletionsBefore);
    // The account still works.
    await chat.send(labels.myCases);
    expect(chat.lastText()).toBe(texts.caseList(0));
  });

  it('leaves another specialist and a client they share untouched', async () => {
    const leaving = await specialistWithData();
    const staying = await registerThroughInvite(harness, { id: ++nextId, first_name: 'Остаётся' });
    const stayingUser = await userOf(staying);
    const stayingCase = await createCase(staying, 'Клиент В');
    // A second client came through a case of each; their screen chat is on the staying one's.
    const sharedTelegramId = ++nextId;
    const sharedUserId = await linkClient(leaving.archivedCase, sharedTelegramId, stayingCase);
    await db()
      .insertInto('case_clients')
      .values({ context_id: stayingCase, client_user_id: sharedUserId })
      .execute();
    const snapshot = async () => ({
      user: await userOf(staying),
      cases: await casesOf(stayingUser.user_id),
      state: await db()
        .selectFrom('bot_chat_state')
        .selectAll()
        .where('chat_id', 'in', [staying.person.id, sharedTelegramId])
        .orderBy('bot_id')
        .orderBy('chat_id')
        .execute(),
      shared: await db()
        .selectFrom('users')
        .selectAll()
        .where('user_id', '=', sharedUserId)
        .execute(),
      sharedLink: await db()
        .selectFrom('case_clients')
        .select('context_id')
        .where('client_user_id', '=', sharedUserId)
        .where('context_id', '=', stayingCase)
        .execute(),
      events: await db()
        .selectFrom('event_outbox')
        .select('event_id')
        .where(sql<string>`payload -> 'payload' ->> 'specialist_user_id'`, '=', stayingUser.user_id)
        .execute(),
    });
    const before = await snapshot();
    expect(before.shared).toHaveLength(1);
    expect(before.sharedLink).toHaveLength(1);
    expect(before.events).toHaveLength(1);

    await leaving.chat.send('/delete_me');
    await leaving.chat.pressButton(labels.confirmDeleteMe);

    expect(await snapshot()).toEqual(before);
    // The leaving specialist's own client went; the shared one is still the other's client.
    expect(await footprint(leaving)).toMatchObject({ users: 0, contexts: 0, chatStates: 0 });
    expect((await deletions()).at(-1)).toMatchObject({ cases_deleted: 2, clients_deleted: 1 });
    await staying.send(labels.myCases);
    expect(staying.inlineButtons().map((b) => b.text)).toContain('Клиент В');
  });

  it('lets a blocked specialist delete their account: data rights do not depend on access', async () => {
    const setup = await specialistWithData();
    const { chat } = setup;
    const admin = new ProChat(harness, ADMIN);
    await admin.press(callbackData.blockSpecialist(setup.user.user_id));
    await chat.send(labels.myCases);
    expect(chat.lastText()).toBe(texts.blocked);
    const deletionsBefore = (await deletions()).length;

    // Changing their mind leaves them where they were: blocked, with no menu.
    await chat.send('/delete_me');
    expect(chat.lastText()).toBe(texts.confirmDeleteMe(2));
    await chat.pressButton(labels.cancel);
    expect(chat.lastText()).toBe(texts.deleteMeCancelled);
    expect((await footprint(setup)).users).toBe(2);

    await chat.send('/delete_me');
    expect(await chat.pressButton(labels.confirmDeleteMe)).toBeUndefined();
    expect(chat.lastText()).toBe(texts.accountDeleted);
    expect(await footprint(setup)).toMatchObject({ users: 0, contexts: 0, chatStates: 0 });
    expect(await deletions()).toHaveLength(deletionsBefore + 1);
  });

  it('deletes the replies Telegram refused for the person, keeping others’', async () => {
    const setup = await specialistWithData();
    const { chat } = setup;
    const refusedFor = async (chatId: number) =>
      (
        await db()
          .insertInto('reply_outbox')
          .values({
            bot_id: 'pro',
            chat_id: chatId,
            method: 'sendMessage',
            payload: JSON.stringify({ chat_id: chatId, text: 'x' }),
            status: 'failed',
          })
          .returning('reply_id')
          .executeTakeFirstOrThrow()
      ).reply_id;
    const theirs = await refusedFor(chat.person.id);
    const someoneElses = await refusedFor(++nextId);

    await chat.send('/delete_me');
    await chat.pressButton(labels.confirmDeleteMe);

    const left = await db().selectFrom('reply_outbox').select('reply_id').execute();
    expect(left.map((row) => row.reply_id)).not.toContain(theirs);
    expect(left.map((row) => row.reply_id)).toContain(someoneElses);
  });

  it('is offered in /help, and only to registered specialists', async () => {
    expect(texts.help).toContain('/delete_me');
    const stranger = new ProChat(harness, { id: ++nextId });
    await stranger.send('/delete_me');
    expect(stranger.lastText()).toBe(texts.invitationOnly);
  });
});
