import { saveSessionState, type ToolContext } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import { findFramework, frameworks } from '../frameworks';
import { hasAnyAnswer, type IntakeAnswers } from '../intake/intake-steps';
import { jobKind } from '../jobs/job-kinds';
import { texts } from '../texts';
import { CALLBACK, frameworkPattern } from './callback-data';
import { readState } from './session-state';

export function frameworkButtons(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const framework of frameworks)
    keyboard.text(framework.title, CALLBACK.framework(framework.id)).row();
  return keyboard;
}

/** The intake is done: the specialist picks the framework (one button per framework file). */
export async function showFrameworks(
  ctx: ToolContext,
  answers: IntakeAnswers,
  caseContext: string | null,
): Promise<void> {
  await saveSessionState(ctx.db, ctx.toolSession.session_id, {
    phase: 'framework',
    answers,
    caseContext,
  });
  await ctx.reply(texts.chooseFramework, { reply_markup: frameworkButtons() });
}

/**
 * A framework pressed: the conceptualization is asked of the model (jobs/conceptualize.ts).
 * «🔄 Другой подход» under a result shows the frameworks again for the same intake.
 */
export function frameworkChoice(): Composer<ToolContext> {
  const choice = new Composer<ToolContext>();

  choice.callbackQuery(frameworkPattern, async (ctx) => {
    const state = readState(ctx.toolSession.state);
    const framework = findFramework(ctx.match[1]);
    // Only while the frameworks are on offer: a double tap asks the model once.
    if (!framework || state.phase !== 'framework' || !hasAnyAnswer(state.answers)) {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    const jobId = await ctx.requestAi(jobKind.conceptualize(framework), {});
    if (!jobId) return;
    await ctx.answerCallbackQuery(texts.writing(framework.title));
    await saveSessionState(ctx.db, ctx.toolSession.session_id, {
      phase: 'conceptualized',
      answers: state.answers,
      caseContext: state.caseContext,
    });
  });

  choice.callbackQuery(CALLBACK.otherFramework, async (ctx) => {
    const state = readState(ctx.toolSession.state);
    if (state.phase !== 'conceptualized' || !hasAnyAnswer(state.answers)) {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    await ctx.answerCallbackQuery();
    await showFrameworks(ctx, state.answers, state.caseContext);
  });

  return choice;
}
