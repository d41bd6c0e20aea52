import type { PipelineContext } from '@psycheos/bot-runtime';
import { enqueueEvent } from '@psycheos/events';
import { makeIdempotencyKey } from '@psycheos/platform';
import { Composer } from 'grammy';
import { removeClient } from '../data/client-removal';
import { linkClientToCase } from '../data/clients';
import { findOwnSchedule, hasLiveSchedule, type Schedule, updateSchedule } from '../data/schedules';
import { caseSpecialist } from '../data/sessions';
import { announceScheduleAnswer } from '../schedule/schedule-events';
import { queueSend } from '../schedule/schedule-jobs';
import { scheduleTexts } from '../schedule-texts';
import { texts } from '../texts';
import { scheduleConsentPattern } from './callback-data';
import { scheduleConsentView, scheduleControls } from './schedule-view';
import { IDLE, type ScreenBotDeps, screenStates } from './screen-context';

/**
 * The client's answer to a schedule's consent. Yes makes it active: the first questionnaire
 * is queued for the start (or now, when the client agrees after it), inside their daytime,
 * and they are told when it comes. No stops it; a client who came by the schedule's link
 * and has nothing else in the case is forgotten there, as after a declined screening.
 * Either way the specialist hears of it in pro.
 */
export function scheduleConsent(deps: ScreenBotDeps): Composer<PipelineContext> {
  const composer = new Composer<PipelineContext>();
  composer.callbackQuery(scheduleConsentPattern, async (ctx) => {
    const [, scheduleId = '', answer] = ctx.match;
    const schedule = ctx.sender
      ? await findOwnSchedule(ctx.db, scheduleId, ctx.sender.user_id)
      : undefined;
    const specialist = schedule && (await caseSpecialist(ctx.db, schedule.context_id));
    if (schedule?.status !== 'awaiting_consent' || !specialist || !ctx.sender) {
      await ctx.answerCallbackQuery({ text: scheduleTexts.offerOver });
      return;
    }
    await ctx.answerCallbackQuery();
    const ref = { ...schedule, specialist_user_id: specialist.user_id };
    const now = deps.clock.now();
    if (answer === 'yes') {
      const anchor = new Date(Math.max(schedule.starts_at.getTime(), now.getTime()));
      await updateSchedule(ctx.db, scheduleId, {
        status: 'active',
        acceptedAt: now,
        anchorAt: anchor,
      });
      const sendAt = await queueSend(
        ctx.db,
        deps.window,
        { ...schedule, anchor_at: anchor },
        0,
        now,
      );
      await announceScheduleAnswer(ctx.db, ref, true);
      const first =
        sendAt > now ? { day: deps.window.dayOf(sendAt), time: deps.window.timeOf(sendAt) } : null;
      await ctx.editMessageText(scheduleTexts.accepted(first), {
        reply_markup: scheduleControls(scheduleId, false),
      });
      return;
    }
    await updateSchedule(ctx.db, scheduleId, {
      status: 'stopped',
      stopReason: 'declined',
      stoppedAt: now,
      nextSendAt: null,
    });
    await announceScheduleAnswer(ctx.db, ref, false);
    if (schedule.invite_token && !(await hasAnySession(ctx, schedule))) {
      const removal = await removeClient(ctx.db, ctx.sender, { contextId: schedule.context_id });
      if (!removal.isForgotten) {
        await screenStates.enter(ctx, IDLE, { contextId: null });
      }
    }
    await ctx.editMessageText(scheduleTexts.declined);
  });
  return composer;
}

/**
 * /start with a schedule's link: the client is registered and linked to the case (only the
 * Telegram id, as for a screening link) and gets the schedule's consent. A link already
 * used, or replaced by a newer one, no longer works; a client who has a schedule in this
 * case already keeps that one.
 */
export async function openScheduleInvite(
  ctx: PipelineContext,
  deps: ScreenBotDeps,
  schedule: Schedule,
  specialistUserId: string,
): Promise<void> {
  if (schedule.status !== 'awaiting_consent' || schedule.client_user_id !== null || !ctx.from) {
    await ctx.reply(texts.inviteClosed);
    return;
  }
  const clientUserId = await linkClientToCase(ctx.db, ctx.from.id, schedule.context_id);
  await screenStates.enter(ctx, IDLE, { contextId: schedule.context_id, role: 'client' });
  await enqueueEvent(
    ctx.db,
    'psycheos.client.linked',
    { context_id: schedule.context_id, specialist_user_id: specialistUserId },
    makeIdempotencyKey({
      scope: 'psycheos.client.linked',
      serviceId: 'screen',
      runId: schedule.invite_token ?? schedule.schedule_id,
    }),
  );
  if (await hasLiveSchedule(ctx.db, schedule.context_id, clientUserId, schedule.schedule_id)) {
    await updateSchedule(ctx.db, schedule.schedule_id, {
      status: 'stopped',
      stopReason: 'replaced',
      stoppedAt: deps.clock.now(),
    });
    await ctx.reply(scheduleTexts.alreadyScheduled);
    return;
  }
  await updateSchedule(ctx.db, schedule.schedule_id, { clientUserId });
  await showWaitingSchedule(ctx, deps, { ...schedule, client_user_id: clientUserId });
}

/** A schedule still waiting for this client's answer, shown again when they come back. */
export async function showWaitingSchedule(
  ctx: PipelineContext,
  deps: ScreenBotDeps,
  schedule: Schedule,
): Promise<void> {
  const view = scheduleConsentView(
    schedule,
    deps.catalogue,
    deps.window,
    deps.serviceOperator,
    deps.clock.now(),
  );
  await ctx.reply(view.text, { reply_markup: view.keyboard });
}

async function hasAnySession(ctx: PipelineContext, schedule: Schedule): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('screening_sessions')
    .select('session_id')
    .where('context_id', '=', schedule.context_id)
    .where('client_user_id', '=', schedule.client_user_id as string)
    .executeTakeFirst();
  return row !== undefined;
}
