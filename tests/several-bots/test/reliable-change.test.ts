import { changeTexts } from '@psycheos/pro/src/change-texts';
import { date } from '@psycheos/pro/src/dates';
import { labels, texts, toolTitles } from '@psycheos/pro/src/texts';
import { type ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import { ClientChat } from '@psycheos/screen/test/client-chat';
import { loadInstruments } from '@psycheos/screening';
import type { Person } from '@psycheos/testkit';
import { describe, expect, it, vi } from 'vitest';
import { useBots } from '../src/start-bots';

const phq9 = loadInstruments().get('phq9');

/** PHQ-9 answers adding up to `total`, item 9 (the crisis item) always «Ни разу». */
function phq9Answers(total: number): number[] {
  let rest = total;
  return phq9.items.map((_, index) => {
    if (index === phq9.items.length - 1) return 0;
    const value = Math.min(rest, 3);
    rest -= value;
    return value;
  });
}

/**
 * A second screening result is read against the first and the one before it: the
 * specialist in pro is told whether the change is reliable, and can list first the
 * cases that got reliably worse. Pro and screen run together, as in production.
 */
describe('pro bot: whether a client’s change in screening is reliable', () => {
  const bots = useBots({ bots: ['pro', 'screen'] });
  let nextPersonId = 640_000;

  async function specialistWithCases(...names: string[]): Promise<ProChat> {
    const chat = await registerThroughInvite(bots.pro, { id: ++nextPersonId, first_name: 'Лена' });
    for (const name of names) {
      await chat.send(labels.newCase);
      await chat.send(name);
    }
    return chat;
  }

  /** Each case's client: the same person answers every link of the case, as in practice. */
  const clients = new Map<string, Person>();
  const clientOf = (caseName: string) => {
    const known = clients.get(caseName) ?? { id: ++nextPersonId };
    clients.set(caseName, known);
    return known;
  };

  /**
   * The specialist sends a PHQ-9-only link for the case, its client (or `client`) answers
   * it to `total`; returns the completion notice pro sends.
   */
  async function phq9Result(
    chat: ProChat,
    caseName: string,
    total: number,
    client = clientOf(caseName),
  ): Promise<string> {
    await chat.send(labels.myCases);
    await chat.pressButton(caseName);
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    for (const title of ['GAD-7', 'WHO-5']) await chat.pressButton(new RegExp(`^✅ ${title} `));
    await chat.pressButton(labels.getScreeningLink);
    const token = /\?start=([0-9a-f]{24})/.exec(chat.lastText())?.[1] ?? '';
    const before = chat.texts().length;
    const answering = new ClientChat(bots.screen, client);
    await answering.send(`/start ${token}`);
    await answering.pressButton(screenTexts.agree);
    for (const value of phq9Answers(total)) {
      await answering.pressButton(phq9.options.find((o) => o.value === value)?.label ?? '');
    }
    expect(answering.lastText()).toBe(screenTexts.thankYou);
    const header = texts.screeningCompleted(caseName, []).trim();
    let notice = '';
    await vi.waitFor(
      () => {
        notice = chat.textsSince(before).find((text) => text.startsWith(header)) ?? '';
        expect(notice).toContain(`PHQ-9: ${total} из 27 — `);
      },
      { timeout: 15_000 },
    );
    return notice;
  }

  const today = () => date(new Date());

  it('calls the first PHQ-9 the baseline, and 24 → 8 a reliable improvement and a remission', async () => {
    const chat = await specialistWithCases('Кейс Р');
    const first = await phq9Result(chat, 'Кейс Р', 24);
    expect(first).toBe(
      texts.screeningCompleted(
        'Кейс Р',
        ['PHQ-9: 24 из 27 — тяжёлая'],
        [changeTexts.baseline('PHQ-9')],
      ),
    );
    expect(first).toContain('исходный уровень');

    const second = await phq9Result(chat, 'Кейс Р', 8);
    expect(second).toContain('надёжное улучшение');
    expect(second).toContain('ремиссия');
    expect(second).toBe(
      [
        '📊 Клиент завершил скрининг по кейсу «Кейс Р».',
        '',
        'PHQ-9: 8 из 27 — лёгкая',
        '',
        'Динамика:',
        `PHQ-9: к исходному уровню (24, ${today()}) — надёжное улучшение (−16), ремиссия.`,
      ].join('\n'),
    );
  });

  it('calls 12 → 10 no reliable change, and reads a third result against both the baseline and the previous one', async () => {
    const chat = await specialistWithCases('Кейс С');
    await phq9Result(chat, 'Кейс С', 12);
    const second = await phq9Result(chat, 'Кейс С', 10);
    expect(second).toContain(
      `PHQ-9: к исходному уровню (12, ${today()}) — без надёжных изменений (−2).`,
    );
    expect(second).not.toContain('ремиссия');

    const third = await phq9Result(chat, 'Кейс С', 16);
    expect(third).toContain(
      `PHQ-9: к исходному уровню (12, ${today()}) — без надёжных изменений (+4); к прошлому результату (10, ${today()}) — надёжное ухудшение (+6).`,
    );

    // The case card's results view reads each screening the same way, in brief.
    await chat.send(labels.myCases);
    await chat.pressButton('Кейс С');
    await chat.pressButton(labels.screeningHistory);
    const history = chat.lastText();
    expect(history).toContain('PHQ-9: 12 из 27 — умеренная (исходный уровень)');
    expect(history).toContain('PHQ-9: 10 из 27 — умеренная (к исходному: без надёжных изменений)');
    expect(history).toContain(
      'PHQ-9: 16 из 27 — умеренно тяжёлая (к исходному: без надёжных изменений; к прошлому: надёжное ухудшение)',
    );
  });

  it('reads each client of a shared case against their own results, never another person’s', async () => {
    const chat = await specialistWithCases('Семья Т.');
    const mother = { id: ++nextPersonId };
    const son = { id: ++nextPersonId };
    await phq9Result(chat, 'Семья Т.', 24, mother);
    const sonsFirst = await phq9Result(chat, 'Семья Т.', 8, son);
    expect(sonsFirst).toContain(changeTexts.baseline('PHQ-9'));
    expect(sonsFirst).not.toContain('ремиссия');

    const mothersSecond = await phq9Result(chat, 'Семья Т.', 12, mother);
    expect(mothersSecond).toContain(
      `PHQ-9: к исходному уровню (24, ${today()}) — надёжное улучшение (−12).`,
    );
  });

  it('lists first, marked ⬇️, the cases whose latest result got reliably worse, and back in the usual order', async () => {
    const chat = await specialistWithCases('Ухудшение', 'Улучшение', 'Без скринингов');
    await chat.send(labels.myCases);
    // Nothing to compare yet: no button to sort by it.
    expect(chat.inlineButtons().map((b) => b.text)).not.toContain(changeTexts.worseFirst);

    await phq9Result(chat, 'Ухудшение', 10);
    await phq9Result(chat, 'Ухудшение', 16);
    await phq9Result(chat, 'Улучшение', 24);
    await phq9Result(chat, 'Улучшение', 8);

    await chat.send(labels.myCases);
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      'Без скринингов',
      'Улучшение',
      'Ухудшение',
      changeTexts.worseFirst,
      labels.archive,
    ]);
    await chat.pressButton(changeTexts.worseFirst);
    expect(chat.lastText()).toBe(changeTexts.worseFirstList(0, 1));
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      `${changeTexts.worseMarker}Ухудшение`,
      'Без скринингов',
      'Улучшение',
      changeTexts.newestFirst,
      labels.archive,
    ]);
    await chat.pressButton(`${changeTexts.worseMarker}Ухудшение`);
    expect(chat.lastText()).toContain('📄 Кейс: Ухудшение');

    await chat.send(labels.myCases);
    await chat.pressButton(changeTexts.worseFirst);
    await chat.pressButton(changeTexts.newestFirst);
    expect(chat.lastText()).toBe(texts.caseList(0));
    expect(
      chat
        .inlineButtons()
        .map((b) => b.text)
        .slice(0, 3),
    ).toEqual(['Без скринингов', 'Улучшение', 'Ухудшение']);
  });

  it('keeps another specialist’s cases out of the list sorted by change', async () => {
    const owner = await specialistWithCases('Чужое ухудшение');
    await phq9Result(owner, 'Чужое ухудшение', 5);
    await phq9Result(owner, 'Чужое ухудшение', 15);
    const other = await specialistWithCases('Свой кейс');
    await other.send(labels.myCases);
    await other.press('cases:worse:0');
    expect(other.lastText()).toBe(changeTexts.worseFirstList(0, 0));
    expect(other.inlineButtons().map((b) => b.text)).toEqual([
      'Свой кейс',
      changeTexts.newestFirst,
      labels.archive,
    ]);
  });
});
