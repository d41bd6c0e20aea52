import { loadInstruments } from '@psycheos/screening';
import { createTestDatabase, type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadScreenSettings } from '../src/config';
import { texts } from '../src/texts';
import { ClientChat, screeningInvite } from './client-chat';

const catalogue = loadInstruments();
const phq9 = catalogue.get('phq9');
const gad7 = catalogue.get('gad7');
const who5 = catalogue.get('who5');
const label = (instrument: typeof phq9, value: number) =>
  instrument.options.find((option) => option.value === value)?.label ?? '';

describe('screen bot: the client’s session', () => {
  let harness: ServiceHarness;
  let nextClientId = 5_000;
  const db = () => harness.database.db;

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'screen', buildApp });
  });
  afterAll(() => harness.close());

  async function clientWithInvite(instruments?: string[] | null) {
    const invite = await screeningInvite(db(), instruments);
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    return { chat, invite };
  }

  const sessionOf = (contextId: string) =>
    db().selectFrom('screening_sessions').selectAll().where('context_id', '=', contextId).execute();
  const answersOf = (sessionId: string) =>
    db()
      .selectFrom('screening_answers')
      .select(['instrument_id', 'item_index', 'value'])
      .where('session_id', '=', sessionId)
      .orderBy('position')
      .execute();

  /** Answers the questions on screen with these values, one button each. */
  async function answer(chat: ClientChat, instrument: typeof phq9, values: number[]) {
    for (const value of values) await chat.pressButton(label(instrument, value));
  }

  it('asks for consent first, saying what is kept and who sees it, and stores no answer yet', async () => {
    const { chat, invite } = await clientWithInvite();
    expect(chat.texts()).toEqual([texts.consent(21, 4, texts.unnamedOperator)]);
    expect(chat.buttons().map((b) => b.text)).toEqual(['✅ Да, начать', 'Нет, не сейчас']);
    const [session] = await sessionOf(invite.contextId);
    expect(session?.status).toBe('awaiting_consent');
    expect(await answersOf(session?.session_id ?? '')).toEqual([]);
  });

  it('tells the client, before they agree, everything that happens to their answers', async () => {
    const { chat } = await clientWithInvite();
    const [consent = ''] = chat.texts();
    for (const line of [
      // How much, in Russian that agrees with its numbers, and for whom.
      'Это 21 вопрос с готовыми вариантами ответа, примерно 4 минуты. Опросники предназначены для взрослых (18 лет и старше).',
      // The Telegram id is no phone number.
      'Что сохраняется: выбранные вами ответы и числовой идентификатор вашего аккаунта Telegram (не номер телефона).',
      // What may reach an AI model, and only how the Концептуализатор does it.
      'ИИ: итоговую сумму по каждому опроснику и её уровень по шкале (не ответы на отдельные вопросы) можно передать модели Claude компании Anthropic (США) для работы над вашим случаем, только если специалист подтвердит это, каждый раз отдельно. Без подтверждения специалиста модель ничего из ваших ответов не получает.',
      // The crisis protocol is no surprise.
      'Если в ответах или в том, что вы напишете в этом чате, будут признаки кризиса, вы сразу получите телефоны помощи, а ваш специалист — срочное уведомление. В нём указана причина, но не ваши слова.',
      'Сколько хранятся ответы: пока вы не удалите их командой /delete_me или специалист не удалит ваш кейс или свой аккаунт.',
      'Оператор сервиса: не указан администратором этого сервера. Спросите у вашего специалиста, кто отвечает за ваши данные.',
      'Остановиться можно в любой момент командой /stop. Удалить ответы и связь со специалистом: /delete_me.',
    ]) {
      expect(consent).toContain(line);
    }
    expect(consent).not.toContain('номер в Telegram');
    // Nothing assumes the specialist's gender.
    expect(consent).not.toMatch(/подтвердив это сам|Без его /);
  });

  it('names the operator the deployment set in SERVICE_OPERATOR_TEXT', async () => {
    const named = await startServiceHarness({
      botId: 'screen',
      buildApp: (deps) =>
        buildApp(
          deps,
          loadScreenSettings({
            SERVICE_OPERATOR_TEXT: 'ИП Иванова Мария Петровна, privacy@example.ru',
          }),
        ),
    });
    try {
      const invite = await screeningInvite(named.database.db, ['who5']);
      const chat = new ClientChat(named, { id: ++nextClientId });
      await chat.send(`/start ${invite.token}`);
      expect(chat.lastText()).toContain(
        'Это 5 вопросов с готовыми вариантами ответа, примерно 1 минута.',
      );
      expect(chat.lastText()).toContain(
        'Оператор сервиса: ИП Иванова Мария Петровна, privacy@example.ru\n',
      );
    } finally {
      await named.close();
    }
  });

  it('takes a client through PHQ-9, GAD-7 and WHO-5 one question at a time, scores them and tells pro', async () => {
    const { chat, invite } = await clientWithInvite();
    await chat.pressButton(texts.agree);
    expect(chat.lastText()).toBe(
      texts.question(1, 3, 1, 9, phq9.instruction, phq9.items[0]?.text ?? ''),
    );
    expect(chat.buttons().map((b) => b.text)).toEqual(phq9.options.map((o) => o.label));

    await answer(chat, phq9, [2, 2]);
    expect(chat.lastText()).toContain('Часть 1 из 3 · вопрос 3/9');
    await answer(chat, phq9, [2, 1, 1, 1, 1, 0, 0]);
    expect(chat.lastText()).toBe(
      texts.question(2, 3, 1, 7, gad7.instruction, gad7.items[0]?.text ?? ''),
    );
    await answer(chat, gad7, [3, 3, 2, 2, 1, 1, 0]);
    expect(chat.lastText()).toContain('Часть 3 из 3 · вопрос 1/5');
    await answer(chat, who5, [3, 3, 2, 2, 2]);

    expect(chat.lastText()).toBe(
      'Спасибо! Вы ответили на все вопросы, ответы переданы вашему специалисту — вы сможете обсудить их вместе.',
    );
    // The client sees no score, no band and never the specialist's label.
    for (const text of chat.texts()) {
      expect(text).not.toContain(invite.caseName);
      expect(text).not.toMatch(/балл|умеренн|тяжёл|депресси/);
    }
    const [session] = await sessionOf(invite.contextId);
    expect(session).toMatchObject({ status: 'completed', position: 21 });
    const scores = await db()
      .selectFrom('screening_scores')
      .select(['instrument_id', 'raw', 'score', 'band_label'])
      .where('session_id', '=', session?.session_id ?? '')
      .orderBy('instrument_id')
      .execute();
    expect(scores).toEqual([
      { instrument_id: 'gad7', raw: 12, score: 12, band_label: 'умеренная' },
      { instrument_id: 'phq9', raw: 10, score: 10, band_label: 'умеренная' },
      { instrument_id: 'who5', raw: 12, score: 48, band_label: 'сниженное благополучие' },
    ]);
    const events = await db()
      .selectFrom('event_outbox')
      .select('subject')
      .where(sql<string>`payload -> 'payload' ->> 'context_id'`, '=', invite.contextId)
      .execute();
    expect(events.map((e) => e.subject).sort()).toEqual([
      'psycheos.client.linked',
      'psycheos.screening.completed',
    ]);
  });

  it('asks only the questionnaires the specialist chose', async () => {
    const { chat } = await clientWithInvite(['gad7']);
    expect(chat.lastText()).toBe(texts.consent(7, 2, texts.unnamedOperator));
    expect(chat.lastText()).toContain(
      'Это 7 вопросов с готовыми вариантами ответа, примерно 2 минуты.',
    );
    await chat.pressButton(texts.agree);
    expect(chat.lastText()).toContain('Часть 1 из 1 · вопрос 1/7');
  });

  it('goes back to change the last answer, showing the answer given, and records the new one', async () => {
    const { chat, invite } = await clientWithInvite(['phq9']);
    await chat.pressButton(texts.agree);
    await answer(chat, phq9, [1]);
    await chat.pressButton(texts.back);
    expect(chat.lastText()).toContain('вопрос 1/9');
    expect(chat.buttons().map((b) => b.text)).toContain(texts.chosen(label(phq9, 1)));
    expect(chat.buttons().map((b) => b.text)).not.toContain(texts.back);

    await chat.pressButton(label(phq9, 3));
    expect(chat.lastText()).toContain('вопрос 2/9');
    const [session] = await sessionOf(invite.contextId);
    expect(await answersOf(session?.session_id ?? '')).toEqual([
      { instrument_id: 'phq9', item_index: 0, value: 3 },
    ]);
    expect(session?.position).toBe(1);
  });

  it('records a double tap once and ignores a stale button, never out of order', async () => {
    const { chat, invite } = await clientWithInvite(['phq9']);
    await chat.pressButton(texts.agree);
    const first = chat.findButton(label(phq9, 2)).callback_data ?? '';
    await chat.press(first);
    expect(await chat.press(first)).toBe(texts.staleButton);
    // The second question's buttons, then the first question's "never" pressed late.
    await chat.pressButton(label(phq9, 1));
    expect(await chat.press(first.replace(/:2$/, ':0'))).toBe(texts.staleButton);

    const [session] = await sessionOf(invite.contextId);
    expect(await answersOf(session?.session_id ?? '')).toEqual([
      { instrument_id: 'phq9', item_index: 0, value: 2 },
      { instrument_id: 'phq9', item_index: 1, value: 1 },
    ]);
    expect(session?.position).toBe(2);
  });

  it('refuses an answer the question does not offer and a button naming another client’s session', async () => {
    const { chat, invite } = await clientWithInvite(['phq9']);
    await chat.pressButton(texts.agree);
    const [session] = await sessionOf(invite.contextId);
    const id = session?.session_id ?? '';
    expect(await chat.press(`a:${id}:0:7`)).toBe(texts.staleButton);
    const stranger = new ClientChat(harness, { id: ++nextClientId });
    const other = await clientWithInvite(['phq9']);
    await other.chat.pressButton(texts.agree);
    expect(await stranger.press(`a:${id}:0:1`)).toBe(texts.sessionOver);
    expect(await answersOf(id)).toEqual([]);
  });

  it('asks to use the buttons when the client writes during a session, and shows the question again', async () => {
    const { chat } = await clientWithInvite(['gad7']);
    await chat.pressButton(texts.agree);
    await chat.send('а можно своими словами?');
    expect(chat.lastText()).toBe(
      `${texts.chooseWithButtons}\n\n${texts.question(1, 1, 1, 7, gad7.instruction, gad7.items[0]?.text ?? '')}`,
    );
  });

  it('ends politely when the client refuses consent, keeps nothing and tells pro only that', async () => {
    const { chat, invite } = await clientWithInvite();
    await chat.pressButton(texts.decline);
    expect(chat.lastText()).toBe(texts.declined);
    expect(await sessionOf(invite.contextId)).toEqual([]);
    const client = await db()
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', chat.person.id)
      .execute();
    expect(client).toEqual([]);
    const state = await db()
      .selectFrom('bot_chat_state')
      .select('chat_id')
      .where('chat_id', '=', chat.person.id)
      .execute();
    expect(state).toEqual([]);
    const links = await db()
      .selectFrom('case_clients')
      .select('client_user_id')
      .where('context_id', '=', invite.contextId)
      .execute();
    expect(links).toEqual([]);
    const declined = await db()
      .selectFrom('event_outbox')
      .select('payload')
      .where('subject', '=', 'psycheos.screening.declined')
      .where(sql<string>`payload -> 'payload' ->> 'context_id'`, '=', invite.contextId)
      .execute();
    expect(declined).toHaveLength(1);
    // Pressing "agree" on the old message afterwards changes nothing.
    expect(await chat.press(chat.findButton(texts.agree).callback_data ?? '')).toBe(
      texts.sessionOver,
    );
  });

  it('stops the session on /stop and tells pro; the old buttons do nothing after', async () => {
    const { chat, invite } = await clientWithInvite(['phq9']);
    await chat.pressButton(texts.agree);
    await answer(chat, phq9, [1]);
    const nextButton = chat.findButton(label(phq9, 0)).callback_data ?? '';
    await chat.send('/stop');
    expect(chat.lastText()).toBe(texts.stopped);
    expect(await chat.press(nextButton)).toBe(texts.sessionOver);
    const [session] = await sessionOf(invite.contextId);
    expect(session).toMatchObject({ status: 'stopped', position: 1 });
    const stopped = await db()
      .selectFrom('event_outbox')
      .select('subject')
      .where('subject', '=', 'psycheos.screening.stopped')
      .where(sql<string>`payload -> 'payload' ->> 'context_id'`, '=', invite.contextId)
      .execute();
    expect(stopped).toHaveLength(1);
  });

  it('deletes the client’s answers and link after a confirmation on /delete_me, and tells pro', async () => {
    const { chat, invite } = await clientWithInvite(['phq9']);
    await chat.pressButton(texts.agree);
    await answer(chat, phq9, [1, 2]);
    await chat.send('/delete_me');
    expect(chat.lastText()).toBe(texts.confirmDelete);
    await chat.pressButton(texts.confirmDeleteNo);
    expect(chat.lastText()).toBe(texts.deleteCancelled);
    expect(await sessionOf(invite.contextId)).toHaveLength(1);

    const [session] = await sessionOf(invite.contextId);
    await chat.send('/delete_me');
    await chat.pressButton(texts.confirmDeleteYes);
    expect(chat.lastText()).toBe(texts.deleted);
    expect(await sessionOf(invite.contextId)).toEqual([]);
    expect(await answersOf(session?.session_id ?? '')).toEqual([]);
    const traces = await db()
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', chat.person.id)
      .execute();
    expect(traces).toEqual([]);
    const states = await db()
      .selectFrom('bot_chat_state')
      .select('chat_id')
      .where('chat_id', '=', chat.person.id)
      .execute();
    expect(states).toEqual([]);
    const withdrew = await db()
      .selectFrom('event_outbox')
      .select('subject')
      .where('subject', '=', 'psycheos.client.withdrew')
      .where(sql<string>`payload -> 'payload' ->> 'context_id'`, '=', invite.contextId)
      .execute();
    expect(withdrew).toHaveLength(1);
  });

  it('continues where the client stopped after the service restarts', async () => {
    // A service of its own on a database of its own, stopped and started again.
    const database = await createTestDatabase();
    const first = await startServiceHarness({ botId: 'screen', buildApp, database });
    const invite = await screeningInvite(database.db, ['phq9']);
    const chat = new ClientChat(first, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    await chat.pressButton(texts.agree);
    await answer(chat, phq9, [1, 1, 1]);
    const leftOn = chat.findButton(label(phq9, 2)).callback_data ?? '';
    await first.close();

    // Its next life: nothing of the session was in memory.
    const restarted = await startServiceHarness({ botId: 'screen', buildApp, database });
    try {
      const again = new ClientChat(restarted, chat.person);
      await again.send('/start');
      expect(again.lastText()).toBe(
        texts.question(1, 1, 4, 9, phq9.instruction, phq9.items[3]?.text ?? ''),
      );
      // The button of the message the client left on works as well.
      await again.press(leftOn);
      expect(again.lastText()).toContain('вопрос 5/9');
    } finally {
      await restarted.close();
      await database.destroy();
    }
  });

  it('answers someone without an invitation once per period, writing nothing', async () => {
    const person = new ClientChat(harness, { id: ++nextClientId });
    await person.send('/start');
    await person.send('привет');
    await person.send('/start 0123456789abcdef01234567');
    expect(person.texts()).toEqual([texts.start]);
    const users = await db()
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', person.person.id)
      .execute();
    expect(users).toEqual([]);
  });

  it('refuses a used invite with a message saying so', async () => {
    const { invite } = await clientWithInvite();
    const other = new ClientChat(harness, { id: ++nextClientId });
    await other.send(`/start ${invite.token}`);
    expect(other.texts()).toEqual([texts.inviteUsed]);
  });

  it('reports itself healthy with its database reachable', async () => {
    await harness.repliesSent();
    const response = await harness.app.inject({ method: 'GET', url: '/health' });
    expect(response.json()).toMatchObject({ status: 'ok', bot: 'screen', database: 'up' });
  });
});
