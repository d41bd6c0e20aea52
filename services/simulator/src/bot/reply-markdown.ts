import { renderTelegramMessages } from '@psycheos/ai';
import type { InlineKeyboard } from 'grammy';
import type { TrainerContext } from './trainer-context';

/** A handler's Markdown reply (a persona card, the totals) as Telegram HTML, buttons under the last part. */
export async function replyMarkdown(
  ctx: TrainerContext,
  markdown: string,
  keyboard?: InlineKeyboard,
): Promise<void> {
  const parts = renderTelegramMessages(markdown);
  for (const [index, html] of parts.entries()) {
    const markup = index === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {};
    await ctx.reply(html, { parse_mode: 'HTML', ...markup });
  }
}
