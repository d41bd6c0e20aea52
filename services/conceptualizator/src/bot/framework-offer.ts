import { saveSessionState, type ToolContext } from '@psycheos/ai';
import { InlineKeyboard } from 'grammy';
import { frameworks } from '../frameworks';
import type { IntakeAnswers } from '../intake/intake-steps';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';

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
