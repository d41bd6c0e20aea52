import type { PipelineContext } from '@psycheos/bot-runtime';
import type { ScheduleStatus } from '@psycheos/db';
import { Composer } from 'grammy';
import {
  clientSchedules,
  findOwnSchedule,
  type Schedule,
  stopClientSchedules,
  updateSchedule,
} from '../data/schedules';
import { caseSpecialist } from '../data/sessions';
import { announceScheduleStopped } from '../schedule/schedule-events';
import { scheduleTexts } from '../schedule-texts';
import { answerPerson } from './answer-person';
import { scheduleControlPattern } from './callback-data';
import { scheduleControls } from './schedule-view';
import type { ScreenBotDeps } from './screen-context';

/**
 * The client's say over their schedules: /pause and /resume (every schedule they have),
 * and «⏸ Пауза», «▶️ Возобновить», «⏹ Остановить» under a schedule's messages (that one).
 * A pause skips the due times until they resume; the days stay as they were. /stop is
 * withdraw.ts's: it stops the open questionnaire and the schedules (stopSchedulesOf).
 */
export function scheduleControlsFlow(deps: ScreenBotDeps): Composer<PipelineContext> {
  const composer = new Composer<PipelineContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('pause', async (ctx) => {
    const paused = await moveSchedules(ctx, 'active', 'paused');
    if (paused.length === 0) {
      await answerPerson(ctx, scheduleTexts.nothingToPause, deps.strangerReplyIntervalMinutes);
      return;
    }
    await ctx.reply(scheduleTexts.paused, controlsFor(paused, true));
  });

  privateChats.command('resume', async (ctx) => {
    const resumed = await moveSchedules(ctx, 'paused', 'active');
    if (resumed.length === 0) {
      await answerPerson(ctx, scheduleTexts.nothingToResume, deps.strangerReplyIntervalMinutes);
      return;
    }
    await ctx.reply(scheduleTexts.resumed(nextSend(deps, resumed)), controlsFor(resumed, false));
  });

  composer.callbackQuery(scheduleControlPattern, async (ctx) => {
    const [, scheduleId = '', action] = ctx.match;
    const schedule = ctx.sender
      ? await findOwnSchedule(ctx.db, scheduleId, ctx.sender.user_id)
      : undefined;
    if (!schedule || schedule.status === 'stopped' || schedule.status === 'awaiting_consent') {
      await ctx.answerCallbackQuery({ text: scheduleTexts.notYours });
      return;
    }
    await ctx.answerCallbackQuery();
    if (action === 'stop') {
      await stopSchedule(ctx, deps, schedule);
      await ctx.reply(scheduleTexts.stopped);
      return;
    }
    const status: ScheduleStatus = action === 'pause' ? 'paused' : 'active';
    if (schedule.status !== status) await updateSchedule(ctx.db, scheduleId, { status });
    const text =
      status === 'paused'
        ? scheduleTexts.paused
        : scheduleTexts.resumed(nextSend(deps, [schedule]));
    await ctx.reply(text, { reply_markup: scheduleControls(scheduleId, status === 'paused') });
  });

  return composer;
}

/**
 * Stops every schedule of the client's that is not stopped, and tells each specialist once;
 * returns how many stopped. For /stop and its button.
 */
export async function stopSchedulesOf(ctx: PipelineContext, deps: ScreenBotDeps): Promise<number> {
  if (!ctx.sender) return 0;
  const stopped = await stopClientSchedules(ctx.db, ctx.sender.user_id, 'client', deps.clock.now());
  for (const schedule of stopped) await tellSpecialist(ctx, schedule);
  return stopped.length;
}

async function stopSchedule(ctx: PipelineContext, deps: ScreenBotDeps, schedule: Schedule) {
  await updateSchedule(ctx.db, schedule.schedule_id, {
    status: 'stopped',
    stopReason: 'client',
    stoppedAt: deps.clock.now(),
    nextSendAt: null,
  });
  await tellSpecialist(ctx, schedule);
}

async function tellSpecialist(ctx: PipelineContext, schedule: Schedule) {
  const specialist = await caseSpecialist(ctx.db, schedule.context_id);
  if (!specialist) return;
  await announceScheduleStopped(
    ctx.db,
    { ...schedule, specialist_user_id: specialist.user_id },
    'client',
  );
}

/** The client's schedules in `from`, moved to `to`. */
async function moveSchedules(ctx: PipelineContext, from: ScheduleStatus, to: ScheduleStatus) {
  if (!ctx.sender) return [];
  const schedules = await clientSchedules(ctx.db, ctx.sender.user_id, [from]);
  for (const schedule of schedules) {
    await updateSchedule(ctx.db, schedule.schedule_id, { status: to });
  }
  return schedules;
}

/** Buttons when there is one schedule to act on; with several, the commands do it. */
const controlsFor = (schedules: Schedule[], isPaused: boolean) =>
  schedules.length === 1 && schedules[0]
    ? { reply_markup: scheduleControls(schedules[0].schedule_id, isPaused) }
    : {};

/** "21.12 в 10:00": the soonest next send of these schedules, in the client's time zone. */
function nextSend(deps: ScreenBotDeps, schedules: Schedule[]): string | null {
  const times = schedules
    .map((schedule) => schedule.next_send_at)
    .filter((at): at is Date => at !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  const next = times[0];
  return next ? `${deps.window.dayOf(next)} в ${deps.window.timeOf(next)}` : null;
}
