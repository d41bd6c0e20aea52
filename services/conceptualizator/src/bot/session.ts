import type { ToolContext } from '@psycheos/ai';
import { Composer } from 'grammy';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';
import { frameworkChoice } from './framework-choice';
import { answerFrameworkQuestion } from './framework-intake';
import { frameworkButtons } from './framework-offer';
import { answerQuestion, askQuestion, contextButtons, intakeButtons } from './intake';
import { afterResultButtons } from './result-buttons';
import { resumeButtons, resumeKeyboard } from './resume';
import { requestRevision, revisionButtons } from './revision';
import { readState } from './session-state';

/**
 * A Концептуализатор session: the intake one question at a time (resumable), the case's
 * material offered as context, a framework picked (and its own questions asked), the
 * conceptualization written; then
 * sections revised into new versions, or another framework for the same intake.
 */
export function conceptualizatorSession(): Composer<ToolContext> {
  const session = new Composer<ToolContext>(
    resumeButtons(),
    intakeButtons(),
    frameworkChoice(),
    revisionButtons(),
  );

  session.callbackQuery(CALLBACK.newIntake, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(texts.newIntake);
    await askQuestion(ctx, 0, {});
  });

  session.on('message', async (ctx) => {
    const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    if (!text) {
      await ctx.reply(texts.notText);
      return;
    }
    const state = readState(ctx.toolSession.state);
    switch (state.phase) {
      case 'intake':
        return answerQuestion(ctx, text);
      case 'revising':
        return requestRevision(ctx, text);
      case 'resume_offer':
        await ctx.reply(texts.resumeChoose, { reply_markup: resumeKeyboard() });
        return;
      case 'context_offer':
        await ctx.reply(texts.contextChoose, { reply_markup: contextButtons() });
        return;
      case 'framework_intake':
        return answerFrameworkQuestion(ctx, text);
      case 'framework':
        await ctx.reply(texts.frameworkChoose, { reply_markup: frameworkButtons() });
        return;
      case 'conceptualized':
        await ctx.reply(texts.afterResult, { reply_markup: afterResultButtons() });
        return;
    }
  });

  return session;
}
