import type { ToolContext } from '@psycheos/ai';
import { Composer } from 'grammy';
import { ctrsHistory } from '../ctrs/progress';
import { texts } from '../texts';
import { replyMarkdown } from './reply-markdown';

/** /progress: the specialist's CTRS totals over all their scored simulations, oldest first. */
export function progressCommand(): Composer<ToolContext> {
  const progress = new Composer<ToolContext>();
  progress.command('progress', async (ctx) => {
    const sessions = await ctrsHistory(ctx.db, ctx.toolSession.specialist_user_id);
    if (sessions.length === 0) {
      await ctx.reply(texts.progressEmpty);
      return;
    }
    const lines = sessions.map((session) =>
      texts.progressLine(session.at, session.persona, session.total, session.scoredItems),
    );
    await replyMarkdown(
      ctx,
      [texts.progressTitle, lines.join('\n'), texts.progressThreshold].join('\n\n'),
    );
  });
  return progress;
}
