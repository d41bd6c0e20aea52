import type { ServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackData } from '../src/bot/callback-data';
import { labels, texts } from '../src/texts';
import { registerThroughInvite, startProBot } from './pro-chat';

/** A case deleted for good from the archive, with everything that hangs on it. */
describe('pro bot: deleting a case', () => {
  let pro: ServiceHarness;
  let nextPersonId = 530_000;
  beforeAll(async () => {
    pro = await startProBot();
  });
  afterAll(() => pro.close());
  const db = () => pro.database.db;

  async function specialistWithCase(name: string) {
    const chat = await registerThroughInvite(pro, { id: ++nextPersonId, first_name: 'Вера' });
    await chat.send(labels.newCase);
    await chat.send(name);
    const theCase = await db()
      .selectFrom('contexts')
      .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
      .select(['contexts.context_id', 'users.user_id'])
      .where('users.telegram_id', '=', chat.person.id)
      .where('contexts.client_ref', '=', name)
      .executeTakeFirstOrThrow();
    return { chat, ...theCase };
  }

  /** What the tools and the screen bot leave on a case: a session, a result, usage, a client. */
  async function caseMaterial(owner: { context_id: string; user_id: string }) {
    const session = await db()
      .insertInto('tool_sessions')
      .values({
        bot_id: 'interpretator',
        context_id: owner.context_id,
        specialist_user_id: owner.user_id,
        chat_id: 1,
      })
      .returning('session_id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('ai_results')
      .values({
        context_id: owner.context_id,
        session_id: session.session_id,
        specialist_user_id: owner.user_id,
        bot_id: 'interpretator',
        kind: 'interpretation',
        title: 'Интерпретация',
        body: 'Материал клиента',
        prompt_version: 'interpretation.v1',
        model: 'm',
      })
      .execute();
    await db()
      .insertInto('ai_usage')
      .values({
        job_id: crypto.randomUUID(),
        bot_id: 'interpretator',
        specialist_user_id: owner.user_id,
        context_id: owner.context_id,
        model: 'm',
        input_tokens: 10,
        output_tokens: 5,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
      })
      .execute();
    const clientTelegramId = ++nextPersonId;
    const client = await db()
      .insertInto('users')
      .values({ telegram_id: clientTelegramId, role: 'client', username: null, full_name: null })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('case_clients')
      .values({ context_id: owner.context_id, client_user_id: client.user_id })
      .execute();
    await db()
      .insertInto('bot_chat_state')
      .values({
        bot_id: 'screen',
        chat_id: clientTelegramId,
        state: 'idle',
        telegram_user_id: clientTelegramId,
      })
      .execute();
    return { clientUserId: client.user_id, clientTelegramId };
  }

  it('deletes an archived case with its results, sessions and only-this-case client, keeping the usage without the case', async () => {
    const owner = await specialistWithCase('Удаляемый');
    const { clientUserId, clientTelegramId } = await caseMaterial(owner);
    await owner.chat.send(labels.myCases);
    await owner.chat.pressButton('Удаляемый');
    await owner.chat.pressButton(labels.toArchive);
    await owner.chat.pressButton(labels.confirmArchive);
    await owner.chat.press(callbackData.openCase(owner.context_id));
    await owner.chat.pressButton(labels.deleteCase);
    expect(owner.chat.lastText()).toBe(texts.confirmDeleteCase('Удаляемый'));
    await owner.chat.pressButton(labels.confirmDeleteCase);
    expect(owner.chat.lastText()).toBe(texts.caseDeleted('Удаляемый'));

    expect(
      await db()
        .selectFrom('contexts')
        .selectAll()
        .where('context_id', '=', owner.context_id)
        .execute(),
    ).toEqual([]);
    expect(
      await db()
        .selectFrom('ai_results')
        .selectAll()
        .where('specialist_user_id', '=', owner.user_id)
        .execute(),
    ).toEqual([]);
    expect(
      await db()
        .selectFrom('tool_sessions')
        .selectAll()
        .where('specialist_user_id', '=', owner.user_id)
        .execute(),
    ).toEqual([]);
    expect(
      await db().selectFrom('users').selectAll().where('user_id', '=', clientUserId).execute(),
    ).toEqual([]);
    expect(
      await db()
        .selectFrom('bot_chat_state')
        .selectAll()
        .where('chat_id', '=', clientTelegramId)
        .execute(),
    ).toEqual([]);
    const usage = await db()
      .selectFrom('ai_usage')
      .select('context_id')
      .where('specialist_user_id', '=', owner.user_id)
      .execute();
    expect(usage).toEqual([{ context_id: null }]);
  });

  it('refuses to delete an active case, even from a forged button, and changes nothing', async () => {
    const owner = await specialistWithCase('Активный');
    await owner.chat.send(labels.myCases);
    await owner.chat.pressButton('Активный');
    expect(owner.chat.inlineButtons().map((b) => b.text)).not.toContain(labels.deleteCase);
    expect(await owner.chat.press(callbackData.confirmDeleteCase(owner.context_id))).toBe(
      texts.archiveBeforeDelete,
    );
    expect(
      await db()
        .selectFrom('contexts')
        .select('context_id')
        .where('context_id', '=', owner.context_id)
        .execute(),
    ).toHaveLength(1);
  });

  it('never deletes another specialist’s case', async () => {
    const owner = await specialistWithCase('Чужой');
    const other = await specialistWithCase('Свой');
    expect(await other.chat.press(callbackData.confirmDeleteCase(owner.context_id))).toBe(
      texts.caseNotFound,
    );
    expect(
      await db()
        .selectFrom('contexts')
        .select('context_id')
        .where('context_id', '=', owner.context_id)
        .execute(),
    ).toHaveLength(1);
  });
});
