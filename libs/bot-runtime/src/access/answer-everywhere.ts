import type { Context } from 'grammy';

/** A message gets a reply; a button press gets an alert, so its spinner stops. */
export async function answerEverywhere(ctx: Context, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}
