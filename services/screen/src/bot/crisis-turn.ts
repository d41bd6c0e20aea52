import type { PipelineContext } from '@psycheos/bot-runtime';
import { Composer } from 'grammy';
import { findOwnSession } from '../data/sessions';
import { texts } from '../texts';
import { crisisTurnPattern } from './callback-data';
import type { ScreenBotDeps } from './screen-context';
import { showSession } from './session-flow';

/**
 * «Продолжить сейчас» / «Продолжить позже» under the crisis resources in a questionnaire.
 * After crisis language the question is not put back in front of the client at once; they
 * choose. Later means nothing is lost: any message brings the questionnaire back where it was.
 */
export function crisisTurn(deps: ScreenBotDeps): Composer<PipelineContext> {
  const turn = new Composer<PipelineContext>();
  turn.callbackQuery(crisisTurnPattern, async (ctx) => {
    const [, sessionId = '', when] = ctx.match;
    const session = ctx.sender
      ? await findOwnSession(ctx.db, sessionId, ctx.sender.user_id)
      : undefined;
    const isOpen = session?.status === 'awaiting_consent' || session?.status === 'in_progress';
    await ctx.answerCallbackQuery(isOpen ? undefined : { text: texts.sessionOver });
    // The resources stay in the chat; only the choice under them goes.
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
    if (!session || !isOpen) return;
    if (when === 'later') {
      await ctx.reply(texts.continuedLater);
      return;
    }
    await showSession(ctx, deps, session);
  });
  return turn;
}
