import { Composer } from 'grammy';
import { ctrsHistory } from '../ctrs/progress';
import { texts } from '../texts';
import { replyMarkdown } from './reply-markdown';
import type { TrainerContext } from './trainer-context';

/** /progress: the specialist's CTRS totals over all their scored simulations, oldest first. */
export function progressCommand(): Composer<TrainerContext> {
  const progress = new Composer<TrainerContext>();
  progress.command('progress', async (ctx) => {
    const sessions = await ctrsHistory(ctx.db, ctx.toolSession.specialist_user_id);
    if (sessions.length === 0) {
      await ctx.reply(texts.progressEmpty);
      return;
    }
    const lines = sessions.map((session) =>
      texts.progressLine(
        session.at,
        session.persona,
        session.total,
        session.scoredItems,
        session.isScaled,
      ),
    );
    await replyMarkdown(
      ctx,
      [texts.progressTitle, lines.join('\n'), texts.progressThreshold].join('\n\n'),
    );
  });
  return progress;
}
