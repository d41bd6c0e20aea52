import { nextUpdateId, type ServiceHarness, savedChatStates } from '@psycheos/testkit';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../src/texts';
import {
  ADMIN,
  createInviteAsAdmin,
  ProChat,
  registerThroughInvite,
  startProBot,
} from './pro-chat';

describe('pro bot: odd updates and what reaches the logs', () => {
  let harness: ServiceHarness;

  beforeAll(async () => {
    harness = await startProBot();
  });
  afterAll(() => harness.close());

  const user = { id: 555_001, is_bot: false, first_name: 'X' };
  const chat = { id: -100_123, type: 'channel' as const, title: 'Канал' };
  const now = Math.floor(Date.now() / 1000);
  // Shapes as Telegram sends them; typed loosely because the Bot API types lag its newest fields.
  const odd: Record<string, Record<string, unknown>> = {
    poll: {
      poll: {
        id: 'p',
        question: '?',
        options: [],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: 'regular',
        allows_multiple_answers: false,
      },
    },
    inline_query: { inline_query: { id: 'q', from: user, query: 'кейс', offset: '' } },
    my_chat_member: {
      my_chat_member: {
        chat: { id: user.id, type: 'private', first_name: 'X' },
        from: user,
        date: now,
        old_chat_member: { status: 'member', user },
        new_chat_member: { status: 'kicked', user, until_date: 0 },
      },
    },
    channel_post: { channel_post: { message_id: 1, date: now, chat, text: 'пост' } },
    edited_message: {
      edited_message: {
        message_id: 1,
        date: now,
        edit_date: now,
        chat: { id: user.id, type: 'private', first_name: 'X' },
        from: user,
        text: 'правка',
      },
    },
    message_reaction: {
      message_reaction: {
        chat: { id: user.id, type: 'private', first_name: 'X' },
        message_id: 1,
        date: now,
        old_reaction: [],
        new_reaction: [{ type: 'emoji', emoji: '👍' }],
        user,
      },
    },
    group_message: {
      message: {
        message_id: 2,
        date: now,
        chat: { id: -42, type: 'group', title: 'Группа' },
        from: user,
        text: '/start',
      },
    },
  };

  it.each(Object.keys(odd))(
    'answers 200 to a %s update and writes nothing for it',
    async (kind) => {
      const response = await harness.deliver({
        update_id: nextUpdateId(),
        ...odd[kind],
      } as unknown as Update);
      expect(response).toEqual({ status: 200, body: { ok: true } });
      expect(await harness.database.db.selectFrom('users').selectAll().execute()).toEqual([]);
      expect(await savedChatStates(harness.database.db)).toEqual([]);
      expect(harness.logLines.join('\n')).not.toMatch(/"level":(50|60)/);
    },
  );

  it('keeps tokens, secrets, invite links, names and notes out of every log line', async () => {
    const admin = new ProChat(harness, ADMIN);
    const inviteToken = await createInviteAsAdmin(admin, 'Заметка-про-Марию');
    const person = {
      id: 555_002,
      first_name: 'Мария',
      last_name: 'Секретова',
      username: 'maria_secret',
    };
    const specialist = new ProChat(harness, person);
    await specialist.send(`/start ${inviteToken}`);
    await specialist.pressButton(labels.acceptTerms);
    await specialist.send(labels.newCase);
    await specialist.send('Клиент Тайнов, депрессия');
    await specialist.send('произвольный текст клиента');
    await registerThroughInvite(harness, { id: 555_003, first_name: 'Второй' });

    const logs = harness.logLines.join('\n');
    expect(harness.logLines.length).toBeGreaterThan(0);
    for (const secret of [
      harness.token,
      harness.token.split(':')[1] ?? '',
      harness.secret,
      inviteToken,
      'Заметка-про-Марию',
      'Секретова',
      'maria_secret',
      'Тайнов',
      'произвольный текст',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
