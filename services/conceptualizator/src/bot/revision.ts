import { findOwnResult, type OwnResult, saveSessionState, type ToolContext } from '@psycheos/ai';
import { Composer, InlineKeyboard } from 'grammy';
import type { Framework } from '../conceptualization/framework';
import { findFramework } from '../frameworks';
import { jobKind } from '../jobs/job-kinds';
import { texts } from '../texts';
import { CALLBACK, editSectionPattern, sectionPattern } from './callback-data';
import { completedIntake, readState } from './session-state';

/** A revision's request is one message; longer is not "what to change in a section". */
export const REVISION_LIMIT = 4_000;

/**
 * The result a button names, if it is a structured conceptualization of this session's
 * case and the specialist's own: unknown, malformed and someone else's ids get the same
 * "not found".
 */
async function findRevisable(
  ctx: ToolContext,
  resultId: string,
): Promise<{ result: OwnResult; framework: Framework } | null> {
  const result = await findOwnResult(ctx.db, resultId, ctx.toolSession.specialist_user_id);
  if (!result || result.context_id !== ctx.toolSession.context_id) return null;
  if (result.kind !== 'conceptualization') return null;
  const framework = findFramework(result.structured?.framework);
  return framework && result.series_id ? { result, framework } : null;
}

/** «✏️ Изменить раздел»: pick a section, say what to change; the next version is written. */
export function revisionButtons(): Composer<ToolContext> {
  const revision = new Composer<ToolContext>();

  revision.callbackQuery(editSectionPattern, async (ctx) => {
    const resultId = ctx.match[1] ?? '';
    const found = await findRevisable(ctx, resultId);
    if (!found) {
      await ctx.answerCallbackQuery(texts.resultNotFound);
      return;
    }
    await ctx.answerCallbackQuery();
    const keyboard = new InlineKeyboard();
    found.framework.sections.forEach((section, index) => {
      keyboard.text(section.title, CALLBACK.section(resultId, index)).row();
    });
    await ctx.reply(texts.chooseSection, { reply_markup: keyboard });
  });

  revision.callbackQuery(sectionPattern, async (ctx) => {
    const resultId = ctx.match[1] ?? '';
    const found = await findRevisable(ctx, resultId);
    const section = found?.framework.sections[Number(ctx.match[2])];
    if (!section) {
      await ctx.answerCallbackQuery(texts.resultNotFound);
      return;
    }
    const kept = completedIntake(readState(ctx.toolSession.state)) ?? {
      answers: {},
      caseContext: null,
    };
    await ctx.answerCallbackQuery();
    await saveSessionState(ctx.db, ctx.toolSession.session_id, {
      phase: 'revising',
      ...kept,
      resultId,
      sectionKey: section.key,
    });
    await ctx.reply(texts.askRevision(section.title));
  });

  return revision;
}

/** The specialist's message while a section is picked: what to change, asked of the model. */
export async function requestRevision(ctx: ToolContext, instruction: string): Promise<void> {
  const state = readState(ctx.toolSession.state);
  if (state.phase !== 'revising') return;
  if (instruction.length > REVISION_LIMIT) {
    await ctx.reply(texts.revisionTooLong(REVISION_LIMIT));
    return;
  }
  const found = await findRevisable(ctx, state.resultId);
  if (!found) {
    await ctx.reply(texts.resultNotFound);
    return;
  }
  const jobId = await ctx.requestAi(jobKind.revise(found.framework), {
    resultId: state.resultId,
    sectionKey: state.sectionKey,
    instruction,
  });
  if (!jobId) return;
  await saveSessionState(ctx.db, ctx.toolSession.session_id, {
    phase: 'conceptualized',
    answers: state.answers,
    caseContext: state.caseContext,
  });
}
