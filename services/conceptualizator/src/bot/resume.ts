import { saveSessionState, type ToolContext } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import { INTAKE_STEPS, type IntakeAnswers } from '../intake/intake-steps';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';
import { askQuestion, startIntake } from './intake';
import { nextOpenStep, readState, unfinishedIntake } from './session-state';

/**
 * The case's latest earlier session of this bot, and its intake if that was left
 * unfinished. Only the latest: an intake abandoned before a later conceptualization is
 * not brought back. Scoped to the session's own case and specialist.
 */
async function previousIntake(
  ctx: ToolContext,
): Promise<{ sessionId: string; answers: IntakeAnswers } | null> {
  const { bot_id, context_id, specialist_user_id, session_id } = ctx.toolSession;
  const previous = await ctx.db
    .selectFrom('tool_sessions')
    .select(['session_id', 'state'])
    .where('bot_id', '=', bot_id)
    .where('context_id', '=', context_id)
    .where('specialist_user_id', '=', specialist_user_id)
    .where('session_id', '!=', session_id)
    .orderBy('opened_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) return null;
  const answers = unfinishedIntake(readState(previous.state as Record<string, unknown>));
  return answers ? { sessionId: previous.session_id, answers } : null;
}

/** A session opens: an unfinished intake of the case is offered to resume, else a new one starts. */
export async function introduce(ctx: ToolContext): Promise<void> {
  const previous = await previousIntake(ctx);
  if (!previous) {
    await startIntake(ctx);
    return;
  }
  await saveSessionState(ctx.db, ctx.toolSession.session_id, {
    phase: 'resume_offer',
    resumeFrom: previous.sessionId,
  });
  await offerResume(ctx, previous.answers);
}

async function offerResume(ctx: ToolContext, answers: IntakeAnswers): Promise<void> {
  const given = Object.values(answers);
  const answered = given.filter((answer) => typeof answer === 'string').length;
  await ctx.reply(texts.resumeOffer(answered, given.length - answered), {
    reply_markup: resumeKeyboard(),
  });
}

export const resumeKeyboard = () =>
  new InlineKeyboard()
    .text(texts.buttons.resume, CALLBACK.resume)
    .text(texts.buttons.restart, CALLBACK.restart);

/**
 * «Продолжить» moves the answers into this session and asks the first open question (or
 * goes on to the context and frameworks); «Начать заново» deletes them. Either way the
 * earlier session keeps no copy: one intake of a case lives in one place.
 */
export function resumeButtons(): Composer<ToolContext> {
  const resume = new Composer<ToolContext>();

  resume.callbackQuery([CALLBACK.resume, CALLBACK.restart], async (ctx) => {
    const state = readState(ctx.toolSession.state);
    if (state.phase !== 'resume_offer') {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    await ctx.answerCallbackQuery();
    const previous = await previousIntake(ctx);
    if (previous) await saveSessionState(ctx.db, previous.sessionId, {});
    if (ctx.callbackQuery.data === CALLBACK.restart) {
      await ctx.reply(texts.restarted);
      await startIntake(ctx);
      return;
    }
    if (!previous || previous.sessionId !== state.resumeFrom) {
      await ctx.reply(texts.resumeGone);
      await startIntake(ctx);
      return;
    }
    await askQuestion(ctx, nextOpenStep(previous.answers) ?? INTAKE_STEPS.length, previous.answers);
  });

  return resume;
}
