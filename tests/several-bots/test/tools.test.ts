import { callbackData } from '@psycheos/pro/src/bot/callback-data';
import { labels, texts, toolTitles } from '@psycheos/pro/src/texts';
import { trainerLabels } from '@psycheos/pro/src/trainer-texts';
import { ADMIN, ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import {
  type ServiceHarness,
  savedChatStates,
  type TestDatabase,
  textMessage,
} from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Bots, startBots } from '../src/start-bots';

/**
 * The case tool launcher across bots: pro, interpretator and screen as in production,
 * on one database and one NATS namespace, each with its own fake Bot API.
 */
describe('pro bot: launching tools for a case', () => {
  let database: TestDatabase;
  let pro: ServiceHarness;
  let interpretator: ServiceHarness;
  let screen: ServiceHarness;
  let nextPersonId = 400_000;
  let bots: Bots<'pro' | 'interpretator' | 'screen'>;

  beforeAll(async () => {
    bots = await startBots({ bots: ['pro', 'interpretator', 'screen'] });
    ({ database, pro, interpretator, screen } = bots);
  });
  afterAll(async () => {
    await bots?.close();
  });

  const newSpecialistWithCase = async (name: string) => {
    const person = { id: ++nextPersonId, first_name: 'Лена' };
    const chat = await registerThroughInvite(pro, person);
    await chat.send(labels.newCase);
    await chat.send(name);
    await chat.send(labels.myCases);
    await chat.pressButton(name);
    return chat;
  };
  const linkOf = (chat: ProChat, caption: string) => chat.findButton(caption).url ?? '';
  const tokenOf = (link: string) => new URL(link).searchParams.get('start') ?? '';
  const openTool = async (chat: ProChat, title: string) => {
    await chat.pressButton(labels.tools);
    await chat.pressButton(title);
    return tokenOf(linkOf(chat, texts.openTool(title)));
  };
  const toolTexts = (chat: ProChat) => interpretator.telegram.textsSentTo(chat.person.id);

  it('shows the three case tools and links the specialist to the tool bot for this case', async () => {
    const chat = await newSpecialistWithCase('Кейс А');
    await chat.pressButton(labels.tools);
    expect(chat.lastText()).toBe(texts.toolsFor('Кейс А'));
    // The Симулятор is the trainer, in the main menu: practice is not a client's case.
    expect(chat.inlineButtons().map((button) => button.text)).toEqual([
      'Скрининг',
      'Интерпретатор',
      'Концептуализатор',
      labels.backToCard,
    ]);
    await chat.pressButton(toolTitles.interpretator);
    expect(chat.lastText()).toBe(texts.toolLink(toolTitles.interpretator, 'Кейс А'));
    const link = linkOf(chat, texts.openTool(toolTitles.interpretator));
    expect(link).toMatch(/^https:\/\/t\.me\/psycheos_test_\d+_bot\?start=[0-9a-f]{24}$/);

    await interpretator.deliver(textMessage(chat.person, `/start ${tokenOf(link)}`));
    expect(toolTexts(chat)).toContainEqual(
      expect.stringMatching(/^Интерпретатор открыт для кейса «Кейс А»/),
    );
    const state = await database.db
      .selectFrom('bot_chat_state')
      .selectAll()
      .where('bot_id', '=', 'interpretator')
      .where('chat_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();
    const [theCase] = await database.db
      .selectFrom('contexts')
      .select('context_id')
      .where('client_ref', '=', 'Кейс А')
      .execute();
    expect(state).toMatchObject({ context_id: theCase?.context_id, role: 'specialist' });
  });

  it('refuses a used, an expired, another bot’s and another specialist’s link, changing nothing', async () => {
    const owner = await newSpecialistWithCase('Кейс Б');
    const used = await openTool(owner, toolTitles.interpretator);
    await interpretator.deliver(textMessage(owner.person, `/start ${used}`));
    await owner.send(labels.myCases);
    await owner.pressButton('Кейс Б');
    const expired = await openTool(owner, toolTitles.interpretator);
    await database.db
      .updateTable('launch_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token', '=', expired)
      .execute();
    await owner.send(labels.myCases);
    await owner.pressButton('Кейс Б');
    // The simulator's service is not running in this test; as if it had started once:
    await database.db
      .insertInto('bot_directory')
      .values({ bot_id: 'simulator', username: 'psycheos_simulator_bot' })
      .execute();
    await owner.send(trainerLabels.trainer);
    const forSimulator = tokenOf(linkOf(owner, trainerLabels.openSimulator));
    await owner.send(labels.myCases);
    await owner.pressButton('Кейс Б');
    const notYours = await openTool(owner, toolTitles.interpretator);
    const colleague = await registerThroughInvite(pro, { id: ++nextPersonId, first_name: 'Чужой' });

    const before = toolTexts(owner).length;
    for (const token of [used, expired, forSimulator, 'nonsense']) {
      await interpretator.deliver(textMessage(owner.person, `/start ${token}`));
    }
    await interpretator.deliver(textMessage(colleague.person, `/start ${notYours}`));
    expect(toolTexts(owner).slice(before)).toEqual([
      expect.stringContaining('уже использована'),
      expect.stringContaining('истёк'),
      expect.stringContaining('для другого бота'),
      expect.stringContaining('не распознана'),
    ]);
    expect(interpretator.telegram.textsSentTo(colleague.person.id)).toEqual([
      'Эта ссылка создана для другого специалиста.',
    ]);
    const colleagueStates = (await savedChatStates(database.db)).filter(
      (row) => row.bot_id === 'interpretator' && row.chat_id === colleague.person.id,
    );
    expect(colleagueStates).toEqual([]);
    // The refused link is still unused: its owner can open it.
    await interpretator.deliver(textMessage(owner.person, `/start ${notYours}`));
    expect(toolTexts(owner)).toContainEqual(expect.stringMatching(/открыт для кейса «Кейс Б»/));
  });

  it('ends a blocked specialist’s open tool session; the tool bot then refuses them', async () => {
    const chat = await newSpecialistWithCase('Кейс Ж');
    const token = await openTool(chat, toolTitles.interpretator);
    await interpretator.deliver(textMessage(chat.person, `/start ${token}`));
    const session = () =>
      database.db
        .selectFrom('bot_chat_state')
        .select(['state', 'context_id'])
        .where('bot_id', '=', 'interpretator')
        .where('chat_id', '=', chat.person.id)
        .executeTakeFirstOrThrow();
    expect((await session()).context_id).not.toBeNull();
    const { user_id: userId } = await database.db
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();

    await new ProChat(pro, ADMIN).press(callbackData.blockSpecialist(userId));

    expect(await session()).toEqual({ state: 'idle', context_id: null });
    await interpretator.deliver(textMessage(chat.person, 'продолжим разбор'));
    expect(toolTexts(chat).at(-1)).toMatch(/^Ваш доступ к PsycheOS заблокирован/);
  });

  it('says so when a tool bot has never started, and makes no link', async () => {
    const chat = await newSpecialistWithCase('Кейс Е');
    await chat.pressButton(labels.tools);
    expect(await chat.pressButton(toolTitles.conceptualizator)).toBe(
      texts.toolUnavailable(toolTitles.conceptualizator),
    );
    const tokens = await database.db
      .selectFrom('launch_tokens')
      .select('token')
      .where('bot_id', '=', 'conceptualizator')
      .execute();
    expect(tokens).toEqual([]);
  });

  it('refuses a link to a case archived after the link was made', async () => {
    const chat = await newSpecialistWithCase('Кейс В');
    const token = await openTool(chat, toolTitles.interpretator);
    await chat.send(labels.myCases);
    await chat.pressButton('Кейс В');
    await chat.pressButton(labels.toArchive);
    await chat.pressButton(labels.confirmArchive);
    await interpretator.deliver(textMessage(chat.person, `/start ${token}`));
    expect(toolTexts(chat).at(-1)).toMatch(/^Кейс в архиве/);
  });

  it('tells the specialist in pro when the tool session is finished', async () => {
    const chat = await newSpecialistWithCase('Кейс Г');
    const token = await openTool(chat, toolTitles.interpretator);
    await interpretator.deliver(textMessage(chat.person, `/start ${token}`));
    await interpretator.deliver(textMessage(chat.person, '/finish'));
    // The tool speaks to the specialist, not about them.
    expect(toolTexts(chat).at(-1)).toBe(
      'Сессия завершена. Уведомление об этом придёт вам в PsycheOS Pro.',
    );
    await vi.waitFor(
      () => expect(chat.texts()).toContain(texts.sessionFinished('Интерпретатор', 'Кейс Г')),
      { timeout: 15_000 },
    );
  });

  it('gives a screening invite to forward; the client registers and is linked to the case', async () => {
    const chat = await newSpecialistWithCase('Кейс Д (Иванова)');
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    await chat.pressButton(labels.getScreeningLink);
    const invite = chat.lastText();
    // The message to forward does not carry the case's label.
    expect(invite).not.toContain('Кейс Д');
    const token = /\?start=([0-9a-f]{24})/.exec(invite)?.[1] ?? '';

    const client = { id: ++nextPersonId, first_name: 'Клиентка', username: 'client_user' };
    await screen.deliver(textMessage(client, `/start ${token}`));
    expect(screen.telegram.textsSentTo(client.id)).toEqual([
      screenTexts.consent(21, 4, screenTexts.unnamedOperator),
    ]);
    const row = await database.db
      .selectFrom('contexts')
      .innerJoin('case_clients', 'case_clients.context_id', 'contexts.context_id')
      .innerJoin('users', 'users.user_id', 'case_clients.client_user_id')
      .select(['users.role', 'users.username', 'users.full_name', 'users.telegram_id'])
      .where('contexts.client_ref', '=', 'Кейс Д (Иванова)')
      .executeTakeFirstOrThrow();
    // Only the Telegram id is kept about the client.
    expect(row).toEqual({
      role: 'client',
      username: null,
      full_name: null,
      telegram_id: client.id,
    });
    await vi.waitFor(() => expect(chat.texts()).toContain(texts.clientLinked('Кейс Д (Иванова)')), {
      timeout: 15_000,
    });
    // A second person opening the same invite is refused.
    const other = { id: ++nextPersonId };
    await screen.deliver(textMessage(other, `/start ${token}`));
    expect(screen.telegram.textsSentTo(other.id)).toEqual([screenTexts.inviteUsed]);
  });

  it('announces case changes through the outbox, without names', async () => {
    const events = await database.db
      .selectFrom('event_outbox')
      .select(['subject', 'payload'])
      .where('subject', 'like', 'psycheos.case.%')
      .execute();
    const subjects = new Set(events.map((event) => event.subject));
    expect(subjects).toEqual(new Set(['psycheos.case.created', 'psycheos.case.archived']));
    expect(JSON.stringify(events)).not.toContain('Кейс');
  });
});
