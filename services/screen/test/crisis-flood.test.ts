import { loadInstruments } from '@psycheos/screening';
import { type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { texts } from '../src/texts';
import { ClientChat, screeningInvite } from './client-chat';

const phq9 = loadInstruments().get('phq9');
const label = (value: number) => phq9.options.find((o) => o.value === value)?.label ?? '';
const isResources = (text: string) => text.startsWith(texts.crisisResources);

/**
 * A person in crisis often writes many short messages in a row. The flood limit may quiet
 * ordinary chatter, never crisis language or a questionnaire answer.
 */
// A story may first wait for the next clock minute (up to 16 s), then drive a whole chat.
describe('screen bot: the crisis protocol under the flood limit', { timeout: 90_000 }, () => {
  let harness: ServiceHarness;
  let nextClientId = 19_000;
  const db = () => harness.database.db;

  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'screen',
      buildApp,
      env: { FLOOD_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => harness.close());

  /** The limit counts per clock minute: each story starts well inside one. */
  async function awayFromTheMinutesEnd() {
    const second = new Date().getSeconds();
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
  }

  async function floodingClient(instruments: string[]) {
    await awayFromTheMinutesEnd();
    const invite = await screeningInvite(db(), instruments);
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    await chat.pressButton(texts.agree);
    for (const line of ['мне плохо', 'очень', 'не знаю', 'что делать', 'никто не понимает']) {
      await chat.send(line);
    }
    return { chat, invite };
  }

  const alertsOf = (contextId: string) =>
    db()
      .selectFrom('crisis_alerts')
      .select('trigger')
      .where('context_id', '=', contextId)
      .execute();

  it('answers crisis words sent after a burst of messages, and alerts the specialist', async () => {
    const { chat, invite } = await floodingClient(['phq9']);
    const shownBefore = chat.texts().length;
    await chat.send('я не хочу жить');
    expect(chat.texts().slice(shownBefore).some(isResources)).toBe(true);
    expect(await alertsOf(invite.contextId)).toEqual([{ trigger: 'free_text' }]);
  });

  it('still takes the questionnaire’s answers, the crisis item among them, after a burst', async () => {
    const { chat, invite } = await floodingClient(['phq9']);
    for (let item = 0; item < 9; item++) await chat.pressButton(label(item === 8 ? 2 : 0));
    expect(chat.texts().some(isResources)).toBe(true);
    expect(await alertsOf(invite.contextId)).toEqual([{ trigger: 'phq9_item9' }]);
    const session = await db()
      .selectFrom('screening_sessions')
      .select('status')
      .where('context_id', '=', invite.contextId)
      .executeTakeFirstOrThrow();
    expect(session.status).toBe('completed');
  });

  it('still quiets ordinary chatter over the limit', async () => {
    const { chat } = await floodingClient(['phq9']);
    const shownBefore = chat.texts().length;
    await chat.send('ещё одно сообщение');
    expect(chat.texts().slice(shownBefore)).toEqual([]);
  });
});
