import { loadInstruments } from '@psycheos/screening';
import { REPLY_PRIORITY } from '@psycheos/shared';
import { type ServiceHarness, startServiceHarness } from '@psycheos/shared/testing';
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
      .select(['trigger', 'delivery', 'reply_id', 'session_id'])
      .where('context_id', '=', contextId)
      .orderBy('alert_id')
      .execute();
  const proOutbox = (chatId: number) =>
    db()
      .selectFrom('reply_outbox')
      .select(['reply_id', 'payload', 'priority'])
      .where('bot_id', '=', 'pro')
      .where('chat_id', '=', chatId)
      .execute();

  it('gives the resources and alerts the specialist when PHQ-9 item 9 is answered above 0, before going on', async () => {
    const { chat, invite } = await clientInSession(['phq9', 'gad7']);
    for (const value of [1, 1, 1, 1, 1, 1, 1, 1]) await chat.pressButton(label(value));
    await chat.pressButton(label(1));

    const texts_ = chat.texts();
    const resourcesAt = texts_.indexOf(texts.crisisResources);
    expect(resourcesAt).toBeGreaterThan(0);
    // The next question (GAD-7's first) comes after the resources, not before.
    const nextAt = texts_.findIndex((text) => text.includes('Часть 2 из 2 · вопрос 1/7'));
    expect(nextAt).toBeGreaterThan(resourcesAt);
    expect(texts_[nextAt]).toContain(texts.continueWhenReady);

    const alert = await proOutbox(invite.specialistTelegramId);
    expect(alert).toHaveLength(1);
    expect(alert[0]?.priority).toBe(REPLY_PRIORITY.urgent);
    expect(String(alert[0]?.payload?.text)).toBe(
      texts.alert(
        invite.caseName,
        texts.alertItemReason('PHQ-9', 9, 'мысли о смерти или о самоповреждении', label(1)),
      ),
    );
    expect(await alertsOf(invite.contextId)).toEqual([
      {
        trigger: 'phq9_item9',
        delivery: 'pending',
        reply_id: alert[0]?.reply_id,
        session_id: expect.any(String),
      },
    ]);
  });

  it('sends neither resources nor an alert when item 9 is answered 0', async () => {
    const { chat, invite } = await clientInSession();
    for (const value of [0, 0, 0, 0, 0, 0, 0, 0]) await chat.pressButton(label(value));
    await chat.pressButton(label(0));
    expect(chat.texts()).not.toContain(texts.crisisResources);
    expect(await alertsOf(invite.contextId)).toEqual([]);
  });

  it('answers crisis words typed mid-session with the resources and an alert, then shows the question again', async () => {
    const { chat, invite } = await clientInSession();
    const words = 'Честно говоря, я больше не хочу жить.';
    await chat.send(words);

    expect(chat.texts().at(-2)).toBe(texts.crisisResources);
    expect(chat.lastText()).toContain(texts.continueWhenReady);
    expect(chat.lastText()).toContain('вопрос 1/9');
    expect(await alertsOf(invite.contextId)).toEqual([
      expect.objectContaining({ trigger: 'free_text', delivery: 'pending' }),
    ]);
    const [alert] = await proOutbox(invite.specialistTelegramId);
    expect(String(alert?.payload?.text)).toContain(texts.alertFreeTextReason);

    // The client's words are nowhere: not in the alert, the outbox, or the logs.
    expect(JSON.stringify(await proOutbox(invite.specialistTelegramId))).not.toContain('хочу жить');
    expect(harness.logLines.join('\n')).not.toContain('хочу жить');
  });

  it('answers crisis words before consent too, and alerts the specialist once in ten minutes', async () => {
    const invite = await screeningInvite(db(), ['phq9']);
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    await chat.send('думаю о суициде');
    await chat.send('хочу покончить с собой');

    expect(chat.texts().filter((text) => text === texts.crisisResources)).toHaveLength(2);
    expect(await alertsOf(invite.contextId)).toHaveLength(1);
  });

  it('gives the resources to someone without a case, who has no specialist to alert', async () => {
    const person = new ClientChat(harness, { id: ++nextClientId });
    await person.send('привет');
    await person.send('мне хочется умереть');
    expect(person.texts()).toEqual([texts.start, texts.crisisResources]);
  });
});
