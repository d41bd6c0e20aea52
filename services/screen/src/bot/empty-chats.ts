import type { PipelineContext } from '@psycheos/bot-runtime';
import type { MiddlewareFn } from 'grammy';

/**
 * Someone with no account here keeps a chat row only while it holds something: a state, a
 * case, or the mark of when they were last answered (access/stranger-replies.ts).
 *
 * Why: the pipeline's claim writes the chat's row before any handler runs, to count the
 * chat's updates and to take its lock. A client whose specialist deletes their account
 * is often in the middle of the questionnaire: their next press (one already on its way,
 * which waited for the deletion's lock, or one made later from the old buttons) made the
 * row again, with their Telegram id, right after /delete_me had erased it, and it stayed
 * for a day. Such a press only gets «Этот опрос уже завершён.», which needs no row.
 *
 * A stranger's text is still answered once per period and counted against the flood
 * limit: the mark keeps their row. What goes uncounted is what the bot answers anyway:
 * button presses, and crisis language, which the flood limit never drops.
 */
export const forgetEmptyChats: MiddlewareFn<PipelineContext> = async (ctx, next) => {
  await next();
  if (ctx.sender || ctx.chatId === undefined) return;
  await ctx.db
    .deleteFrom('bot_chat_state')
    .where('bot_id', '=', ctx.botId)
    .where('chat_id', '=', ctx.chatId)
    .where('state', 'is', null)
    .where('context_id', 'is', null)
    .where('stranger_answered_at', 'is', null)
    .execute();
};
