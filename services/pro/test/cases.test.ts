import type { ServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackData } from '../src/bot/callback-data';
import { scheduleLabels } from '../src/schedule-texts';
import { labels, texts } from '../src/texts';
import { type ProChat, registerThroughInvite, startProBot } from './pro-chat';

describe('pro bot: a specialist and their cases', () => {
  let harness: ServiceHarness;
  let nextPersonId = 200_000;
  const newSpecialist = () =>
    registerThroughInvite(harness, { id: ++nextPersonId, first_name: 'Вера' });

  beforeAll(async () => {
    harness = await startProBot();
  });
  afterAll(() => harness.close());

  const db = () => harness.database.db;
  const casesOf = (chat: ProChat) =>
    db()
      .selectFrom('contexts')
      .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
      .select(['contexts.context_id', 'contexts.client_ref', 'contexts.status'])
      .where('users.telegram_id', '=', chat.person.id)
      .orderBy('contexts.created_at')
      .execute();
  const stateOf = (chat: ProChat) =>
    db()
      .selectFrom('bot_chat_state')
      .selectAll()
      .where('bot_id', '=', 'pro')
      .where('chat_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();

  it('creates a case from the next text after "➕ Новый кейс", trimmed, and returns to the menu', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    expect(chat.lastText()).toBe(texts.askCaseName);
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([labels.cancel]);
    expect((await stateOf(chat)).state).toBe('waiting_case_name');

    const before = chat.texts().length;
    await chat.send('   Клиент М., 34 года  ');
    expect(chat.textsSince(before)).toEqual([
      texts.caseCreated('Клиент М., 34 года'),
      texts.mainMenu,
    ]);
    expect(await casesOf(chat)).toEqual([
      expect.objectContaining({ client_ref: 'Клиент М., 34 года', status: 'active' }),
    ]);
    expect((await stateOf(chat)).state).toBe('main_menu');
  });

  it('asks again for an empty name, a name over 64 characters, a command or a sticker', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    const before = chat.texts().length;
    await chat.send('   ');
    await chat.send('я'.repeat(65));
    await chat.send('/newcase');
    await chat.sendSticker();
    expect(chat.textsSince(before)).toEqual([
      texts.nameEmpty,
      texts.nameTooLong(65),
      texts.nameIsCommand,
      texts.nameNotText,
    ]);
    expect(await casesOf(chat)).toEqual([]);
    expect((await stateOf(chat)).state).toBe('waiting_case_name');

    // The count agrees with its noun: 71 символ, 72 символа, 75 символов.
    for (const length of [71, 72, 75]) await chat.send('я'.repeat(length));
    expect(chat.textsSince(before).slice(-3)).toEqual([
      'Слишком длинное название: 71 символ, а можно до 64. Попробуйте короче.',
      'Слишком длинное название: 72 символа, а можно до 64. Попробуйте короче.',
      'Слишком длинное название: 75 символов, а можно до 64. Попробуйте короче.',
    ]);

    // 64 characters, emoji counted as one each, is still a valid name.
    const longest = `${'🙂'.repeat(4)}${'ж'.repeat(60)}`;
    await chat.send(longest);
    expect((await casesOf(chat)).map((c) => c.client_ref)).toEqual([longest]);
  });

  it('cancels naming by the button or /cancel, creating nothing', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    expect(await chat.pressButton(labels.cancel)).toBe(texts.cancelled);
    expect(chat.lastText()).toBe(`${texts.cancelled}\n\n${texts.mainMenu}`);
    await chat.send(labels.newCase);
    await chat.send('/cancel');
    expect(chat.lastText()).toBe(`${texts.cancelled}\n\n${texts.mainMenu}`);
    await chat.send('/cancel');
    expect(chat.lastText()).toBe(texts.nothingToCancel);
    expect(await casesOf(chat)).toEqual([]);
  });

  it('stores names as given and shows them as plain text, never as markup', async () => {
    const chat = await newSpecialist();
    const name = '<b>Иван</b> *жирный* \u200Bשלום';
    await chat.send(labels.newCase);
    await chat.send(name);
    expect((await casesOf(chat))[0]?.client_ref).toBe(name);
    const sent = harness.telegram
      .callsTo('sendMessage')
      .filter((call) => call.params.chat_id === chat.person.id);
    expect(sent.every((call) => call.params.parse_mode === undefined)).toBe(true);
    expect(chat.texts()).toContain(texts.caseCreated(name));
  });

  it('lists only the specialist’s own active cases, eight to a page', async () => {
    const chat = await newSpecialist();
    const other = await newSpecialist();
    await other.send(labels.newCase);
    await other.send('Чужой кейс');
    for (let i = 1; i <= 10; i++) {
      await chat.send(labels.newCase);
      await chat.send(`Кейс ${i}`);
    }
    await chat.send(labels.myCases);
    expect(chat.lastText()).toBe(texts.caseList(0));
    const firstPage = chat.inlineButtons().map((b) => b.text);
    expect(firstPage.slice(0, 8)).toEqual([
      'Кейс 10',
      'Кейс 9',
      'Кейс 8',
      'Кейс 7',
      'Кейс 6',
      'Кейс 5',
      'Кейс 4',
      'Кейс 3',
    ]);
    expect(firstPage.slice(8)).toEqual([labels.next, labels.archive]);

    await chat.pressButton(labels.next);
    expect(chat.lastText()).toBe(texts.caseList(1));
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      'Кейс 2',
      'Кейс 1',
      labels.previous,
      labels.archive,
    ]);
    expect(chat.texts().join('\n')).not.toContain('Чужой кейс');
  });

  it('opens a card, makes the case active, renames it', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    await chat.send('Ольга');
    await chat.send(labels.myCases);
    await chat.pressButton('Ольга');
    expect(chat.lastText()).toMatch(/^📄 Кейс: Ольга\nСтатус: активный/);
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      labels.makeActive,
      labels.tools,
      scheduleLabels.schedule,
      labels.history,
      labels.screeningHistory,
      labels.rename,
      labels.toArchive,
      labels.backToCases,
    ]);

    expect(await chat.pressButton(labels.makeActive)).toBe(texts.caseActivated('Ольга'));
    const [created] = await casesOf(chat);
    expect((await stateOf(chat)).context_id).toBe(created?.context_id);
    expect(chat.lastText()).toContain('📌 Это ваш активный кейс.');

    await chat.pressButton(labels.rename);
    expect(chat.lastText()).toBe(texts.askNewCaseName('Ольга'));
    expect((await stateOf(chat)).state).toBe('waiting_case_rename');
    await chat.send('Ольга К.');
    expect(chat.lastText()).toBe(`${texts.caseRenamed('Ольга К.')}\n\n${texts.mainMenu}`);
    expect((await casesOf(chat)).map((c) => c.client_ref)).toEqual(['Ольга К.']);
    expect((await stateOf(chat)).state).toBe('main_menu');
  });

  it('archives after a confirmation, lists the archive apart and restores', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    await chat.send('Пётр');
    await chat.send(labels.myCases);
    await chat.pressButton('Пётр');
    await chat.pressButton(labels.makeActive);
    await chat.pressButton(labels.toArchive);
    expect(chat.lastText()).toBe(texts.confirmArchive('Пётр'));
    expect((await casesOf(chat))[0]?.status).toBe('active');

    await chat.pressButton(labels.confirmArchive);
    expect(chat.lastText()).toBe(texts.caseArchived('Пётр'));
    expect((await casesOf(chat))[0]?.status).toBe('archived');
    // An archived case is no longer anyone's active case.
    expect((await stateOf(chat)).context_id).toBeNull();

    await chat.send(labels.myCases);
    expect(chat.lastText()).toBe(texts.noCases);
    await chat.pressButton(labels.archive);
    expect(chat.lastText()).toBe(texts.archivedList(0));
    await chat.pressButton('Пётр');
    expect(chat.lastText()).toMatch(/Статус: в архиве/);
    expect(await chat.pressButton(labels.restore)).toBe(texts.caseRestored('Пётр'));
    expect((await casesOf(chat))[0]?.status).toBe('active');
  });

  it('handles buttons on old messages after the case was archived', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    await chat.send('Старый');
    const [created] = await casesOf(chat);
    const id = created?.context_id ?? '';
    await chat.press(callbackData.confirmArchive(id));

    expect(await chat.press(callbackData.activateCase(id))).toBe(texts.caseIsArchived);
    expect(await chat.press(callbackData.renameCase(id))).toBe(texts.caseIsArchived);
    expect(await chat.press(callbackData.confirmArchive(id))).toBe(texts.caseIsArchived);
    expect((await stateOf(chat)).context_id).toBeNull();
    expect((await stateOf(chat)).state).toBe('main_menu');
  });

  it('refuses buttons naming another specialist’s case, changing nothing', async () => {
    const owner = await newSpecialist();
    const intruder = await newSpecialist();
    await owner.send(labels.newCase);
    await owner.send('Тайна');
    const [secret] = await casesOf(owner);
    const id = secret?.context_id ?? '';

    for (const data of [
      callbackData.openCase(id),
      callbackData.activateCase(id),
      callbackData.renameCase(id),
      callbackData.confirmArchive(id),
      callbackData.restoreCase(id),
      'case:open:not-a-uuid',
      "case:open:'; drop table contexts; --",
    ]) {
      expect(await intruder.press(data)).toBe(texts.caseNotFound);
    }
    expect(await casesOf(owner)).toEqual([
      expect.objectContaining({ client_ref: 'Тайна', status: 'active' }),
    ]);
    expect((await stateOf(intruder)).context_id).toBeNull();
    expect(intruder.texts().join('\n')).not.toContain('Тайна');
  });

  it('answers text that fits no step, an unknown command and an unknown button', async () => {
    const chat = await newSpecialist();
    const before = chat.texts().length;
    await chat.send('что дальше?');
    await chat.send('/whatever');
    await chat.send(labels.help);
    expect(chat.textsSince(before)).toEqual([
      texts.notUnderstood,
      texts.unknownCommand,
      texts.help,
    ]);
    expect(await chat.press('no-such-action')).toBe(texts.staleButton);
    expect(await chat.press('cases:page:abc')).toBe(texts.staleButton);
  });

  it('keeps every callback_data within Telegram’s 64 bytes', async () => {
    const chat = await newSpecialist();
    await chat.send(labels.newCase);
    await chat.send('Длинный'.repeat(9));
    await chat.send(labels.myCases);
    await chat.pressButton(/^Длинный/);
    await chat.pressButton(labels.toArchive);
    const allData = harness.telegram.calls
      .flatMap(
        (call) =>
          (call.params.reply_markup as { inline_keyboard?: { callback_data?: string }[][] })
            ?.inline_keyboard ?? [],
      )
      .flat()
      .map((button) => button.callback_data ?? '');
    expect(allData.length).toBeGreaterThan(0);
    expect(Math.max(...allData.map((data) => Buffer.byteLength(data)))).toBeLessThanOrEqual(64);
  });
});
