import { sql } from 'kysely';
import type { PipelineContext } from '../pipeline/pipeline-context';

/**
 * Answers someone who has no business with the bot (not registered, no link opened) at
 * most once per `intervalMinutes`, and ignores the rest of their messages in between.
 *
 * Why: the flood limit counts per chat, and Telegram lets a bot send about 30 messages a
 * second in all. Answered on every message, some 31 accounts writing once a second each
 * would fill the whole sending budget, and the registered users' replies would queue
 * behind theirs. Answered once per period, a stranger costs one message per period.
 *
 * A button press is answered every time (answerCallbackQuery only stops the spinner; it
 * is no message in the chat). When the chat was last answered is a column of its
 * bot_chat_state row, which the claim has locked and every chat has anyway: nothing grows.
 */
export async function replyToStranger(
  ctx: PipelineContext,
  text: string,
  intervalMinutes: number,
  other?: Parameters<PipelineContext['reply']>[1],
): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text, show_alert: true });
    return;
  }
  if (await mayAnswerStranger(ctx, intervalMinutes)) await ctx.reply(text, other);
}

/** True at most once per `intervalMinutes` for a chat; it marks the chat answered. */
async function mayAnswerStranger(ctx: PipelineContext, intervalMinutes: number): Promise<boolean> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return false;
  const marked = await ctx.db
    .updateTable('bot_chat_state')
    .set({ stranger_answered_at: sql<Date>`now()` })
    .where('bot_id', '=', ctx.botId)
    .where('chat_id', '=', chatId)
    .where((eb) =>
      eb.or([
        eb('stranger_answered_at', 'is', null),
        eb(
          'stranger_answered_at',
          '<=',
          sql<Date>`now() - make_interval(mins => ${intervalMinutes})`,
        ),
      ]),
    )
    .executeTakeFirst();
  return marked.numUpdatedRows > 0n;
}
