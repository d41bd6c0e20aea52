import { mkdirSync, writeFileSync } from 'node:fs';
import type { UploadedFile } from '@psycheos/local-bot-api';
import { changeTexts } from '@psycheos/pro/src/change-texts';
import { labels, texts, toolTitles } from '@psycheos/pro/src/texts';
import { type ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import { ClientChat } from '@psycheos/screen/test/client-chat';
import { loadInstruments } from '@psycheos/screening';
import { type ServiceHarness, type TestDatabase, textMessage } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Bots, startBots, useBots } from '../src/start-bots';

const catalogue = loadInstruments();
const phq9 = catalogue.get('phq9');
const gad7 = catalogue.get('gad7');
const who5 = catalogue.get('who5');
const optionLabel = (instrument: typeof phq9, value: number) =>
  instrument.options.find((o) => o.value === value)?.label ?? '';

/**
 * Screening across the two bots, as in production: pro and screen on one database and one
 * NATS namespace, each with its own fake Bot API. The specialist chooses and forwards, the
 * client answers in screen, pro reports the scores, the answers and the chart.
 */
describe('pro bot: screening a case’s client', () => {
  const bots = useBots({ bots: ['pro', 'screen'] });
  let nextPersonId = 610_000;

  async function specialistWithCase(name: string): Promise<ProChat> {
    const chat = await registerThroughInvite(bots.pro, { id: ++nextPersonId, first_name: 'Лена' });
    await chat.send(labels.newCase);
    await chat.send(name);
    await chat.send(labels.myCases);
    await chat.pressButton(name);
    return chat;
  }

  /** The specialist's link for these toggles, opened by a new client who agrees. */
  async function clientOfLink(chat: ProChat, caseName: string, switchOff: string[] = []) {
    await chat.send(labels.myCases);
    await chat.pressButton(caseName);
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    for (const title of switchOff) await chat.pressButton(new RegExp(`^✅ ${title} `));
    await chat.pressButton(labels.getScreeningLink);
    const token = /\?start=([0-9a-f]{24})/.exec(chat.lastText())?.[1] ?? '';
    const client = new ClientChat(bots.screen, { id: ++nextPersonId });
    await client.send(`/start ${token}`);
    return client;
  }

  async function answerAll(client: ClientChat, instrument: typeof phq9, values: number[]) {
    for (const value of values) await client.pressButton(optionLabel(instrument, value));
  }

  it('asks which questionnaires to send, all on by default, and gives the link as a message of its own without the label', async () => {
    const chat = await specialistWithCase('Петров — депрессия');
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    expect(chat.lastText()).toBe(texts.chooseScreening('Петров — депрессия'));
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      texts.screeningOption(true, 'PHQ-9', 'депрессия'),
      texts.screeningOption(true, 'GAD-7', 'тревога'),
      texts.screeningOption(true, 'WHO-5', 'благополучие'),
      labels.getScreeningLink,
      labels.backToCard,
    ]);
    await chat.pressButton(texts.screeningOption(true, 'WHO-5', 'благополучие'));
    expect(chat.inlineButtons().map((b) => b.text)).toContain(
      texts.screeningOption(false, 'WHO-5', 'благополучие'),
    );
    await chat.pressButton(labels.getScreeningLink);

    const [forSpecialist, forClient] = chat.texts().slice(-2);
    expect(forSpecialist).toBe(
      texts.screeningInviteForSpecialist('Петров — депрессия', ['PHQ-9', 'GAD-7']),
    );
    expect(forClient).not.toContain('Петров');
    expect(forClient).not.toContain('депресс');
    const link = chat.findButton(labels.openScreening).url ?? '';
    expect(forClient).toBe(texts.screeningInviteForClient(link));
    const token = new URL(link).searchParams.get('start') ?? '';
    const invite = await bots.database.db
      .selectFrom('screening_invites')
      .select('instruments')
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    expect(invite.instruments).toEqual(['phq9', 'gad7']);
  });

  it('will not make a link with no questionnaire chosen', async () => {
    const chat = await specialistWithCase('Кейс без опросников');
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    for (const title of ['PHQ-9', 'GAD-7', 'WHO-5']) {
      await chat.pressButton(new RegExp(`^✅ ${title} `));
    }
    expect(await chat.pressButton(labels.getScreeningLink)).toBe(texts.screeningNothingChosen);
  });

  it('reports the totals and bands when the client finishes, the answers item by item on a button, and the history with a chart', async () => {
    const chat = await specialistWithCase('Кейс Е');
    const client = await clientOfLink(chat, 'Кейс Е');
    await client.pressButton(screenTexts.agree);
    await answerAll(client, phq9, [2, 2, 2, 1, 1, 1, 1, 0, 0]);
    await answerAll(client, gad7, [3, 3, 2, 2, 1, 1, 0]);
    await answerAll(client, who5, [3, 3, 2, 2, 2]);
    expect(client.lastText()).toBe(screenTexts.thankYou);

    const report = texts.screeningCompleted(
      'Кейс Е',
      [
        'PHQ-9: 10 из 27 — умеренная',
        'GAD-7: 12 из 21 — умеренная',
        'WHO-5: 48 из 100 — сниженное благополучие',
      ],
      // The case's first results: what later ones are read against.
      [changeTexts.baseline('PHQ-9'), changeTexts.baseline('GAD-7'), changeTexts.baseline('WHO-5')],
    );
    await vi.waitFor(() => expect(chat.texts()).toContain(report), { timeout: 15_000 });

    await chat.pressButton(labels.screeningAnswers);
    const answers = chat.texts().slice(-3);
    expect(answers[0]).toMatch(/^📋 PHQ-9: 10 — умеренная/);
    expect(answers[0]).toContain(`1. ${phq9.items[0]?.text} — ${optionLabel(phq9, 2)} (2)`);
    expect(answers[2]).toContain(`5. ${who5.items[4]?.text} — ${optionLabel(who5, 2)} (2)`);

    // A second screening a little later, so the chart has a line to draw.
    const again = await clientOfLink(chat, 'Кейс Е', ['GAD-7', 'WHO-5']);
    await again.pressButton(screenTexts.agree);
    await answerAll(again, phq9, [1, 1, 1, 1, 0, 0, 0, 0, 0]);
    const second = texts.screeningCompleted('Кейс Е', ['PHQ-9: 4 из 27 — минимальная']);
    await vi.waitFor(
      () => expect(chat.texts().some((text) => text.startsWith(second))).toBe(true),
      { timeout: 15_000 },
    );

    await chat.send(labels.myCases);
    await chat.pressButton('Кейс Е');
    await chat.pressButton(labels.screeningHistory);
    expect(chat.lastText()).toMatch(/^📊 Скрининги по кейсу «Кейс Е» \(последние 2\)/);
    expect(chat.lastText()).toContain('PHQ-9: 4 из 27 — минимальная');
    const [photo] = bots.pro.telegram.callsTo('sendPhoto');
    expect(photo?.params.chat_id).toBe(chat.person.id);
    expect(photo?.params.caption).toBe(texts.screeningChartCaption('Кейс Е'));
    const png = Object.values(photo?.params ?? {}).find(
      (value): value is UploadedFile =>
        typeof value === 'object' && value !== null && 'bytes' in value,
    );
    expect(png?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    mkdirSync(new URL('../.artifacts/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('../.artifacts/screening-history.png', import.meta.url),
      png?.bytes ?? '',
    );
  });

  it('tells the specialist that the client refused consent, or stopped, or withdrew', async () => {
    const chat = await specialistWithCase('Кейс Ж');
    const refusing = await clientOfLink(chat, 'Кейс Ж');
    await refusing.pressButton(screenTexts.decline);
    await vi.waitFor(() => expect(chat.texts()).toContain(texts.screeningDeclined('Кейс Ж')), {
      timeout: 15_000,
    });

    const stopping = await clientOfLink(chat, 'Кейс Ж', ['GAD-7', 'WHO-5']);
    await stopping.pressButton(screenTexts.agree);
    await answerAll(stopping, phq9, [1, 1]);
    await stopping.send('/stop');
    await vi.waitFor(() => expect(chat.texts()).toContain(texts.screeningStopped('Кейс Ж', 2, 9)), {
      timeout: 15_000,
    });

    await stopping.send('/delete_me');
    await stopping.pressButton(screenTexts.confirmDeleteYes);
    await vi.waitFor(() => expect(chat.texts()).toContain(texts.clientWithdrew('Кейс Ж')), {
      timeout: 15_000,
    });
  });

  it('refuses another specialist’s screening answers and history, the same way as unknown ones', async () => {
    const owner = await specialistWithCase('Кейс З');
    const client = await clientOfLink(owner, 'Кейс З', ['GAD-7', 'WHO-5']);
    await client.pressButton(screenTexts.agree);
    await answerAll(client, phq9, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const session = await bots.database.db
      .selectFrom('screening_sessions')
      .innerJoin('contexts', 'contexts.context_id', 'screening_sessions.context_id')
      .select(['screening_sessions.session_id', 'contexts.context_id'])
      .where('contexts.client_ref', '=', 'Кейс З')
      .executeTakeFirstOrThrow();
    const other = await specialistWithCase('Чужой кейс');
    expect(await other.press(`scr:answers:${session.session_id}`)).toBe(texts.screeningNotFound);
    expect(await other.press(`scr:history:${session.context_id}`)).toBe(texts.caseNotFound);
    expect(await other.press(`scr:send:${session.context_id}:1`)).toBe(texts.caseNotFound);
  });
});

/**
 * The crisis alert without NATS at all: screen writes it into pro's reply outbox as an
 * urgent row in the answer's own transaction, and pro's sender sends it ahead of the
 * specialist's queued replies.
 */
describe('pro bot: a crisis alert from screening', () => {
  let database: TestDatabase;
  let pro: ServiceHarness;
  let screen: ServiceHarness;
  let bots: Bots<'pro' | 'screen'>;

  beforeAll(async () => {
    bots = await startBots({ bots: ['pro', 'screen'], nats: false });
    ({ database, pro, screen } = bots);
  });
  afterAll(async () => {
    await bots?.close();
  });

  it('reaches the specialist ahead of their queued replies, with NATS down, and is recorded as delivered', async () => {
    const chat = await registerThroughInvite(pro, { id: 620_001, first_name: 'Лена' });
    await chat.send(labels.newCase);
    await chat.send('Кейс К');
    await chat.send(labels.myCases);
    await chat.pressButton('Кейс К');
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    await chat.pressButton(labels.getScreeningLink);
    const token = /\?start=([0-9a-f]{24})/.exec(chat.lastText())?.[1] ?? '';
    const client = new ClientChat(screen, { id: 620_002 });
    await client.send(`/start ${token}`);
    await client.pressButton(screenTexts.agree);
    for (let i = 0; i < 8; i++) await client.pressButton(optionLabel(phq9, 0));

    // The specialist's chat has replies waiting: Telegram answers slowly, one at a time.
    pro.telegram.setLatency(150);
    for (let i = 0; i < 8; i++) {
      await pro.deliver(textMessage(chat.person, labels.help), { waitForReplies: false });
    }
    await client.pressButton(optionLabel(phq9, 2));
    await pro.repliesSent();

    const sent = chat.texts();
    const alertAt = sent.findIndex((text) => text.startsWith('🚨🚨 СРОЧНО'));
    const lastHelpAt = sent.lastIndexOf(texts.help);
    expect(alertAt).toBeGreaterThan(-1);
    expect(alertAt).toBeLessThan(lastHelpAt);
    expect(sent[alertAt]).toContain('«Кейс К»');
    expect(client.texts().some((text) => text.startsWith(screenTexts.crisisResources))).toBe(true);
    const alerts = await database.db
      .selectFrom('crisis_alerts')
      .select(['trigger', 'delivery', 'settled_at'])
      .execute();
    expect(alerts).toEqual([
      { trigger: 'phq9_item9', delivery: 'sent', settled_at: expect.any(Date) },
    ]);
  });
});
