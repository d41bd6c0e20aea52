import type { JobHandler } from '@psycheos/jobs';
import { loadInstruments } from '@psycheos/screening';
import { type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadScreenSettings } from '../src/config';
import { scheduleTexts } from '../src/schedule-texts';
import { texts } from '../src/texts';
import { ClientChat } from './client-chat';
import {
  moscow,
  queuedScheduleJobs,
  runDueJobs,
  scheduleInvite,
  scheduleTasksFor,
  TestClock,
} from './schedule-jobs';

const phq9 = loadInstruments().get('phq9');
const firstQuestion = texts.question(1, 1, 1, 9, phq9.instruction, phq9.items[0]?.text ?? '');

/**
 * Screening on a schedule, the client's side: the consent, the due sends inside Moscow's
 * daytime (10:00-20:00), the reminder, the verdict, pause and stop. The clock is the test's:
 * the job runner is off and each due job is run by hand when the clock says it is due.
 */
describe('screen bot: questionnaires on a schedule', () => {
  let harness: ServiceHarness;
  let tasks: Record<string, JobHandler>;
  const clock = new TestClock(moscow('2026-12-14 07:00'));
  let nextClientId = 8_000;
  const db = () => harness.database.db;
  /** Runs this schedule's jobs due by now, and waits for what they sent. */
  const runDue = (scheduleId: string) =>
    runDueJobs(db(), tasks, clock, scheduleId).finally(() => harness.repliesSent());

  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'screen',
      buildApp: (deps) =>
        buildApp(deps, loadScreenSettings({}), { clock, runsScheduleJobs: false }),
    });
    tasks = scheduleTasksFor(harness, clock);
  });
  afterAll(() => harness.close());

  /** A weekly PHQ-9 from now, its link opened by a new client: their chat, at the consent. */
  async function clientOfSchedule(startsAt = clock.now()) {
    const invite = await scheduleInvite(db(), {
      instruments: ['phq9'],
      cadenceDays: 7,
      startsAt,
    });
    const chat = new ClientChat(harness, { id: ++nextClientId });
    await chat.send(`/start ${invite.token}`);
    return { chat, ...invite };
  }

  /** The client agreed at 07:00 and the first questionnaire went out at 10:00. */
  async function clientWithFirstQuestionnaire() {
    clock.set(moscow('2026-12-14 07:00'));
    const client = await clientOfSchedule();
    await client.chat.pressButton(scheduleTexts.agree);
    clock.set(moscow('2026-12-14 10:00'));
    await runDue(client.scheduleId);
    return client;
  }

  const scheduleRow = (scheduleId: string) =>
    db()
      .selectFrom('screening_schedules')
      .selectAll()
      .where('schedule_id', '=', scheduleId)
      .executeTakeFirstOrThrow();
  const occurrences = (scheduleId: string) =>
    db()
      .selectFrom('screening_schedule_occurrences')
      .select(['occurrence', 'status'])
      .where('schedule_id', '=', scheduleId)
      .orderBy('occurrence')
      .execute();
  const events = (subject: string, contextId: string) =>
    db()
      .selectFrom('event_outbox')
      .select('payload')
      .where('subject', '=', subject)
      .execute()
      .then((rows) =>
        rows
          .map((row) => (row.payload as { payload: Record<string, unknown> }).payload)
          .filter((payload) => payload.context_id === contextId),
      );
  const sendJobsOf = async (scheduleId: string) =>
    (await queuedScheduleJobs(db())).filter(
      (job) =>
        job.task_identifier === 'screening_schedule:send' && job.payload.scheduleId === scheduleId,
    );

  it('asks once, saying which questionnaires, how often, in which hours, and how to pause or stop', async () => {
    const { chat, scheduleId } = await clientOfSchedule();
    const consent = chat.lastText();
    expect(consent).toMatch(/^Здравствуйте! Ваш специалист предлагает вам регулярно отвечать/);
    for (const line of [
      'PHQ-9 — каждую неделю.',
      'Первый опросник придёт сразу после вашего согласия, следующие — каждую неделю в тот же день недели.',
      'Мы присылаем их только днём, с 10:00 до 20:00 по московскому времени.',
      'Если не ответите, через день придёт одно напоминание.',
      'Каждый раз это 9 вопросов с готовыми вариантами ответа, примерно 2 минуты.',
      'Кто видит ответы: ваш специалист.',
      'кнопкой под сообщением или командами /pause и /stop',
    ]) {
      expect(consent).toContain(line);
    }
    expect(chat.buttons().map((b) => b.text)).toEqual([scheduleTexts.agree, scheduleTexts.decline]);
    expect((await scheduleRow(scheduleId)).status).toBe('awaiting_consent');
    expect(await sendJobsOf(scheduleId)).toEqual([]);
  });

  it('sends a questionnaire due at 07:00 Moscow time at 10:00, and the next a week later', async () => {
    clock.set(moscow('2026-12-14 07:00'));
    const { chat, scheduleId, contextId } = await clientOfSchedule();
    await chat.pressButton(scheduleTexts.agree);
    expect(chat.lastText()).toBe(scheduleTexts.accepted({ day: '14.12', time: '10:00' }));
    expect((await scheduleRow(scheduleId)).status).toBe('active');
    expect((await sendJobsOf(scheduleId)).map((job) => job.run_at)).toEqual([
      moscow('2026-12-14 10:00'),
    ]);
    expect(await events('psycheos.screening.schedule.accepted', contextId)).toHaveLength(1);

    clock.set(moscow('2026-12-14 09:59'));
    expect(await runDue(scheduleId)).toEqual([]);
    expect(chat.lastText()).toBe(scheduleTexts.accepted({ day: '14.12', time: '10:00' }));

    clock.set(moscow('2026-12-14 10:00'));
    expect(await runDue(scheduleId)).toEqual(['screening_schedule:send']);
    expect(chat.lastText()).toBe(`${scheduleTexts.due(['PHQ-9'], 9, 2)}\n\n${firstQuestion}`);
    expect(chat.buttons().map((b) => b.text)).toEqual(phq9.options.map((o) => o.label));
    expect(await occurrences(scheduleId)).toEqual([{ occurrence: 0, status: 'sent' }]);
    expect((await sendJobsOf(scheduleId)).map((job) => job.run_at)).toEqual([
      moscow('2026-12-21 10:00'),
    ]);
    expect((await scheduleRow(scheduleId)).next_send_at).toEqual(moscow('2026-12-21 10:00'));
  });

  it('sends one reminder a day later, then marks the questionnaire missed and tells pro once', async () => {
    const { chat, scheduleId, contextId } = await clientWithFirstQuestionnaire();
    await chat.pressButton(phq9.options[1]?.label ?? '');
    const shown = chat.texts().length;

    clock.set(moscow('2026-12-15 09:00'));
    expect(await runDue(scheduleId)).toEqual([]);
    clock.set(moscow('2026-12-15 10:00'));
    expect(await runDue(scheduleId)).toEqual(['screening_schedule:remind']);
    const [reminder, ...more] = chat.texts().slice(shown);
    expect(more).toEqual([]);
    expect(reminder).toBe(
      `${scheduleTexts.reminder}\n\n${texts.question(1, 1, 2, 9, phq9.instruction, phq9.items[1]?.text ?? '')}`,
    );
    expect(await occurrences(scheduleId)).toEqual([{ occurrence: 0, status: 'reminded' }]);

    clock.set(moscow('2026-12-16 09:59'));
    expect(await runDue(scheduleId)).toEqual([]);
    clock.set(moscow('2026-12-16 10:00'));
    expect(await runDue(scheduleId)).toEqual(['screening_schedule:miss']);
    expect(await occurrences(scheduleId)).toEqual([{ occurrence: 0, status: 'missed' }]);
    expect(chat.texts()).toHaveLength(shown + 1);
    const missed = await events('psycheos.screening.missed', contextId);
    expect(missed).toEqual([expect.objectContaining({ schedule_id: scheduleId, occurrence: 0 })]);

    // The verdict run again (a retry) tells nobody twice; a late answer records nothing.
    await tasks['screening_schedule:miss']?.({ scheduleId, occurrence: 0 }, jobContext());
    expect(await events('psycheos.screening.missed', contextId)).toHaveLength(1);
    expect(await chat.pressButton(phq9.options[0]?.label ?? '')).toBe(texts.sessionOver);

    // The next due time comes as usual.
    clock.set(moscow('2026-12-21 10:00'));
    expect(await runDue(scheduleId)).toEqual(['screening_schedule:send']);
    expect(chat.lastText()).toBe(`${scheduleTexts.due(['PHQ-9'], 9, 2)}\n\n${firstQuestion}`);
  });

  it('sends no reminder for a questionnaire answered to the end', async () => {
    const { chat, scheduleId } = await clientWithFirstQuestionnaire();
    for (let i = 0; i < 9; i += 1) await chat.pressButton(phq9.options[0]?.label ?? '');
    expect(chat.lastText()).toBe(texts.thankYou);
    expect(await occurrences(scheduleId)).toEqual([{ occurrence: 0, status: 'completed' }]);
    const shown = chat.texts().length;
    clock.set(moscow('2026-12-16 12:00'));
    await runDue(scheduleId);
    expect(chat.texts()).toHaveLength(shown);
    expect(await occurrences(scheduleId)).toEqual([{ occurrence: 0, status: 'completed' }]);
  });

  it('while paused sends nothing (no reminder, no questionnaire), and after /resume goes on on the same days', async () => {
    const { chat, scheduleId, contextId } = await clientWithFirstQuestionnaire();
    clock.set(moscow('2026-12-14 12:00'));
    await chat.send('/pause');
    expect(chat.lastText()).toBe(scheduleTexts.paused);
    expect(chat.buttons().map((b) => b.text)).toEqual([scheduleTexts.resume, scheduleTexts.stop]);
    expect((await scheduleRow(scheduleId)).status).toBe('paused');

    const shown = chat.texts().length;
    for (const [day, task] of [
      ['2026-12-15 10:00', 'remind'],
      ['2026-12-16 10:00', 'miss'],
      ['2026-12-21 10:00', 'send'],
    ] as const) {
      clock.set(moscow(day));
      expect(await runDue(scheduleId)).toEqual([`screening_schedule:${task}`]);
    }
    expect(chat.texts()).toHaveLength(shown);
    expect(await occurrences(scheduleId)).toEqual([{ occurrence: 0, status: 'missed' }]);
    // The client chose the pause: the specialist sees it on the card, not as a missed notice.
    expect(await events('psycheos.screening.missed', contextId)).toEqual([]);

    await chat.send('/resume');
    expect(chat.lastText()).toBe(scheduleTexts.resumed('28.12 в 10:00'));
    clock.set(moscow('2026-12-28 10:00'));
    expect(await runDue(scheduleId)).toEqual(['screening_schedule:send']);
    expect(chat.lastText()).toBe(`${scheduleTexts.due(['PHQ-9'], 9, 2)}\n\n${firstQuestion}`);
    expect(await occurrences(scheduleId)).toEqual([
      { occurrence: 0, status: 'missed' },
      { occurrence: 2, status: 'sent' },
    ]);
  });

  it('pauses and resumes with the buttons under its messages too', async () => {
    clock.set(moscow('2026-12-14 12:00'));
    const { chat, scheduleId } = await clientOfSchedule();
    await chat.pressButton(scheduleTexts.agree);
    await chat.pressButton(scheduleTexts.pause);
    expect((await scheduleRow(scheduleId)).status).toBe('paused');
    await chat.pressButton(scheduleTexts.resume);
    expect((await scheduleRow(scheduleId)).status).toBe('active');
  });

  it('stops on /stop: nothing more comes, and pro hears of it once', async () => {
    const { chat, scheduleId, contextId } = await clientWithFirstQuestionnaire();
    await chat.send('/stop');
    expect(chat.lastText()).toBe(`${texts.stopped}\n\n${scheduleTexts.stopped}`);
    const stopped = await scheduleRow(scheduleId);
    expect([stopped.status, stopped.stop_reason, stopped.next_send_at]).toEqual([
      'stopped',
      'client',
      null,
    ]);
    expect(await events('psycheos.screening.schedule.stopped', contextId)).toEqual([
      expect.objectContaining({ schedule_id: scheduleId, reason: 'client' }),
    ]);

    const shown = chat.texts().length;
    clock.set(moscow('2026-12-21 10:00'));
    await runDue(scheduleId);
    expect(chat.texts()).toHaveLength(shown);
    expect(await sendJobsOf(scheduleId)).toEqual([]);
    await chat.send('/stop');
    expect(await events('psycheos.screening.schedule.stopped', contextId)).toHaveLength(1);
  });

  it('stops when Telegram says the client blocked the bot, and tells pro once', async () => {
    const { chat, scheduleId, contextId } = await clientWithFirstQuestionnaire();
    harness.telegram.respond('sendMessage', (params) =>
      params.chat_id === chat.person.id
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    try {
      clock.set(moscow('2026-12-15 10:00'));
      // The refused reminder queues the stop, in the sender's own write.
      const ran = [...(await runDue(scheduleId)), ...(await runDue(scheduleId))];
      expect(ran).toEqual(['screening_schedule:remind', 'screening_schedule:blocked']);
    } finally {
      harness.telegram.respond('sendMessage', () => undefined);
    }
    const stopped = await scheduleRow(scheduleId);
    expect([stopped.status, stopped.stop_reason]).toEqual(['stopped', 'blocked']);
    expect(await events('psycheos.screening.schedule.stopped', contextId)).toEqual([
      expect.objectContaining({ schedule_id: scheduleId, reason: 'blocked' }),
    ]);
    clock.set(moscow('2026-12-21 10:00'));
    await runDue(scheduleId);
    expect(await occurrences(scheduleId)).toHaveLength(1);
  });

  it('stops when the client withdraws, forgetting them, and says so in the withdrawal', async () => {
    const { chat, scheduleId, contextId } = await clientWithFirstQuestionnaire();
    await chat.send('/delete_me');
    await chat.pressButton(texts.confirmDeleteYes);
    const stopped = await scheduleRow(scheduleId);
    expect([stopped.status, stopped.stop_reason, stopped.client_user_id]).toEqual([
      'stopped',
      'withdrew',
      null,
    ]);
    expect(await events('psycheos.client.withdrew', contextId)).toEqual([
      expect.objectContaining({ schedule_stopped: true }),
    ]);
    expect(await events('psycheos.screening.schedule.stopped', contextId)).toEqual([]);
  });

  it('stops when the client says no, keeping nothing of a client who came by its link', async () => {
    const { chat, scheduleId, contextId } = await clientOfSchedule();
    await chat.pressButton(scheduleTexts.decline);
    expect(chat.lastText()).toBe(scheduleTexts.declined);
    const declined = await scheduleRow(scheduleId);
    expect([declined.status, declined.stop_reason, declined.client_user_id]).toEqual([
      'stopped',
      'declined',
      null,
    ]);
    const user = await db()
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', chat.person.id)
      .executeTakeFirst();
    expect(user).toBeUndefined();
    expect(await events('psycheos.screening.schedule.declined', contextId)).toHaveLength(1);
  });
});

function jobContext() {
  return { jobId: 'by-hand', attempt: 2, maxAttempts: 5, signal: new AbortController().signal };
}
