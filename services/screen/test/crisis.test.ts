import { REPLY_PRIORITY } from '@psycheos/bot-runtime';
import { loadInstruments } from '@psycheos/screening';
import { CrisisLanguage } from '@psycheos/screening/crisis';
import { type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { texts } from '../src/texts';
import { ClientChat, screeningInvite } from './client-chat';

const phq9 = loadInstruments().get('phq9');
const label = (value: number) => phq9.options.find((o) => o.value === value)?.label ?? '';

/**
 * The crisis protocol on the screen side: what the client gets at once, and what waits in
 * pro's reply outbox for the specialist (pro's sender is not running here; the pro suite
 * shows it delivered). NATS is not configured at all: nothing here needs it.
 */
describe('screen bot: the crisis protocol', () => {
  let harness: ServiceHarness;
  let nextClientId = 9_000;
  const db = () => harness.database.db;

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'screen', buildApp });
  });
  afterAll(() => harness.close());

  async function clientInSession(instruments = ['phq9']) {
    const invite = await screeningInvite(db(), instruments);
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    await chat.pressButton(texts.agree);
    return { chat, invite };
  }

  const alertsOf = (contextId: string) =>
    db()
      .selectFrom('crisis_alerts')
      .select([
        'alert_id',
        'trigger',
        'delivery',
        'reply_id',
        'session_id',
        'matched',
        'created_at',
      ])
      .where('context_id', '=', contextId)
      .orderBy('alert_id')
      .execute();
  /** The resources message as the client should get it. */
  const resourcesSaying = (options: { isSpecialistAlerted: boolean }) =>
    [
      texts.crisisResources,
      texts.safetyStep,
      ...(options.isSpecialistAlerted ? [texts.specialistAlerted] : []),
    ].join('\n\n');
  const proOutbox = (chatId: number) =>
    db()
      .selectFrom('reply_outbox')
      .select(['reply_id', 'payload', 'priority'])
      .where('bot_id', '=', 'pro')
      .where('chat_id', '=', chatId)
      .execute();

  it('gives the resources and alerts the specialist when PHQ-9 item 9 is answered above 0, then waits for the client', async () => {
    const { chat, invite } = await clientInSession(['phq9', 'gad7']);
    for (const value of [1, 1, 1, 1, 1, 1, 1, 1]) await chat.pressButton(label(value));
    await chat.pressButton(label(1));

    // The question's message says the answer is recorded; the resources come below it.
    expect(chat.lastText()).toBe(texts.answerRecorded);
    expect(chat.texts()).toContain(resourcesSaying({ isSpecialistAlerted: true }));
    // The next question is not put in front of the client: they choose.
    expect(chat.texts().some((text) => text.includes('Часть 2 из 2 · вопрос 1/7'))).toBe(false);
    expect(chat.buttons().map((button) => button.text)).toEqual([
      texts.continueLater,
      texts.continueNow,
    ]);
    await chat.pressButton(texts.continueNow);
    expect(chat.lastText()).toContain('Часть 2 из 2 · вопрос 1/7');

    const alert = await proOutbox(invite.specialistTelegramId);
    expect(alert).toHaveLength(1);
    expect(alert[0]?.priority).toBe(REPLY_PRIORITY.urgent);
    const [recorded] = await alertsOf(invite.contextId);
    expect(alert[0]?.payload).toEqual({
      chat_id: invite.specialistTelegramId,
      text: texts.alert(
        invite.caseName,
        texts.alertItemReason('PHQ-9', 9, 'мысли о смерти или о самоповреждении', label(1)),
        recorded?.created_at ?? new Date(0),
      ),
      reply_markup: {
        inline_keyboard: [
          [
            { text: texts.alertOpenCase, callback_data: `crisis:case:${invite.contextId}` },
            { text: texts.alertAcknowledge, callback_data: `crisis:ack:${recorded?.alert_id}` },
          ],
        ],
      },
    });
    expect(String(alert[0]?.payload?.text)).toContain('не оценка риска');
    expect(await alertsOf(invite.contextId)).toEqual([
      expect.objectContaining({
        trigger: 'phq9_item9',
        delivery: 'pending',
        reply_id: alert[0]?.reply_id,
        session_id: expect.any(String),
        matched: null,
      }),
    ]);
  });

  it('lets the client continue later: any message later brings the question back where it was', async () => {
    const { chat } = await clientInSession(['phq9', 'gad7']);
    for (let item = 0; item < 9; item++) await chat.pressButton(label(item === 8 ? 3 : 0));
    await chat.pressButton(texts.continueLater);
    expect(chat.lastText()).toBe(texts.continuedLater);
    await chat.send('я здесь');
    expect(chat.lastText()).toContain('Часть 2 из 2 · вопрос 1/7');
    expect(chat.lastText()).toContain('Специалист не читает сообщения в этом чате');
  });

  it('tells the specialist when the client goes back and changes the answer that raised the alert', async () => {
    const { chat, invite } = await clientInSession(['phq9', 'gad7']);
    for (let item = 0; item < 9; item++) await chat.pressButton(label(item === 8 ? 2 : 0));
    await chat.pressButton(texts.continueNow);
    await chat.pressButton(texts.back);
    await chat.pressButton(label(0));

    const sent = await proOutbox(invite.specialistTelegramId);
    expect(sent).toHaveLength(2);
    const [recorded] = await alertsOf(invite.contextId);
    expect(sent[1]?.payload?.text).toBe(
      texts.alertAnswerChanged(
        invite.caseName,
        'PHQ-9',
        9,
        label(2),
        label(0),
        recorded?.created_at ?? new Date(0),
      ),
    );
    // One alert still: changing the answer neither takes it back nor raises another.
    expect(await alertsOf(invite.contextId)).toHaveLength(1);
  });

  it('sends neither resources nor an alert when item 9 is answered 0', async () => {
    const { chat, invite } = await clientInSession();
    for (const value of [0, 0, 0, 0, 0, 0, 0, 0]) await chat.pressButton(label(value));
    await chat.pressButton(label(0));
    expect(chat.texts()).not.toContain(texts.crisisResources);
    expect(await alertsOf(invite.contextId)).toEqual([]);
  });

  it('answers crisis words typed mid-session with the resources and an alert naming the kind of words, not the words', async () => {
    const { chat, invite } = await clientInSession();
    const words = 'Честно говоря, я больше не хочу жить.';
    await chat.send(words);

    expect(chat.lastText()).toBe(resourcesSaying({ isSpecialistAlerted: true }));
    expect(chat.buttons().map((button) => button.text)).toEqual([
      texts.continueLater,
      texts.continueNow,
    ]);
    expect(await alertsOf(invite.contextId)).toEqual([
      expect.objectContaining({
        trigger: 'free_text',
        delivery: 'pending',
        matched: expect.any(String),
      }),
    ]);
    const [recorded] = await alertsOf(invite.contextId);
    const phrase = new CrisisLanguage().findPhrase(words);
    expect(recorded?.matched).toBe(phrase?.id);
    const [alert] = await proOutbox(invite.specialistTelegramId);
    expect(String(alert?.payload?.text)).toContain(texts.alertFreeTextReason(phrase?.label ?? ''));

    // The client's message is nowhere (only the list entry it matched is named): not in
    // the alert, the outbox, or the logs.
    expect(JSON.stringify(await proOutbox(invite.specialistTelegramId))).not.toContain('Честно');
    expect(harness.logLines.join('\n')).not.toContain('Честно');
    expect(harness.logLines.join('\n')).not.toContain('хочу жить');
  });

  it('answers crisis words before consent too, and alerts the specialist once in ten minutes', async () => {
    const invite = await screeningInvite(db(), ['phq9']);
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    await chat.send('думаю о суициде');
    await chat.send('хочу покончить с собой');

    const alerted = resourcesSaying({ isSpecialistAlerted: true });
    expect(chat.texts().filter((text) => text === alerted)).toHaveLength(2);
    expect(await alertsOf(invite.contextId)).toHaveLength(1);
  });

  it('gives someone without a case the resources, urgently, and does not say a specialist was told', async () => {
    const person = new ClientChat(harness, { id: ++nextClientId });
    await person.send('привет');
    // They blocked the bot meanwhile: the refused row stays in the outbox, showing its priority.
    harness.telegram.respond('sendMessage', (params) =>
      params.chat_id === person.person.id
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    await person.send('мне хочется умереть');
    harness.telegram.respond('sendMessage', () => undefined);

    const refused = await db()
      .selectFrom('reply_outbox')
      .select(['priority', 'status'])
      .where('bot_id', '=', 'screen')
      .where('chat_id', '=', person.person.id)
      .execute();
    expect(refused).toEqual([{ priority: REPLY_PRIORITY.urgent, status: 'failed' }]);
    const attempted = harness.telegram
      .callsTo('sendMessage')
      .filter((call) => call.params.chat_id === person.person.id)
      .map((call) => call.params.text);
    expect(attempted).toEqual([texts.start, resourcesSaying({ isSpecialistAlerted: false })]);
  });

  it('does not say a specialist was told to a client who declined consent', async () => {
    const invite = await screeningInvite(db(), ['phq9']);
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    await chat.pressButton(texts.decline);
    await chat.send('не хочу жить');
    expect(chat.lastText()).toBe(resourcesSaying({ isSpecialistAlerted: false }));
    expect(await alertsOf(invite.contextId)).toEqual([]);
  });

  it('does not say a specialist was told when the case’s specialist is gone', async () => {
    const { chat, invite } = await clientInSession();
    await db().deleteFrom('users').where('telegram_id', '=', invite.specialistTelegramId).execute();
    await chat.send('не хочу жить');
    expect(chat.texts()).toContain(resourcesSaying({ isSpecialistAlerted: false }));
    expect(chat.texts()).not.toContain(resourcesSaying({ isSpecialistAlerted: true }));
  });

  it('does not say a specialist was told after the client deleted their data', async () => {
    const { chat, invite } = await clientInSession();
    await chat.send('/delete_me');
    await chat.pressButton(texts.confirmDeleteYes);
    await chat.send('не хочу жить');
    expect(chat.lastText()).toBe(resourcesSaying({ isSpecialistAlerted: false }));
    expect(await proOutbox(invite.specialistTelegramId)).toEqual([]);
  });
});
