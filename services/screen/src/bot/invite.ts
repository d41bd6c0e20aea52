import type { PipelineContext } from '@psycheos/bot-runtime';
import { type LaunchRefusal, redeemLaunchToken } from '@psycheos/db';
import { enqueueEvent } from '@psycheos/events';
import { makeIdempotencyKey } from '@psycheos/platform';
import { Composer } from 'grammy';
import { linkClientToCase } from '../data/clients';
import { clientSchedules, scheduleOfInvite } from '../data/schedules';
import { createSession, findOwnSession, invitedInstruments, openSessions } from '../data/sessions';
import { texts } from '../texts';
import { answerPerson } from './answer-person';
import { openScheduleInvite, showWaitingSchedule } from './schedule-consent';
import { currentSessionId, type ScreenBotDeps, screenStates } from './screen-context';
import { showSession } from './session-flow';

const refusal: Record<LaunchRefusal, string> = {
  unknown: texts.inviteUnknown,
  wrong_bot: texts.inviteUnknown,
  used: texts.inviteUsed,
  expired: texts.inviteExpired,
  not_yours: texts.inviteUnknown,
  specialist_inactive: texts.inviteClosed,
  case_archived: texts.inviteClosed,
};

/**
 * /start: with a specialist's invite, registers the client (only the Telegram id), links
 * them to the case and opens a session of the questionnaires the specialist chose, at its
 * consent, or, for a schedule's link, shows the schedule's consent; without one, shows the
 * open session where it stands, or a schedule still waiting for an answer (a client coming
 * back).
 */
export function invites(deps: ScreenBotDeps): Composer<PipelineContext> {
  const composer = new Composer<PipelineContext>();
  composer.chatType('private').command('start', async (ctx) => {
    const token = ctx.match.trim();
    if (!token) {
      const open = await currentOpenSession(ctx);
      if (open) return showSession(ctx, deps, open);
      const [waiting] = ctx.sender
        ? await clientSchedules(ctx.db, ctx.sender.user_id, ['awaiting_consent'])
        : [];
      if (waiting) return showWaitingSchedule(ctx, deps, waiting);
      await answerPerson(
        ctx,
        ctx.chatState?.context_id ? texts.alreadyLinked : texts.start,
        deps.strangerReplyIntervalMinutes,
      );
      return;
    }
    const result = await redeemLaunchToken(ctx.db, 'screen', token, null);
    if (!result.ok) {
      await answerPerson(ctx, refusal[result.reason], deps.strangerReplyIntervalMinutes);
      return;
    }
    const { launch } = result;
    const schedule = await scheduleOfInvite(ctx.db, token);
    if (schedule) {
      await openScheduleInvite(ctx, deps, schedule, launch.specialistUserId);
      return;
    }
    const clientUserId = await linkClientToCase(ctx.db, ctx.from.id, launch.contextId);
    const chosen = (await invitedInstruments(ctx.db, token)) ?? deps.catalogue.defaultSelection();
    const instruments = deps.catalogue.ordered(chosen);
    const session = await createSession(ctx.db, {
      contextId: launch.contextId,
      clientUserId,
      instruments: instruments.length > 0 ? instruments : deps.catalogue.defaultSelection(),
    });
    await screenStates.enter(
      ctx,
      { name: 'session', data: { sessionId: session.session_id } },
      { contextId: launch.contextId, role: 'client' },
    );
    await enqueueEvent(
      ctx.db,
      'psycheos.client.linked',
      { context_id: launch.contextId, specialist_user_id: launch.specialistUserId },
      makeIdempotencyKey({ scope: 'psycheos.client.linked', serviceId: 'screen', runId: token }),
    );
    await showSession(ctx, deps, session);
  });
  return composer;
}

/** The session the chat is in, if it is still open; else the client's newest open one. */
export async function currentOpenSession(ctx: PipelineContext) {
  if (!ctx.sender) return undefined;
  const id = currentSessionId(ctx);
  const current = id ? await findOwnSession(ctx.db, id, ctx.sender.user_id) : undefined;
  if (current && (current.status === 'awaiting_consent' || current.status === 'in_progress')) {
    return current;
  }
  const [newest] = await openSessions(ctx.db, ctx.sender.user_id);
  return newest;
}
