import { Composer } from 'grammy';
import { texts } from '../texts';
import { currentState, type ProContext } from './context';
import { showAdminPanel, showMainMenu } from './menus';

/** /help, /cancel and the inline cancel button: they work in every state. */
export const common = new Composer<ProContext>();

common.command('help', (ctx) => ctx.reply(texts.help));

common.command('cancel', async (ctx) => {
  if (!(await cancelStep(ctx))) await ctx.reply(texts.nothingToCancel);
});

common.callbackQuery('cancel', async (ctx) => {
  const cancelled = await cancelStep(ctx);
  await ctx.answerCallbackQuery({ text: cancelled ? texts.cancelled : texts.nothingToCancel });
});

/** Leaves a waiting_* step for the menu it came from; false when there was none. */
async function cancelStep(ctx: ProContext): Promise<boolean> {
  switch (currentState(ctx)) {
    case 'waiting_invite_note':
      if (!ctx.isAdmin) return false;
      await showAdminPanel(ctx, texts.cancelled);
      return true;
    case 'waiting_case_name':
    case 'waiting_case_rename':
      await showMainMenu(ctx, texts.cancelled);
      return true;
    default:
      return false;
  }
}
