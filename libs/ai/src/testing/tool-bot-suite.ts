import { launchScopeOf } from '@psycheos/db';
import type { BotId } from '@psycheos/platform';
import {
  type HarnessOptions,
  type ServiceHarness,
  savedChatStates,
  startServiceHarness,
  textMessage,
} from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acceptedTerms } from './accepted-terms';

/**
 * What every AI tool bot (interpretator, conceptualizator, simulator) must do before a
 * session exists: send a stranger to the pro bot's launcher (once per period), write
 * nothing for them, refuse a blocked specialist and end their session, send one who has not
 * accepted the terms in force to pro, and tell the pro bot its @username. The tools share createToolBot, so they share this suite.
 */
export function describeToolBot(options: {
  botId: BotId;
  buildApp: HarnessOptions['buildApp'];
  /**
   * The tool's button label in pro, as the stranger is told to find it: in a case card's
   * «🧰 Инструменты», or, for the trainer, in the main menu.
   */
  launcherLabel: string;
}): void {
  const { botId, buildApp, launcherLabel } = options;
  describe(`${botId} bot`, () => {
    let harness: ServiceHarness;
    let nextPersonId = 4_242;
    const db = () => harness.database.db;
    const say = async (person: { id: number }, text: string) => {
      expect((await harness.deliver(textMessage(person, text))).status).toBe(200);
    };

    /** A registered specialist with a case, and this bot's chat in a session (on the case, unless the trainer's). */
    async function specialistInSession(status: 'active' | 'blocked') {
      const person = { id: ++nextPersonId };
      const user = await db()
        .insertInto('users')
        .values({
          telegram_id: person.id,
          role: 'specialist',
          status,
          username: null,
          full_name: null,
          ...(await acceptedTerms(db())),
        })
        .returning('user_id')
        .executeTakeFirstOrThrow();
      const theCase = await db()
        .insertInto('contexts')
        .values({ specialist_user_id: user.user_id, client_ref: 'Кейс' })
        .returning('context_id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('bot_chat_state')
        .values({
          bot_id: botId,
          chat_id: person.id,
          state: 'tool_session',
          state_payload: JSON.stringify({ specialistUserId: user.user_id }),
          context_id: launchScopeOf(botId) === 'case' ? theCase.context_id : null,
          role: 'specialist',
          telegram_user_id: person.id,
        })
        .execute();
      return person;
    }
    const launcherText = expect.stringContaining(
      launchScopeOf(botId) === 'case'
        ? `«🧰 Инструменты» → «${launcherLabel}»`
        : `главное меню, «${launcherLabel}»`,
    );

    beforeAll(async () => {
      harness = await startServiceHarness({ botId, buildApp });
    });
    afterAll(() => harness.close());

    it('sends a stranger to the pro bot once, ignores the rest, and writes no state', async () => {
      const stranger = { id: ++nextPersonId };
      for (const text of ['/start', '/finish', 'привет', '/start 0123456789abcdef01234567']) {
        await say(stranger, text);
      }
      expect(harness.telegram.textsSentTo(stranger.id)).toEqual([launcherText]);
      const states = await savedChatStates(db());
      expect(states.filter((row) => row.chat_id === stranger.id)).toEqual([]);
    });

    it('answers a registered specialist every time, session or not', async () => {
      const specialist = await specialistInSession('active');
      await say(specialist, '/finish');
      await say(specialist, '/finish');
      await say(specialist, 'привет');
      expect(harness.telegram.textsSentTo(specialist.id)).toEqual([
        expect.stringMatching(/^Сессия завершена/),
        'Сессия не открыта.',
        launcherText,
      ]);
    });

    it('refuses a blocked specialist on their next update and ends their session', async () => {
      const specialist = await specialistInSession('blocked');
      await say(specialist, 'продолжим?');
      await say(specialist, '/finish');
      expect(harness.telegram.textsSentTo(specialist.id)).toEqual([
        expect.stringMatching(/^Ваш доступ к PsycheOS заблокирован/),
        expect.stringMatching(/^Ваш доступ к PsycheOS заблокирован/),
      ]);
      const state = await db()
        .selectFrom('bot_chat_state')
        .select(['state', 'context_id'])
        .where('bot_id', '=', botId)
        .where('chat_id', '=', specialist.id)
        .executeTakeFirstOrThrow();
      expect(state).toEqual({ state: 'idle', context_id: null });
    });

    it('sends a specialist who has not accepted the terms in force to pro, and keeps their session', async () => {
      const specialist = await specialistInSession('active');
      await db()
        .updateTable('users')
        .set({ terms_version: null, terms_accepted_at: null })
        .where('telegram_id', '=', specialist.id)
        .execute();
      await say(specialist, 'продолжим?');
      await say(specialist, '/finish');
      expect(harness.telegram.textsSentTo(specialist.id)).toEqual([
        expect.stringMatching(/^📄 Чтобы пользоваться инструментом, примите актуальные условия/),
        expect.stringMatching(/^📄 Чтобы пользоваться инструментом, примите актуальные условия/),
      ]);
      const state = await db()
        .selectFrom('bot_chat_state')
        .select('state')
        .where('bot_id', '=', botId)
        .where('chat_id', '=', specialist.id)
        .executeTakeFirstOrThrow();
      expect(state.state).toBe('tool_session');
    });

    it('publishes its username for the pro bot and reports itself healthy', async () => {
      // Once the service has become its bot's reply sender (its lease is taken at start).
      await harness.repliesSent();
      const response = await harness.app.inject({ method: 'GET', url: '/health' });
      expect(response.json()).toEqual({
        status: 'ok',
        version: '0.1.0',
        bot: botId,
        problems: [],
        database: 'up',
        database_refuses_writes: null,
        // getMe may still be on its way at start.
        telegram: expect.stringMatching(/^(checking|ok)$/),
        nats: 'not_configured',
        outbox_backlog: expect.any(Number),
        outbox_backlog_oldest_seconds: expect.toSatisfy((age) => age === null || age >= 0),
        reply_backlog: 0,
        reply_backlog_oldest_seconds: null,
        parked_events: 0,
        reply_sender: 'active',
      });
      // Written in the background after start-up (getMe may be slow).
      await vi.waitFor(async () => {
        const directory = await harness.database.db
          .selectFrom('bot_directory')
          .selectAll()
          .execute();
        expect(directory.map((row) => [row.bot_id, row.username])).toEqual([
          [botId, 'psycheos_test_1000001_bot'],
        ]);
      });
    });
  });
}
