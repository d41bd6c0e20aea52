import type { PipelineContext } from '@psycheos/bot-runtime';
import { enqueueEvent } from '@psycheos/events';
import { makeIdempotencyKey, personKeyPart } from '@psycheos/platform';
import { Composer, InlineKeyboard } from 'grammy';
import { removeClient } from '../data/client-removal';
import { stopClientSchedules } from '../data/schedules';
import { caseSpecialist, openSessions, updateSession } from '../data/sessions';
import { scheduleTexts } from '../schedule-texts';
import { texts } from '../texts';
import { answerPerson } from './answer-person';
import { callbackData, deletePattern } from './callback-data';
import { stopSchedulesOf } from './schedule-controls';
import { IDLE, type ScreenBotDeps, screenStates } from './screen-context';

/**
 * /stop ends the open session (its answers stay for the specialist, the specialist is
 * told) and stops the client's screening schedules; /delete_me, after a confirmation,
 * deletes the client's answers and links to every case and stops their schedules, and
 * each case's specialist is told that the client withdrew (and that the schedule stopped).
 */
export function withdrawal(deps: ScreenBotDeps): Composer<PipelineContext> {
  const composer = new Composer<PipelineContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('stop', async (ctx) => {
    const open = ctx.sender ? await openSessions(ctx.db, ctx.sender.user_id) : [];
    const stoppedSchedules = await stopSchedulesOf(ctx, deps);
    if (open.length === 0) {
      await answerPerson(
        ctx,
        stoppedSchedules > 0 ? scheduleTexts.stopped : texts.nothingToStop,
        deps.strangerReplyIntervalMinutes,
      );
      return;
    }
    for (const session of open) {
      await updateSession(ctx.db, session.session_id, { status: 'stopped' });
      const specialist = await caseSpecialist(ctx.db, session.context_id);
      if (!specialist) continue;
      await enqueueEvent(
        ctx.db,
        'psycheos.screening.stopped',
        {
          context_id: session.context_id,
          specialist_user_id: specialist.user_id,
          session_id: session.session_id,
        },
        makeIdempotencyKey({
          scope: 'psycheos.screening.stopped',
          serviceId: 'screen',
          runId: session.session_id,
        }),
      );
    }
    await screenStates.enter(ctx, IDLE);
    await ctx.reply(
      stoppedSchedules > 0 ? `${texts.stopped}\n\n${scheduleTexts.stopped}` : texts.stopped,
    );
  });

  privateChats.command('delete_me', async (ctx) => {
    if (!ctx.sender) {
      await answerPerson(ctx, texts.nothingToDelete, deps.strangerReplyIntervalMinutes);
      return;
    }
    await ctx.reply(texts.confirmDelete, {
      reply_markup: new InlineKeyboard()
        .text(texts.confirmDeleteYes, callbackData.confirmDelete)
        .row()
        .text(texts.confirmDeleteNo, callbackData.cancelDelete),
    });
  });

  composer.callbackQuery(deletePattern, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === 'no') {
      await ctx.editMessageText(texts.deleteCancelled);
      return;
    }
    if (!ctx.sender) {
      await ctx.editMessageText(texts.nothingToDelete);
      return;
    }
    const schedules = await stopClientSchedules(
      ctx.db,
      ctx.sender.user_id,
      'withdrew',
      deps.clock.now(),
    );
    const { caseIds } = await removeClient(ctx.db, ctx.sender, 'everything');
    for (const contextId of caseIds) {
      const specialist = await caseSpecialist(ctx.db, contextId);
      if (!specialist) continue;
      await enqueueEvent(
        ctx.db,
        'psycheos.client.withdrew',
        {
          context_id: contextId,
          specialist_user_id: specialist.user_id,
          ...(schedules.some((s) => s.context_id === contextId) && { schedule_stopped: true }),
        },
        // The key outlives the client (outbox, JetStream): it names them by a digest only.
        makeIdempotencyKey({
          scope: 'psycheos.client.withdrew',
          serviceId: 'screen',
          contextId,
          actorId: personKeyPart(ctx.sender.user_id),
        }),
      );
    }
    await ctx.editMessageText(texts.deleted);
  });

  return composer;
}
