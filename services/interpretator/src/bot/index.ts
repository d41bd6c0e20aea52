import type { PipelineContext } from '@psycheos/shared';
import { Composer } from 'grammy';
import { texts } from '../texts';

/** Until its own flows land, the interpretator bot greets on /start and answers everything else kindly. */
export function createInterpretatorBot(): Composer<PipelineContext> {
  const bot = new Composer<PipelineContext>();
  bot.command('start', (ctx) => ctx.reply(texts.start));
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  bot.on('message', (ctx) => ctx.reply(texts.notYet));
  return bot;
}
