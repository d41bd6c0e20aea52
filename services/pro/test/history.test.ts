import type { ServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackData } from '../src/bot/callback-data';
import { labels } from '../src/texts';
import { type ProChat, registerThroughInvite, startProBot } from './pro-chat';

/** «🗂 История» on a case card: what the AI tools saved for the case, as the specialist reads it. */
describe('pro bot: a case’s history of AI results', () => {
  let pro: ServiceHarness;
  let nextPersonId = 510_000;

  beforeAll(async () => {
    pro = await startProBot();
  });
  afterAll(() => pro.close());

  async function specialistWithCase(name: string) {
    const chat = await registerThroughInvite(pro, { id: ++nextPersonId, first_name: 'Анна' });
    await chat.send(labels.newCase);
    await chat.send(name);
    const db = pro.database.db;
    const theCase = await db
      .selectFrom('contexts')
      .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
      .select(['contexts.context_id', 'users.user_id'])
      .where('users.telegram_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();
    return { chat, ...theCase };
  }

  /** A result as a tool saves it (libs/ai saveResult), with a session to tie it to. */
  async function savedResult(
    owner: { context_id: string; user_id: string },
    body: string,
    review: 'draft' | 'checked',
  ) {
    const db = pro.database.db;
    const session = await db
      .insertInto('tool_sessions')
      .values({
        bot_id: 'interpretator',
        context_id: owner.context_id,
        specialist_user_id: owner.user_id,
        chat_id: 1,
      })
      .returning('session_id')
      .executeTakeFirstOrThrow();
    return db
      .insertInto('ai_results')
      .values({
        context_id: owner.context_id,
        session_id: session.session_id,
        specialist_user_id: owner.user_id,
        bot_id: 'interpretator',
        kind: 'interpretation',
        title: 'Интерпретация материала',
        body,
        prompt_version: 'interpretation.v1',
        model: 'claude-test',
        review,
      })
      .returning('result_id')
      .executeTakeFirstOrThrow();
  }

  const openHistory = async (chat: ProChat, caseName: string) => {
    await chat.send(labels.myCases);
    await chat.pressButton(caseName);
    await chat.pressButton(labels.history);
  };

  it('lists the case’s results newest first, says which are drafts, and shows one in full', async () => {
    const owner = await specialistWithCase('Кейс А');
    await savedResult(owner, '## Рабочие гипотезы\n\n**1. Тревога** <оценки>', 'checked');
    await savedResult(owner, 'Вторая интерпретация', 'draft');
    await openHistory(owner.chat, 'Кейс А');
    const entries = owner.chat.inlineButtons().map((button) => button.text);
    expect(entries[0]).toMatch(/^🔍 Интерпретация · .* · 📝 черновик$/);
    expect(entries[1]).toMatch(/^🔍 Интерпретация · .* · ✅ проверено$/);

    await owner.chat.pressButton(/✅ проверено/);
    const shown = owner.chat.lastText();
    expect(shown).toContain('<b>1. Тревога</b> &lt;оценки&gt;');
    expect(shown).toContain('interpretation.v1');
  });

  it('says so when the case has no results yet', async () => {
    const owner = await specialistWithCase('Кейс Б');
    await openHistory(owner.chat, 'Кейс Б');
    expect(owner.chat.lastText()).toMatch(/пока нет результатов/);
  });

  it('never shows another specialist’s case history or result', async () => {
    const owner = await specialistWithCase('Кейс В');
    const { result_id } = await savedResult(owner, 'Чужая интерпретация', 'draft');
    const other = await specialistWithCase('Кейс Г');
    const before = other.chat.texts().length;
    expect(await other.chat.press(callbackData.openResult(result_id))).toBe('Результат не найден.');
    expect(await other.chat.press(callbackData.caseHistory(owner.context_id))).toBe(
      'Кейс не найден.',
    );
    expect(other.chat.texts().slice(before).join('\n')).not.toContain('Чужая');
  });

  it('deletes the results with the account', async () => {
    const owner = await specialistWithCase('Кейс Д');
    await savedResult(owner, 'Будет удалено', 'draft');
    await owner.chat.send('/delete_me');
    await owner.chat.pressButton(labels.confirmDeleteMe);
    const left = await pro.database.db
      .selectFrom('ai_results')
      .select('result_id')
      .where('specialist_user_id', '=', owner.user_id)
      .execute();
    expect(left).toEqual([]);
  });
});
