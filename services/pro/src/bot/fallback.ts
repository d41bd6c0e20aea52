import { Composer } from 'grammy';
import { texts } from '../texts';
import type { ProContext } from './context';

/**
 * Whatever no handler took: never silence, never an endless spinner. A command
 * nobody handled (including /admin from a non-admin) gets the unknown-command answer.
 */
export const fallback = new Composer<ProContext>();

fallback.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: texts.staleButton }));

fallback.on('message', async (ctx) => {
  const isCommand = ctx.message.entities?.some(
    (entity) => entity.type === 'bot_command' && entity.offset === 0,
  );
  await ctx.reply(isCommand ? texts.unknownCommand : texts.notUnderstood);
});
