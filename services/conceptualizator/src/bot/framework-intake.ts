import { saveSessionState, type ToolContext } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import type { Framework } from '../conceptualization/framework';
import { findFramework } from '../frameworks';
import { answerKey, nextFrameworkQuestion } from '../intake/framework-questions';
import { ANSWER_LIMIT, type IntakeAnswers } from '../intake/intake-steps';
import { jobKind } from '../jobs/job-kinds';
import { texts } from '../texts';
import { CALLBACK, frameworkQuestionPattern } from './callback-data';
import { showFrameworks } from './framework-offer';
import { readState } from './session-state';

/**
 * A framework picked: its own questions that are still open are asked one at a time
 * (skippable, as the intake's are), then the conceptualization is asked of the model
 * (jobs/conceptualize.ts). A framework without questions goes straight to the model.
 */
export async function conceptualizeIn(
  ctx: ToolContext,
  framework: Framework,
  answers: IntakeAnswers,
  caseContext: string | null,
): Promise<void> {
  const next = nextFrameworkQuestion(framework, answers);
  if (next !== null) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await askFrameworkQuestion(ctx, framework, next, answers, caseContext);
    return;
  }
  const jobId = await ctx.requestAi(jobKind.conceptualize(framework), {});
  if (!jobId) {
    // Not queued (told why): the frameworks are on offer again, the answers kept.
    await saveSessionState(ctx.db, ctx.toolSession.session_id, {
      phase: 'framework',
      answers,
      caseContext,
    });
    return;
  }
  if (ctx.callbackQuery) await ctx.answerCallbackQuery(texts.writing(framework.title));
  await saveSessionState(ctx.db, ctx.toolSession.session_id, {
    phase: 'conceptualized',
    answers,
    caseContext,
  });
}

async function askFrameworkQuestion(
  ctx: ToolContext,
  framework: Framework,
  index: number,
  answers: IntakeAnswers,
  caseContext: string | null,
): Promise<void> {
  const question = framework.questions[index];
  if (!question) return;
  await saveSessionState(ctx.db, ctx.toolSession.session_id, {
    phase: 'framework_intake',
    answers,
    caseContext,
    frameworkId: framework.id,
    question: index,
  });
  await ctx.reply(
    texts.frameworkQuestion(framework.title, index, framework.questions.length, question.question),
    {
      reply_markup: new InlineKeyboard().text(
        texts.buttons.skip,
        CALLBACK.skipFrameworkQuestion(framework.id, index),
      ),
    },
  );
}

/** The question on screen answered (or skipped, null): recorded, then the next or the model. */
async function recordFrameworkAnswer(ctx: ToolContext, answer: string | null): Promise<void> {
  const state = readState(ctx.toolSession.state);
  if (state.phase !== 'framework_intake') return;
  const framework = findFramework(state.frameworkId);
  const question = framework?.questions[state.question];
  // A framework file changed under a question on screen: the frameworks are offered again.
  if (!framework || !question) return showFrameworks(ctx, state.answers, state.caseContext);
  const answers = { ...state.answers, [answerKey(framework, question)]: answer };
  await conceptualizeIn(ctx, framework, answers, state.caseContext);
}

/** A text message while a framework's question is on screen: its answer. */
export async function answerFrameworkQuestion(ctx: ToolContext, answer: string): Promise<void> {
  if (answer.length > ANSWER_LIMIT) {
    await ctx.reply(texts.answerTooLong);
    return;
  }
  await recordFrameworkAnswer(ctx, answer);
}

/** «Пропустить» under a framework's question: only the question on screen is skipped. */
export function frameworkQuestionButtons(): Composer<ToolContext> {
  const buttons = new Composer<ToolContext>();
  buttons.callbackQuery(frameworkQuestionPattern, async (ctx) => {
    const state = readState(ctx.toolSession.state);
    const isOnScreen =
      state.phase === 'framework_intake' &&
      state.frameworkId === ctx.match[1] &&
      state.question === Number(ctx.match[2]);
    if (!isOnScreen) {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    await recordFrameworkAnswer(ctx, null);
    await ctx.answerCallbackQuery(); // a press is answered once: a no-op if answered above
  });
  return buttons;
}
