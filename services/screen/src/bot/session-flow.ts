import type { PipelineContext } from '@psycheos/bot-runtime';
import { enqueueEvent } from '@psycheos/events';
import { makeIdempotencyKey } from '@psycheos/platform';
import { scoreInstrument } from '@psycheos/screening';
import { Composer } from 'grammy';
import { removeClient } from '../data/client-removal';
import { completeOccurrenceOf } from '../data/schedules';
import {
  answerAt,
  caseSpecialist,
  findOwnSession,
  type Session,
  saveAnswer,
  saveScores,
  sessionAnswers,
  updateSession,
} from '../data/sessions';
import { QuestionPlan } from '../screening/question-plan';
import { texts } from '../texts';
import { answerPattern, backPattern, consentPattern } from './callback-data';
import { sendCrisisResources } from './crisis';
import { followUpCrisisItem } from './crisis-answer';
import { consentView, questionView } from './question-view';
import { IDLE, type ScreenBotDeps, screenStates } from './screen-context';

/**
 * The client's session: consent, one question at a time, back, the end. Every button
 * names its session and question; it acts only when that is the session's question now,
 * so a double tap or a stale button never records an answer twice or out of order (the
 * pipeline runs one chat's updates one at a time).
 */
export function sessionFlow(deps: ScreenBotDeps): Composer<PipelineContext> {
  const flow = new Composer<PipelineContext>();
  const planOf = (session: Session) => new QuestionPlan(deps.catalogue, session.instruments);
  const ownSession = (ctx: PipelineContext, sessionId: string) =>
    ctx.sender ? findOwnSession(ctx.db, sessionId, ctx.sender.user_id) : Promise.resolve(undefined);

  flow.callbackQuery(consentPattern, async (ctx) => {
    const session = await ownSession(ctx, ctx.match[1] ?? '');
    if (session?.status !== 'awaiting_consent' || !ctx.sender) {
      await ctx.answerCallbackQuery({ text: texts.sessionOver });
      return;
    }
    await ctx.answerCallbackQuery();
    if (ctx.match[2] === 'yes') {
      await updateSession(ctx.db, session.session_id, { status: 'in_progress', consented: true });
      const view = await questionView(ctx.db, session, planOf(session), 0);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
      return;
    }
    const specialist = await caseSpecialist(ctx.db, session.context_id);
    const removal = await removeClient(ctx.db, ctx.sender, { contextId: session.context_id });
    if (!removal.isForgotten) {
      await screenStates.enter(ctx, IDLE, { contextId: null });
    }
    if (specialist) {
      await enqueueEvent(
        ctx.db,
        'psycheos.screening.declined',
        { context_id: session.context_id, specialist_user_id: specialist.user_id },
        makeIdempotencyKey({
          scope: 'psycheos.screening.declined',
          serviceId: 'screen',
          runId: session.session_id,
        }),
      );
    }
    await ctx.editMessageText(texts.declined);
  });

  flow.callbackQuery(answerPattern, async (ctx) => {
    const [, sessionId = '', positionText, valueText] = ctx.match;
    const session = await ownSession(ctx, sessionId);
    if (session?.status !== 'in_progress' || !ctx.sender) {
      await ctx.answerCallbackQuery({ text: texts.sessionOver });
      return;
    }
    const plan = planOf(session);
    const question = plan.at(session.position);
    const value = Number(valueText);
    if (
      Number(positionText) !== session.position ||
      !question?.instrument.options.some((option) => option.value === value)
    ) {
      await ctx.answerCallbackQuery({ text: texts.staleButton });
      return;
    }
    const { instrument, itemIndex } = question;
    const previousValue = await answerAt(ctx.db, session.session_id, session.position);
    await saveAnswer(ctx.db, {
      sessionId: session.session_id,
      position: session.position,
      instrumentId: instrument.id,
      itemIndex,
      value,
    });
    const crisis = await followUpCrisisItem(ctx, {
      session,
      clientUserId: ctx.sender.user_id,
      instrument,
      itemIndex,
      value,
      previousValue: previousValue ?? undefined,
    });
    await ctx.answerCallbackQuery();
    const next = session.position + 1;
    const isLast = next >= plan.length;
    if (crisis.isCrisis) {
      // The questionnaire waits: the client chooses to go on now or later.
      await sendCrisisResources(ctx, deps.crisisResources, {
        isSpecialistAlerted: crisis.isSpecialistAlerted,
        pausedSessionId: isLast ? undefined : session.session_id,
      });
    }
    if (isLast) {
      await completeSession(ctx, session, plan);
      await ctx.editMessageText(texts.thankYou);
      return;
    }
    await updateSession(ctx.db, session.session_id, { position: next });
    if (crisis.isCrisis) {
      await ctx.editMessageText(texts.answerRecorded);
      return;
    }
    const view = await questionView(ctx.db, session, plan, next);
    await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
  });

  flow.callbackQuery(backPattern, async (ctx) => {
    const [, sessionId = '', positionText] = ctx.match;
    const session = await ownSession(ctx, sessionId);
    if (session?.status !== 'in_progress') {
      await ctx.answerCallbackQuery({ text: texts.sessionOver });
      return;
    }
    if (Number(positionText) !== session.position || session.position === 0) {
      await ctx.answerCallbackQuery({ text: texts.staleButton });
      return;
    }
    const previous = session.position - 1;
    await updateSession(ctx.db, session.session_id, { position: previous });
    await ctx.answerCallbackQuery();
    const view = await questionView(ctx.db, session, planOf(session), previous);
    await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
  });

  return flow;
}

/**
 * Scores each instrument by its published rule and tells pro, through the event outbox; a
 * scheduled questionnaire's due time is then done (no reminder, never missed).
 */
async function completeSession(ctx: PipelineContext, session: Session, plan: QuestionPlan) {
  const answers = await sessionAnswers(ctx.db, session.session_id);
  const instruments = [...new Set(plan.questions.map((q) => q.instrument))];
  const scores = instruments.map((instrument) => {
    const values = instrument.items.map(
      (_, itemIndex) =>
        answers.find((a) => a.instrument_id === instrument.id && a.item_index === itemIndex)
          ?.value ?? Number.NaN,
    );
    return scoreInstrument(instrument, values);
  });
  await saveScores(ctx.db, session.session_id, scores);
  await updateSession(ctx.db, session.session_id, {
    status: 'completed',
    position: plan.length,
    completed: true,
  });
  await completeOccurrenceOf(ctx.db, session.session_id);
  await screenStates.enter(ctx, IDLE);
  const specialist = await caseSpecialist(ctx.db, session.context_id);
  if (!specialist) return;
  await enqueueEvent(
    ctx.db,
    'psycheos.screening.completed',
    {
      context_id: session.context_id,
      specialist_user_id: specialist.user_id,
      session_id: session.session_id,
    },
    makeIdempotencyKey({
      scope: 'psycheos.screening.completed',
      serviceId: 'screen',
      runId: session.session_id,
    }),
  );
}

/** Shows the session where it stands: its consent, or its current question (resuming). */
export async function showSession(
  ctx: PipelineContext,
  deps: ScreenBotDeps,
  session: Session,
  lead?: string,
): Promise<void> {
  const plan = new QuestionPlan(deps.catalogue, session.instruments);
  const view =
    session.status === 'awaiting_consent'
      ? consentView(session, plan, deps.serviceOperator)
      : await questionView(ctx.db, session, plan, session.position);
  await ctx.reply(lead ? `${lead}\n\n${view.text}` : view.text, { reply_markup: view.keyboard });
}
