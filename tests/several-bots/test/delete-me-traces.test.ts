import { callbackData } from '@psycheos/pro/src/bot/callback-data';
import { labels, texts } from '@psycheos/pro/src/texts';
import { ADMIN, ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import type { ClientChat } from '@psycheos/screen/test/client-chat';
import {
  buttonPress,
  findPersonalTraces,
  type ServiceHarness,
  textMessage,
} from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerEverything, clientInQuestionnaire, screeningLinks } from '../src/screening-clients';
import { type Bots, startBots } from '../src/start-bots';

/**
 * /delete_me reaches what is about the person outside their own rows: every client who
 * signed up for their cases, the admin's invite note and log, and the events published
 * about them, in the outbox and in JetStream. Pro and screen run as in production, on
 * one database and one NATS namespace.
 */
describe('pro bot: /delete_me leaves no trace elsewhere', () => {
  let pro: ServiceHarness;
  let screen: ServiceHarness;
  let nextId = 700_000;
  let bots: Bots<'pro' | 'screen'>;
  const db = () => pro.database.db;

  beforeAll(async () => {
    bots = await startBots({ bots: ['pro', 'screen'] });
    ({ pro, screen } = bots);
  });
  afterAll(async () => {
    await bots?.close();
  });

  const userOf = (chat: ProChat) =>
    db()
      .selectFrom('users')
      .select(['user_id', 'telegram_id'])
      .where('telegram_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();

  async function specialistWithCase(note: string, caseName: string) {
    const chat = await registerThroughInvite(pro, { id: ++nextId, first_name: 'Мария' }, note);
    await chat.send(labels.newCase);
    await chat.send(caseName);
    await chat.send(labels.myCases);
    await chat.pressButton(caseName);
    return { chat, user: await userOf(chat) };
  }

  async function deleteAccount(chat: ProChat) {
    await chat.send('/delete_me');
    await chat.pressButton(labels.confirmDeleteMe);
    expect(chat.lastText()).toBe(texts.accountDeleted);
  }

  it('deletes both clients when two screening sign-ups linked them to one case, with their answers', async () => {
    const { chat } = await specialistWithCase('для скрининга', 'Семья К.');
    const clients = [{ id: ++nextId }, { id: ++nextId }];
    const tokens = await screeningLinks(chat, 'Семья К.', clients.length);
    for (const [i, client] of clients.entries()) {
      await screen.deliver(textMessage(client, `/start ${tokens[i]}`));
      expect(screen.telegram.textsSentTo(client.id)).toEqual([
        screenTexts.consent(21, 4, screenTexts.unnamedOperator),
      ]);
    }
    // The first client answers a question: a session and an answer exist for the case.
    const [session] = await db().selectFrom('screening_sessions').select('session_id').execute();
    await screen.deliver(buttonPress(clients[0] as { id: number }, `c:${session?.session_id}:yes`));
    await screen.deliver(buttonPress(clients[0] as { id: number }, `a:${session?.session_id}:0:1`));
    expect(await db().selectFrom('screening_answers').select('value').execute()).toHaveLength(1);
    const clientRows = () =>
      db()
        .selectFrom('users')
        .select('role')
        .where(
          'telegram_id',
          'in',
          clients.map((client) => client.id),
        )
        .execute();
    expect(await clientRows()).toEqual([{ role: 'client' }, { role: 'client' }]);

    await deleteAccount(chat);

    expect(await clientRows()).toEqual([]);
    const clientChats = await db()
      .selectFrom('bot_chat_state')
      .select('chat_id')
      .where(
        'chat_id',
        'in',
        clients.map((client) => client.id),
      )
      .execute();
    expect(clientChats).toEqual([]);
    for (const table of ['screening_sessions', 'screening_answers', 'screening_invites'] as const) {
      expect(await db().selectFrom(table).selectAll().execute(), table).toEqual([]);
    }
  });

  it('scrubs the admin’s invite note that named them and their id in the admin log', async () => {
    const note = 'Мария Иванова, психотерапевт, Казань';
    const { chat, user } = await specialistWithCase(note, 'Кейс М.');
    const admin = new ProChat(pro, ADMIN);
    await admin.press(callbackData.blockSpecialist(user.user_id));
    await admin.press(callbackData.unblockSpecialist(user.user_id));
    const auditNaming = () =>
      db().selectFrom('admin_audit').select('action').where('target', '=', user.user_id).execute();
    expect(await auditNaming()).toHaveLength(2);

    await deleteAccount(chat);

    const invites = await db().selectFrom('invites').select(['note', 'used_by_user_id']).execute();
    expect(invites.filter((invite) => invite.note === note)).toEqual([]);
    expect(invites.filter((invite) => invite.used_by_user_id === user.user_id)).toEqual([]);
    expect(await auditNaming()).toEqual([]);
    // What the admin sees: the entries stay, naming a deleted account; the note is gone.
    await admin.send('/admin');
    await admin.send(labels.auditLog);
    expect(admin.lastText()).toContain(`заблокировал специалиста ${texts.deletedAccount}`);
    expect(admin.lastText()).toContain(`разблокировал специалиста ${texts.deletedAccount}`);
    await admin.send(labels.invites);
    expect(admin.lastText()).not.toContain('Мария Иванова');
  });

  it('erases the events about them from the outbox and from JetStream, and no one else’s', async () => {
    const leaving = await specialistWithCase('уходит', 'Кейс Л.');
    const staying = await specialistWithCase('остаётся', 'Кейс О.');
    const eventsOf = (userId: string) =>
      db()
        .selectFrom('event_outbox')
        .select(['event_id', 'stream_seq'])
        .where(sql<string>`payload -> 'payload' ->> 'specialist_user_id'`, '=', userId)
        .execute();
    // The relay publishes each case.created and records where the stream keeps it.
    const published = async (userId: string) => {
      let sequences: number[] = [];
      await vi.waitFor(
        async () => {
          const events = await eventsOf(userId);
          expect(events).toHaveLength(1);
          sequences = events.flatMap((event) => (event.stream_seq ? [event.stream_seq] : []));
          expect(sequences).toHaveLength(1);
        },
        { timeout: 15_000 },
      );
      return sequences;
    };
    const leavingSeqs = await published(leaving.user.user_id);
    const stayingSeqs = await published(staying.user.user_id);
    const nats = pro.deps.nats;
    const manager = await nats?.connection()?.jetstreamManager();
    if (!nats || !manager) throw new Error('the pro harness has no NATS');
    const inStream = async (seq: number) => {
      try {
        await manager.streams.getMessage(nats.streamName, { seq });
        return true;
      } catch {
        return false;
      }
    };
    expect(await inStream(leavingSeqs[0] ?? 0)).toBe(true);

    await deleteAccount(leaving.chat);

    expect(await eventsOf(leaving.user.user_id)).toEqual([]);
    await vi.waitFor(
      async () => {
        expect(await db().selectFrom('event_purges').select('event_id').execute()).toEqual([]);
      },
      { timeout: 15_000 },
    );
    expect(await inStream(leavingSeqs[0] ?? 0)).toBe(false);
    expect(await inStream(stayingSeqs[0] ?? 0)).toBe(true);
    expect(await eventsOf(staying.user.user_id)).toHaveLength(1);
  });

  /**
   * Queue rows as an older release of the AI tools named them, after the chat, that is the
   * person's Telegram id: graphile-worker never deletes a queue row by itself.
   */
  async function legacyAiQueuesOf(telegramIds: number[]): Promise<string[]> {
    const names = telegramIds.flatMap((id) => [`ai:interpretator:${id}`, `ai:simulator:${id}`]);
    await sql`insert into graphile_worker._private_job_queues (queue_name)
      select unnest(${names}::text[])`.execute(db());
    return names;
  }

  it('forgets the AI tools’ old job queues named after their Telegram id, and no one else’s', async () => {
    const leaving = await specialistWithCase('уходит', 'Кейс Т.');
    const staying = await specialistWithCase('остаётся', 'Кейс У.');
    const [leavingQueues, stayingQueues] = [
      await legacyAiQueuesOf([leaving.chat.person.id]),
      await legacyAiQueuesOf([staying.chat.person.id]),
    ];

    await deleteAccount(leaving.chat);

    const queues = await sql<{ queue_name: string }>`
      select queue_name from graphile_worker._private_job_queues
      where queue_name = any(${[...leavingQueues, ...stayingQueues]}::text[])
      order by queue_name`.execute(db());
    expect(queues.rows.map((queue) => queue.queue_name)).toEqual(stayingQueues);
  });

  const screenChatRows = (telegramIds: number[]) =>
    db()
      .selectFrom('bot_chat_state')
      .select(['chat_id', 'state'])
      .where('bot_id', '=', 'screen')
      .where('chat_id', 'in', telegramIds)
      .execute();

  it('keeps no chat row of a client who presses their questionnaire during or after the specialist’s deletion', async () => {
    const { chat } = await specialistWithCase('для скрининга', 'Кейс Н.');
    const [token = ''] = await screeningLinks(chat, 'Кейс Н.', 1);
    const client = await clientInQuestionnaire(screen, token, { id: ++nextId });
    const [answer, otherAnswer] = client.buttons().map((button) => button.callback_data ?? '');
    // The notice that the client joined comes through NATS, in its own time: let it arrive
    // first, so the deletion's confirmation is the last thing the specialist is shown.
    await vi.waitFor(() => expect(chat.texts()).toContain(texts.clientLinked('Кейс Н.')), {
      timeout: 15_000,
    });

    // The client does not see the deletion: one press is on its way as it happens...
    await chat.send('/delete_me');
    await Promise.all([chat.pressButton(labels.confirmDeleteMe), client.press(answer ?? '')]);
    expect(chat.lastText()).toBe(texts.accountDeleted);
    // ...and one comes later, from the old buttons.
    expect(await client.press(otherAnswer ?? '')).toBe(screenTexts.sessionOver);

    expect(await screenChatRows([client.person.id])).toEqual([]);
  });

  /** Every event published (or erased), every reply sent: nothing is in flight. */
  async function settled() {
    await vi.waitFor(
      async () => {
        const unpublished = await db()
          .selectFrom('event_outbox')
          .select('event_id')
          .where('stream_seq', 'is', null)
          .execute();
        const toErase = await db().selectFrom('event_purges').select('event_id').execute();
        const unsent = await db()
          .selectFrom('reply_outbox')
          .select('reply_id')
          .where('status', '=', 'pending')
          .execute();
        expect([...unpublished, ...toErase, ...unsent]).toEqual([]);
      },
      { timeout: 15_000 },
    );
    await pro.repliesSent();
    await screen.repliesSent();
  }

  it('leaves no id, name, label or typed word of a deleted specialist, their clients, or a client who withdrew', async () => {
    const leaving = {
      id: 7_310_000_001,
      first_name: 'Евдокия',
      last_name: 'Зильберштейн',
      username: 'evdokia_zilber',
    };
    const chat = await registerThroughInvite(pro, leaving, 'Евдокия Зильберштейн, Тверь');
    await chat.send(labels.newCase);
    await chat.send('Семья Кукушкиных');
    const theirClients = [
      { id: 7_310_000_002, first_name: 'Аглая', username: 'aglaya_kuku' },
      { id: 7_310_000_003, first_name: 'Феофан', username: 'feofan_kuku' },
    ];
    const tokens = await screeningLinks(chat, 'Семья Кукушкиных', theirClients.length);
    const lastAnswers: { client: ClientChat; pressed: string }[] = [];
    for (const [i, person] of theirClients.entries()) {
      const client = await clientInQuestionnaire(screen, tokens[i] ?? '', person);
      lastAnswers.push({ client, pressed: await answerEverything(client) });
      await client.send('Боюсь темноты с прошлой зимы');
    }
    // Another specialist's client answers too, then withdraws with /delete_me.
    const staying = await specialistWithCase('остаётся', 'Кейс С.');
    const [stayingToken = ''] = await screeningLinks(staying.chat, 'Кейс С.', 1);
    const withdrawing = { id: 7_310_000_004, first_name: 'Ростислава', username: 'rostislava_w' };
    const client = await clientInQuestionnaire(screen, stayingToken, withdrawing);
    await answerEverything(client);
    await client.send('Снится старый дом на Оке');
    const people = [leaving, ...theirClients, withdrawing];
    const userIds = await db()
      .selectFrom('users')
      .select('user_id')
      .where(
        'telegram_id',
        'in',
        people.map((person) => person.id),
      )
      .execute();
    expect(userIds).toHaveLength(4);
    await client.send('/delete_me');
    await client.pressButton(screenTexts.confirmDeleteYes);
    expect(client.lastText()).toBe(screenTexts.deleted);
    const completed = texts.screeningCompleted('Семья Кукушкиных', []).trim();
    await vi.waitFor(() => {
      expect(staying.chat.lastText()).toBe(texts.clientWithdrew('Кейс С.'));
      expect(chat.texts().filter((text) => text.startsWith(completed))).toHaveLength(2);
    });
    await settled();
    await legacyAiQueuesOf([leaving.id]);

    await deleteAccount(chat);
    // A double tap on the last answer, arriving after the deletion.
    const doubleTap = lastAnswers[1];
    expect(await doubleTap?.client.press(doubleTap.pressed)).toBe(screenTexts.sessionOver);
    await settled();

    const traces = await findPersonalTraces(db(), [
      ...people.flatMap((person) => [person.id, person.first_name, person.username]),
      ...userIds.map((user) => user.user_id),
      'Зильберштейн',
      'Кукушкин',
      'темноты с прошлой зимы',
      'старый дом на Оке',
    ]);
    expect(traces).toEqual([]);
  }, 60_000);
});
