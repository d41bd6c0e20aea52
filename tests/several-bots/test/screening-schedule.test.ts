import type { JobHandler } from '@psycheos/jobs';
import { buildApp as buildPro } from '@psycheos/pro/src/app';
import { changeTexts } from '@psycheos/pro/src/change-texts';
import { scheduleLabels, scheduleTexts } from '@psycheos/pro/src/schedule-texts';
import { labels, texts, toolTitles } from '@psycheos/pro/src/texts';
import { type ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { buildApp as buildScreen } from '@psycheos/screen/src/app';
import { loadScreenSettings } from '@psycheos/screen/src/config';
import { scheduleTexts as screenSchedule } from '@psycheos/screen/src/schedule-texts';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import { ClientChat } from '@psycheos/screen/test/client-chat';
import {
  moscow,
  runDueJobs,
  scheduleTasksFor,
  TestClock,
} from '@psycheos/screen/test/schedule-jobs';
import { loadInstruments } from '@psycheos/screening';
import type { ServiceHarness, TestDatabase } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Bots, startBots } from '../src/start-bots';

const phq9 = loadInstruments().get('phq9');
const NOTICE_TIMEOUT = { timeout: 15_000 };

/**
 * Screening on a schedule across the two bots, as in production (one database, one NATS
 * namespace), with the test's clock in both: the specialist sets it up on the case card,
 * the client accepts it in screen, and what happens on the client's side reaches the
 * specialist once. screen's job runner is off; each due job is run when the clock says so.
 */
describe('pro bot: a case’s screening on a schedule', () => {
  let database: TestDatabase;
  let pro: ServiceHarness;
  let screen: ServiceHarness;
  let tasks: Record<string, JobHandler>;
  let bots: Bots<'pro' | 'screen'>;
  const clock = new TestClock(moscow('2026-12-14 07:00'));
  let nextPersonId = 640_000;

  beforeAll(async () => {
    bots = await startBots({
      bots: ['pro', 'screen'],
      settings: {
        pro: { buildApp: (deps) => buildPro(deps, { clock }) },
        screen: {
          buildApp: (deps) =>
            buildScreen(deps, loadScreenSettings({}), { clock, runsScheduleJobs: false }),
        },
      },
    });
    ({ database, pro, screen } = bots);
    tasks = scheduleTasksFor(screen, clock);
  });
  afterAll(async () => {
    await bots?.close();
  });

  async function specialistWithCase(name: string): Promise<ProChat> {
    const chat = await registerThroughInvite(pro, { id: ++nextPersonId, first_name: 'Вера' });
    await chat.send(labels.newCase);
    await chat.send(name);
    return chat;
  }

  async function openCard(chat: ProChat, name: string) {
    await chat.send(labels.myCases);
    await chat.pressButton(name);
  }

  /** «🔁 Регулярный скрининг» on the card: PHQ-9 only, as often and from when asked. */
  async function schedulePhq9(
    chat: ProChat,
    name: string,
    cadence = scheduleTexts.cadenceOption(false, 7),
    start = scheduleTexts.startOption(false, 0),
  ) {
    await openCard(chat, name);
    await chat.pressButton(scheduleLabels.schedule);
    await chat.pressButton(/^✅ GAD-7 /);
    await chat.pressButton(/^✅ WHO-5 /);
    if (!chat.inlineButtons().some((b) => b.text === cadence.replace('⚪️', '🔘'))) {
      await chat.pressButton(cadence);
    }
    if (!chat.inlineButtons().some((b) => b.text === start.replace('⚪️', '🔘'))) {
      await chat.pressButton(start);
    }
    await chat.pressButton(scheduleLabels.make);
  }

  /** A weekly PHQ-9 from now, its link opened and accepted by a new client. */
  async function acceptedByNewClient(chat: ProChat, name: string) {
    await schedulePhq9(chat, name);
    const link = chat.findButton(labels.openScreening).url ?? '';
    const client = new ClientChat(screen, { id: ++nextPersonId });
    await client.send(`/start ${new URL(link).searchParams.get('start')}`);
    await client.pressButton(screenSchedule.agree);
    // screen's agreement reaches pro as an event: its notice is waited for here, so a later
    // card or menu read in pro's chat is not taken over by a notice landing after it.
    const noticePrefix = scheduleTexts.accepted(name, '').slice(0, -1);
    await vi.waitFor(
      () => expect(chat.texts().some((text) => text.startsWith(noticePrefix))).toBe(true),
      NOTICE_TIMEOUT,
    );
    return { client, scheduleId: await scheduleIdOf(name) };
  }

  async function scheduleIdOf(name: string): Promise<string> {
    const row = await database.db
      .selectFrom('screening_schedules')
      .innerJoin('contexts', 'contexts.context_id', 'screening_schedules.context_id')
      .select('screening_schedules.schedule_id')
      .where('contexts.client_ref', '=', name)
      .orderBy('screening_schedules.created_at', 'desc')
      .executeTakeFirstOrThrow();
    return row.schedule_id;
  }

  const runDue = async (scheduleId: string) => {
    const ran = await runDueJobs(database.db, tasks, clock, scheduleId);
    await screen.repliesSent();
    return ran;
  };

  const cardOf = async (chat: ProChat, name: string) => {
    await openCard(chat, name);
    return chat.lastText();
  };

  it('offers a link for a case with no client yet, and shows on the card that it waits for the client', async () => {
    clock.set(moscow('2026-12-14 07:00'));
    const chat = await specialistWithCase('Кейс по ссылке');
    await openCard(chat, 'Кейс по ссылке');
    await chat.pressButton(scheduleLabels.schedule);
    expect(chat.lastText()).toBe(scheduleTexts.chooser('Кейс по ссылке', []));
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      texts.screeningOption(true, 'PHQ-9', 'депрессия'),
      texts.screeningOption(true, 'GAD-7', 'тревога'),
      texts.screeningOption(true, 'WHO-5', 'благополучие'),
      scheduleTexts.cadenceOption(true, 7),
      scheduleTexts.cadenceOption(false, 14),
      scheduleTexts.cadenceOption(false, 28),
      scheduleTexts.startOption(true, 0),
      scheduleTexts.startOption(false, 1),
      scheduleTexts.startOption(false, 7),
      scheduleLabels.make,
      labels.backToCard,
    ]);

    await schedulePhq9(
      chat,
      'Кейс по ссылке',
      scheduleTexts.cadenceOption(false, 14),
      scheduleTexts.startOption(false, 1),
    );
    const [forSpecialist, forClient] = chat.texts().slice(-2);
    expect(forSpecialist).toBe(
      scheduleTexts.linkForSpecialist(
        'Кейс по ссылке',
        scheduleTexts.summary(['PHQ-9'], 14, '15.12'),
      ),
    );
    const link = chat.findButton(labels.openScreening).url ?? '';
    expect(forClient).toBe(scheduleTexts.linkForClient(link));
    expect(forClient).not.toContain('Кейс');

    expect(await cardOf(chat, 'Кейс по ссылке')).toContain(
      '\n🔁 PHQ-9 · раз в 2 недели · следующий 15.12 · ждёт согласия клиента',
    );

    // The client opens the forwarded link and agrees: the first questionnaire is tomorrow.
    const client = new ClientChat(screen, { id: ++nextPersonId });
    await client.send(`/start ${new URL(link).searchParams.get('start')}`);
    expect(client.lastText()).toContain('Первый опросник придёт 15.12');
    await client.pressButton(screenSchedule.agree);
    expect(client.lastText()).toBe(screenSchedule.accepted({ day: '15.12', time: '10:00' }));
    await vi.waitFor(
      () =>
        expect(chat.texts()).toContain(
          scheduleTexts.accepted('Кейс по ссылке', scheduleTexts.summary(['PHQ-9'], 14, '15.12')),
        ),
      NOTICE_TIMEOUT,
    );
    expect(await cardOf(chat, 'Кейс по ссылке')).toContain(
      '\n🔁 PHQ-9 · раз в 2 недели · следующий 15.12 · активен',
    );
  });

  it('offers the schedule to the case’s client in their chat with screen, and shows it active once they agree', async () => {
    clock.set(moscow('2026-12-14 12:00'));
    const chat = await specialistWithCase('Кейс с клиентом');
    // The client came by an ordinary screening link before.
    await openCard(chat, 'Кейс с клиентом');
    await chat.pressButton(labels.tools);
    await chat.pressButton(toolTitles.screen);
    await chat.pressButton(labels.getScreeningLink);
    const token = /\?start=([0-9a-f]{24})/.exec(chat.lastText())?.[1] ?? '';
    const client = new ClientChat(screen, { id: ++nextPersonId });
    await client.send(`/start ${token}`);

    await schedulePhq9(chat, 'Кейс с клиентом');
    expect(chat.lastText()).toBe(
      scheduleTexts.offered('Кейс с клиентом', scheduleTexts.summary(['PHQ-9'], 7, '14.12')),
    );
    expect(await runDue(await scheduleIdOf('Кейс с клиентом'))).toEqual([
      'screening_schedule:offer',
    ]);
    expect(client.lastText()).toMatch(/^Здравствуйте! Ваш специалист предлагает вам регулярно/);
    await client.pressButton(screenSchedule.agree);
    expect(client.lastText()).toBe(screenSchedule.accepted(null));
    // screen's agreement reaches pro as an event; its notice must be in before the card is
    // read, or it can land after the card and be taken for it.
    await vi.waitFor(
      () =>
        expect(chat.texts()).toContain(
          scheduleTexts.accepted('Кейс с клиентом', scheduleTexts.summary(['PHQ-9'], 7, '14.12')),
        ),
      NOTICE_TIMEOUT,
    );
    await runDue(await scheduleIdOf('Кейс с клиентом'));
    expect(client.lastText()).toMatch(/^🔁 Пришло время регулярного опроса/);
    expect(await cardOf(chat, 'Кейс с клиентом')).toContain(
      '\n🔁 PHQ-9 · каждую неделю · следующий 21.12 · активен',
    );

    // One schedule per client: the chooser is gone while theirs runs.
    await chat.pressButton(scheduleLabels.schedule);
    expect(chat.inlineButtons().map((b) => b.text)).toEqual([
      scheduleLabels.stop,
      labels.backToCard,
    ]);
  });

  it('tells the specialist once when a questionnaire is missed after its reminder', async () => {
    clock.set(moscow('2026-12-14 07:00'));
    const chat = await specialistWithCase('Кейс пропуска');
    const { scheduleId } = await acceptedByNewClient(chat, 'Кейс пропуска');
    for (const at of ['2026-12-14 10:00', '2026-12-15 10:00', '2026-12-16 10:00']) {
      clock.set(moscow(at));
      await runDue(scheduleId);
    }
    const missed = scheduleTexts.missed('Кейс пропуска', ['PHQ-9'], '14.12', '21.12');
    await vi.waitFor(() => expect(chat.texts()).toContain(missed), NOTICE_TIMEOUT);
    // The verdict again (a retry) adds nothing; nor does time passing.
    await tasks['screening_schedule:miss']?.({ scheduleId, occurrence: 0 }, byHand());
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await pro.repliesSent();
    expect(chat.texts().filter((text) => text.startsWith('📭'))).toEqual([missed]);
  });

  it('says a reliable deterioration once, in the completion notice, with no notice of its own', async () => {
    clock.set(moscow('2026-12-14 07:00'));
    const chat = await specialistWithCase('Кейс ухудшения');
    const { client, scheduleId } = await acceptedByNewClient(chat, 'Кейс ухудшения');
    const answerAll = async (values: number[]) => {
      for (const value of values) {
        await client.pressButton(phq9.options.find((o) => o.value === value)?.label ?? '');
      }
    };
    clock.set(moscow('2026-12-14 10:00'));
    await runDue(scheduleId);
    await answerAll([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await vi.waitFor(
      () => expect(chat.lastText()).toMatch(/^📊 Клиент завершил скрининг/),
      NOTICE_TIMEOUT,
    );
    clock.set(moscow('2026-12-21 10:00'));
    await runDue(scheduleId);
    const before = chat.texts().length;
    // 16: six points or more above the baseline; item 9 left at 0 (no crisis alert).
    await answerAll([2, 2, 2, 2, 2, 2, 2, 2, 0]);
    expect(client.lastText()).toBe(screenTexts.thankYou);
    await vi.waitFor(
      () => expect(chat.lastText()).toMatch(/^📊 Клиент завершил скрининг/),
      NOTICE_TIMEOUT,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await pro.repliesSent();
    const told = chat.texts().slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(changeTexts.changesHeader);
    expect(told[0]).toContain('надёжное ухудшение');
  });

  it('tells the specialist when the client blocked the bot, and the card says the schedule stopped', async () => {
    clock.set(moscow('2026-12-14 07:00'));
    const chat = await specialistWithCase('Кейс блокировки');
    const { client, scheduleId } = await acceptedByNewClient(chat, 'Кейс блокировки');
    screen.telegram.respond('sendMessage', (params) =>
      params.chat_id === client.person.id
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    try {
      clock.set(moscow('2026-12-14 10:00'));
      await runDue(scheduleId);
      await runDue(scheduleId);
    } finally {
      screen.telegram.respond('sendMessage', () => undefined);
    }
    await vi.waitFor(
      () => expect(chat.texts()).toContain(scheduleTexts.blocked('Кейс блокировки')),
      NOTICE_TIMEOUT,
    );
    expect(await cardOf(chat, 'Кейс блокировки')).toContain(
      '\n🔁 PHQ-9 · каждую неделю · остановлен (клиент заблокировал бота)',
    );
  });

  it('tells the specialist when the client stops the schedule, or withdraws', async () => {
    clock.set(moscow('2026-12-14 12:00'));
    const chat = await specialistWithCase('Кейс остановки');
    const first = await acceptedByNewClient(chat, 'Кейс остановки');
    await first.client.send('/stop');
    await vi.waitFor(
      () => expect(chat.texts()).toContain(scheduleTexts.stoppedByClient('Кейс остановки')),
      NOTICE_TIMEOUT,
    );
    expect(await cardOf(chat, 'Кейс остановки')).toContain(
      '\n🔁 PHQ-9 · каждую неделю · остановлен (клиентом)',
    );

    const other = await specialistWithCase('Кейс отзыва');
    const second = await acceptedByNewClient(other, 'Кейс отзыва');
    await second.client.send('/delete_me');
    await second.client.pressButton(screenTexts.confirmDeleteYes);
    await vi.waitFor(
      () => expect(other.texts()).toContain(scheduleTexts.withdrew('Кейс отзыва')),
      NOTICE_TIMEOUT,
    );
    expect(other.texts()).not.toContain(texts.clientWithdrew('Кейс отзыва'));
  });

  it('lets the specialist stop it from the card; the client’s next due time sends nothing', async () => {
    clock.set(moscow('2026-12-14 12:00'));
    const chat = await specialistWithCase('Кейс специалиста');
    const { client, scheduleId } = await acceptedByNewClient(chat, 'Кейс специалиста');
    await openCard(chat, 'Кейс специалиста');
    await chat.pressButton(scheduleLabels.schedule);
    await chat.pressButton(scheduleLabels.stop);
    expect(chat.lastText()).toContain('🔁 PHQ-9 · каждую неделю · остановлен (вами)');
    const shown = client.texts().length;
    await runDue(scheduleId);
    expect(client.texts()).toHaveLength(shown);
  });

  it('refuses another specialist’s schedule buttons the same way as unknown ones', async () => {
    clock.set(moscow('2026-12-14 12:00'));
    const owner = await specialistWithCase('Чужое расписание');
    await acceptedByNewClient(owner, 'Чужое расписание');
    const scheduleId = await scheduleIdOf('Чужое расписание');
    const stranger = await specialistWithCase('Свой кейс');
    expect(await stranger.press(`sch:stop:${scheduleId}`)).toBe(scheduleTexts.notFound);
    expect(await stranger.press('sch:stop:00000000-0000-0000-0000-000000000000')).toBe(
      scheduleTexts.notFound,
    );
    const row = await database.db
      .selectFrom('screening_schedules')
      .select('status')
      .where('schedule_id', '=', scheduleId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});

function byHand() {
  return { jobId: 'by-hand', attempt: 2, maxAttempts: 5, signal: new AbortController().signal };
}
