import { saveSessionState, type ToolContext } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import { caseMaterialText, findCaseMaterial, isEmpty } from '../case-context/case-context';
import {
  ANSWER_LIMIT,
  hasAnyAnswer,
  INTAKE_STEPS,
  type IntakeAnswers,
} from '../intake/intake-steps';
import { texts } from '../texts';
import { CALLBACK, contextPattern, skipPattern } from './callback-data';
import { showFrameworks } from './framework-offer';
import { nextOpenStep, readState } from './session-state';

/** Shows question `step` with its progress mark and «Пропустить», and remembers it is on screen. */
export async function askQuestion(
  ctx: ToolContext,
  step: number,
  answers: IntakeAnswers,
): Promise<void> {
  const question = INTAKE_STEPS[step];
  if (!question) return finishIntake(ctx, answers);
  await saveSessionState(ctx.db, ctx.toolSession.session_id, { phase: 'intake', step, answers });
  await ctx.reply(texts.question(step, texts.intakeQuestions[question.id]), {
    reply_markup: new InlineKeyboard().text(texts.buttons.skip, CALLBACK.skip(step)),
  });
}

/** Starts the intake from its first question, with nothing answered. */
export async function startIntake(ctx: ToolContext): Promise<void> {
  await ctx.reply(texts.intro);
  await askQuestion(ctx, 0, {});
}

/** Records the answer (or the skip) of the question on screen and moves to the next open one. */
async function recordAndMoveOn(
  ctx: ToolContext,
  step: number,
  answers: IntakeAnswers,
  answer: string | null,
): Promise<void> {
  const id = INTAKE_STEPS[step]?.id;
  const updated = id ? { ...answers, [id]: answer } : answers;
  const next = nextOpenStep(updated, step + 1) ?? nextOpenStep(updated);
  if (next === null) await finishIntake(ctx, updated);
  else await askQuestion(ctx, next, updated);
}

/** A text message while a question is on screen: its answer. */
export async function answerQuestion(ctx: ToolContext, answer: string): Promise<void> {
  const state = readState(ctx.toolSession.state);
  if (state.phase !== 'intake') return;
  if (answer.length > ANSWER_LIMIT) {
    await ctx.reply(texts.answerTooLong);
    return;
  }
  await recordAndMoveOn(ctx, state.step, state.answers, answer);
}

/**
 * The intake is complete: with nothing answered it starts again; otherwise what the case
 * already holds is offered as context (when it holds anything), then the frameworks.
 */
async function finishIntake(ctx: ToolContext, answers: IntakeAnswers): Promise<void> {
  if (!hasAnyAnswer(answers)) {
    await ctx.reply(texts.nothingAnswered);
    await askQuestion(ctx, 0, {});
    return;
  }
  const { context_id, specialist_user_id, session_id } = ctx.toolSession;
  const material = await findCaseMaterial(ctx.db, context_id, specialist_user_id);
  if (isEmpty(material)) {
    await showFrameworks(ctx, answers, null);
    return;
  }
  const offered = caseMaterialText(material);
  await saveSessionState(ctx.db, session_id, { phase: 'context_offer', answers, offered });
  await ctx.reply(texts.contextOffer(offered), {
    reply_markup: contextButtons(),
  });
}

export const contextButtons = () =>
  new InlineKeyboard()
    .text(texts.buttons.useContext, CALLBACK.useContext)
    .text(texts.buttons.skipContext, CALLBACK.skipContext);

/** «Пропустить» under a question, and the specialist's say on the case's material. */
export function intakeButtons(): Composer<ToolContext> {
  const intake = new Composer<ToolContext>();

  intake.callbackQuery(skipPattern, async (ctx) => {
    const state = readState(ctx.toolSession.state);
    // A double tap or an old question's button: only the question on screen is skipped.
    if (state.phase !== 'intake' || state.step !== Number(ctx.match[1])) {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    await ctx.answerCallbackQuery();
    await recordAndMoveOn(ctx, state.step, state.answers, null);
  });

  intake.callbackQuery(contextPattern, async (ctx) => {
    const state = readState(ctx.toolSession.state);
    if (state.phase !== 'context_offer') {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    const use = ctx.match[1] === 'yes';
    await ctx.answerCallbackQuery(use ? texts.contextUsed : texts.contextSkipped);
    // Exactly the text the specialist was shown, not the case as it may be by now.
    await showFrameworks(ctx, state.answers, use && state.offered ? state.offered : null);
  });

  return intake;
}
