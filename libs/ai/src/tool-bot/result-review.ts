import { charactersGenitive, counted } from '@psycheos/bot-runtime';
import type { ToolSession } from '@psycheos/db';
import { Composer } from 'grammy';
import { addResultCorrection, markResultChecked, RESULT_CALLBACK } from '../tool-runtime/results';
import type { ToolContext } from './tool-context';
import { chatInSession, sessionKept, toolStates } from './tool-states';

const UUID = '([0-9a-f-]{36})';
const MAX_CORRECTION_LENGTH = 4_000;

const texts = {
  checked: 'Отмечено как проверенное.',
  notFound: 'Результат не найден.',
  askCorrection: 'Напишите поправку одним сообщением: она сохранится вместе с результатом.',
  saved: 'Поправка сохранена.',
  tooLong: `Поправка длиннее ${counted(MAX_CORRECTION_LENGTH, charactersGenitive)}. Сократите её, пожалуйста.`,
};

/**
 * Signing off a tool's result («✅ Проверено») or attaching a correction («✏️ Поправка»):
 * the history in pro then shows which results are still drafts. The awaited correction
 * is remembered in the chat's state (tool-states.ts), so the specialist's next message is
 * taken as it.
 */
export function resultReview<S extends ToolSession>(): Composer<ToolContext<S>> {
  const review = new Composer<ToolContext<S>>();

  review.callbackQuery(new RegExp(`^${RESULT_CALLBACK.check}${UUID}$`), async (ctx) => {
    const ok = await markResultChecked(
      ctx.db,
      ctx.match[1] ?? '',
      ctx.toolSession.specialist_user_id,
    );
    await ctx.answerCallbackQuery(ok ? texts.checked : texts.notFound);
  });

  review.callbackQuery(new RegExp(`^${RESULT_CALLBACK.correct}${UUID}$`), async (ctx) => {
    await toolStates.enter(ctx, chatInSession(ctx.toolSession, ctx.match[1] ?? ''), {
      contextId: ctx.toolSession.context_id,
    });
    await ctx.answerCallbackQuery();
    await ctx.reply(texts.askCorrection);
  });

  review.on('message:text', async (ctx, next) => {
    const resultId = sessionKept(ctx)?.correctionFor;
    if (resultId === undefined) return next();
    const correction = ctx.message.text.trim();
    if (correction.length > MAX_CORRECTION_LENGTH) {
      await ctx.reply(texts.tooLong);
      return;
    }
    await toolStates.enter(ctx, chatInSession(ctx.toolSession), {
      contextId: ctx.toolSession.context_id,
    });
    const ok = await addResultCorrection(
      ctx.db,
      resultId,
      ctx.toolSession.specialist_user_id,
      correction,
    );
    await ctx.reply(ok ? texts.saved : texts.notFound);
  });

  return review;
}
