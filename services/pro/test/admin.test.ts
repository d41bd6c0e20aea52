import type { ServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingLabels } from '../src/billing-texts';
import { callbackData } from '../src/bot/callback-data';
import { labels, texts } from '../src/texts';
import {
  ADMIN,
  ProChat,
  registerThroughInvite,
  startProBot,
  tokenFromInviteMessage,
} from './pro-chat';

describe('pro bot: the admin panel', () => {
  let harness: ServiceHarness;
  let admin: ProChat;
  let nextPersonId = 300_000;
  const newPerson = () => ({
    id: ++nextPersonId,
    first_name: 'Игорь',
    username: `igor${nextPersonId}`,
  });

  beforeAll(async () => {
    harness = await startProBot();
    admin = new ProChat(harness, ADMIN);
  });
  afterAll(() => harness.close());

  const db = () => harness.database.db;
  const userByTelegramId = (id: number) =>
    db().selectFrom('users').selectAll().where('telegram_id', '=', id).executeTakeFirstOrThrow();

  it('opens with /admin, showing the panel keyboard and the counts', async () => {
    await admin.send('/admin');
    expect(admin.lastText()).toBe(
      texts.adminPanel({ specialists: 0, blockedSpecialists: 0, activeCases: 0, openInvites: 0 }),
    );
    expect(admin.replyKeyboard()).toEqual([
      labels.createInvite,
      labels.invites,
      labels.specialists,
      labels.stats,
      labels.auditLog,
      billingLabels.payments,
      labels.leaveAdmin,
    ]);
    const state = await db()
      .selectFrom('bot_chat_state')
      .select('state')
      .where('chat_id', '=', ADMIN.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('admin_panel');
  });

  it('creates an invite from a note: 16 hex characters, one use, seven days, a deep link', async () => {
    await admin.send('/admin');
    await admin.send(labels.createInvite);
    expect(admin.lastText()).toBe(texts.askInviteNote);
    await admin.send('  Мария, гештальт  ');
    const message = admin.texts().findLast((text) => text.includes('?start=')) ?? '';
    const token = tokenFromInviteMessage(message);
    expect(message).toContain(`https://t.me/psycheos_test_1000001_bot?start=${token}`);

    const invite = await db()
      .selectFrom('invites')
      .selectAll()
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    expect(invite).toMatchObject({
      created_by: ADMIN.id,
      max_uses: 1,
      used_count: 0,
      note: 'Мария, гештальт',
      revoked_at: null,
    });
    const days = (invite.expires_at.getTime() - invite.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    expect(admin.lastText()).toMatch(/^🛠 Админ-панель/);
  });

  it('asks again for an empty or over-long note, and cancels', async () => {
    await admin.send(labels.createInvite);
    const before = admin.texts().length;
    await admin.send(' ');
    await admin.send('x'.repeat(201));
    expect(admin.textsSince(before)).toEqual([texts.noteEmpty, texts.noteTooLong(201)]);
    expect(await admin.pressButton(labels.cancel)).toBe(texts.cancelled);
    expect(admin.lastText()).toMatch(/^Отменено\.\n\n🛠 Админ-панель/);
  });

  it('lists invites with their status and revokes an active one', async () => {
    await admin.send(labels.createInvite);
    await admin.send('на отзыв');
    const token = tokenFromInviteMessage(
      admin.texts().findLast((t) => t.includes('?start=')) ?? '',
    );
    await admin.send(labels.invites);
    expect(admin.lastText()).toContain(`• ${token.slice(0, 8)}… — активно до`);
    expect(admin.lastText()).toContain('на отзыв');

    expect(await admin.pressButton(`${labels.revoke} ${token.slice(0, 8)}…`)).toBe(
      texts.inviteRevokedDone,
    );
    expect(admin.lastText()).toContain(`• ${token.slice(0, 8)}… — отозвано — на отзыв`);
    const invite = await db()
      .selectFrom('invites')
      .select('revoked_at')
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    expect(invite.revoked_at).toBeInstanceOf(Date);

    // The revoke button on the old message, pressed again, and the link itself.
    expect(await admin.press(callbackData.revokeInvite(token))).toBe(texts.inviteNoLongerActive);
    const person = new ProChat(harness, newPerson());
    await person.send(`/start ${token}`);
    expect(person.lastText()).toBe(texts.inviteRevoked);
  });

  it('blocks and unblocks a specialist; a blocked one is refused everywhere, old buttons included', async () => {
    const person = newPerson();
    const specialist = await registerThroughInvite(harness, person);
    await specialist.send(labels.newCase);
    await specialist.send('Кейс до блокировки');
    const [own] = await db().selectFrom('contexts').select('context_id').execute();

    await admin.send(labels.specialists);
    await admin.pressButton(/Игорь/);
    expect(admin.lastText()).toContain(`Telegram ID: ${person.id}`);
    expect(admin.lastText()).toContain('Активных кейсов: 1');
    expect(await admin.pressButton(labels.block)).toBe(texts.specialistBlocked);
    expect((await userByTelegramId(person.id)).status).toBe('blocked');
    expect(admin.lastText()).toContain('🚫 заблокирован');

    const before = specialist.texts().length;
    await specialist.send('/start');
    await specialist.send(labels.newCase);
    await specialist.send('ещё кейс');
    expect(specialist.textsSince(before)).toEqual([texts.blocked, texts.blocked, texts.blocked]);
    expect(await specialist.press(callbackData.openCase(own?.context_id ?? ''))).toBe(
      texts.blocked,
    );
    const count = await db().selectFrom('contexts').select('context_id').execute();
    expect(count).toHaveLength(1);

    expect(await admin.pressButton(labels.unblock)).toBe(texts.specialistUnblocked);
    expect((await userByTelegramId(person.id)).status).toBe('active');
    await specialist.send('/start');
    expect(specialist.lastText()).toBe(texts.mainMenu);
  });

  it('counts specialists, active cases and open invites', async () => {
    await admin.send(labels.stats);
    const specialists = await db()
      .selectFrom('users')
      .select('user_id')
      .where('role', '=', 'specialist')
      .execute();
    const activeCases = await db()
      .selectFrom('contexts')
      .select('context_id')
      .where('status', '=', 'active')
      .execute();
    expect(specialists.length).toBeGreaterThan(0);
    expect(admin.lastText()).toContain(`Специалистов: ${specialists.length}`);
    expect(admin.lastText()).toContain(`Активных кейсов: ${activeCases.length}`);
  });

  it('refuses admin actions from a non-admin, without a hint that they exist', async () => {
    const specialist = await registerThroughInvite(harness, newPerson());
    const victim = await registerThroughInvite(harness, newPerson());
    const victimRow = await userByTelegramId(victim.person.id);
    const invitesBefore = await db().selectFrom('invites').selectAll().execute();

    await specialist.send('/admin');
    expect(specialist.lastText()).toBe(texts.unknownCommand);
    await specialist.send('/nonsense');
    expect(specialist.lastText()).toBe(texts.unknownCommand);
    await specialist.send(labels.createInvite);
    expect(specialist.lastText()).toBe(texts.notUnderstood);

    const open = invitesBefore.find((invite) => invite.used_count === 0 && !invite.revoked_at);
    for (const data of [
      callbackData.blockSpecialist(victimRow.user_id),
      callbackData.revokeInvite(open?.token ?? '0123456789abcdef'),
      callbackData.specialistsPage(0),
    ]) {
      expect(await specialist.press(data)).toBe(texts.staleButton);
    }
    expect((await userByTelegramId(victim.person.id)).status).toBe('active');
    expect(await db().selectFrom('invites').selectAll().execute()).toEqual(invitesBefore);
  });

  it('keeps an audit log of invites, revocations, blocks and unblocks, shown in the panel', async () => {
    const entries = await db()
      .selectFrom('admin_audit')
      .select(['admin_telegram_id', 'action', 'target'])
      .orderBy('created_at')
      .execute();
    // Earlier tests in this file: invites created (and one revoked), a specialist blocked and unblocked.
    const actions = new Set(entries.map((entry) => entry.action));
    expect(actions).toEqual(
      new Set(['invite_created', 'invite_revoked', 'specialist_blocked', 'specialist_unblocked']),
    );
    expect(entries.every((entry) => entry.admin_telegram_id === ADMIN.id)).toBe(true);
    const revoked = entries.find((entry) => entry.action === 'invite_revoked');
    const revokedInvite = await db()
      .selectFrom('invites')
      .select('revoked_at')
      .where('token', '=', revoked?.target ?? '')
      .executeTakeFirstOrThrow();
    expect(revokedInvite.revoked_at).toBeInstanceOf(Date);

    await admin.send(labels.auditLog);
    const log = admin.lastText();
    expect(log).toMatch(/^📜 Последние действия администраторов:/);
    expect(log).toContain(`${ADMIN.id}: отозвал приглашение ${revoked?.target.slice(0, 8)}…`);
    expect(log).toContain(`${ADMIN.id}: заблокировал специалиста`);
    // Ids only: no note, no name.
    expect(log).not.toContain('на отзыв');
    expect(log).not.toContain('Игорь');
  });

  it('leaves the panel; an admin who is not a specialist is told how to return', async () => {
    await admin.send('/admin');
    await admin.send(labels.leaveAdmin);
    expect(admin.lastText()).toBe(`${texts.leftAdmin} ${texts.adminHint}`);
  });
});
