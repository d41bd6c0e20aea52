import { loadStats } from '../data/stats';
import { texts } from '../texts';
import type { ProContext } from './context';
import { adminPanelKeyboard, mainMenuKeyboard } from './keyboards';

/** Back to main_menu; the active case (context_id) is kept. */
export async function showMainMenu(ctx: ProContext, lead?: string): Promise<void> {
  await ctx.saveChatState({ state: 'main_menu', statePayload: {} });
  await ctx.reply(lead ? `${lead}\n\n${texts.mainMenu}` : texts.mainMenu, {
    reply_markup: mainMenuKeyboard(ctx.dashboardUrl !== undefined),
  });
}

export async function showAdminPanel(ctx: ProContext, lead?: string): Promise<void> {
  await ctx.saveChatState({ state: 'admin_panel', statePayload: {} });
  const panel = texts.adminPanel(await loadStats(ctx.db));
  await ctx.reply(lead ? `${lead}\n\n${panel}` : panel, { reply_markup: adminPanelKeyboard() });
}
