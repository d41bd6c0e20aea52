import type { PipelineContext } from '@psycheos/shared';
import { Composer } from 'grammy';
import { texts } from '../texts';

export function createProBot(): Composer<PipelineContext> {
  const bot = new Composer<PipelineContext>();
  bot.command('start', async (ctx) => {
    await ctx.saveChatState({ state: 'main_menu' });
    await ctx.reply(texts.start);
  });
  return bot;
}
