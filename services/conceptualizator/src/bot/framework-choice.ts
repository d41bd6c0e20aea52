import type { ToolContext } from '@psycheos/ai';
import { Composer } from 'grammy';
import { findFramework } from '../frameworks';
import { hasAnyAnswer } from '../intake/intake-steps';
import { texts } from '../texts';
import { CALLBACK, frameworkPattern } from './callback-data';
import { conceptualizeIn, frameworkQuestionButtons } from './framework-intake';
import { showFrameworks } from './framework-offer';
import { readState } from './session-state';

/**
 * A framework pressed: its own questions, if it has any still open, then the
 * conceptualization (framework-intake.ts). «🔄 Другой подход» under a result shows the
 * frameworks again for the same intake.
 */
export function frameworkChoice(): Composer<ToolContext> {
  const choice = new Composer<ToolContext>(frameworkQuestionButtons());

  choice.callbackQuery(frameworkPattern, async (ctx) => {
    const state = readState(ctx.toolSession.state);
    const framework = findFramework(ctx.match[1]);
    // Only while the frameworks are on offer: a double tap asks the model once.
    if (!framework || state.phase !== 'framework' || !hasAnyAnswer(state.answers)) {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    await conceptualizeIn(ctx, framework, state.answers, state.caseContext);
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
