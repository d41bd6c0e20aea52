import { loadStats } from '../data/stats';
import { texts } from '../texts';
import { MAIN_MENU, type ProContext, proStates } from './context';
import { adminPanelKeyboard, mainMenuKeyboard } from './keyboards';

/** Back to main_menu; the active case (context_id) is kept. */
export async function showMainMenu(ctx: ProContext, lead?: string): Promise<void> {
  await proStates.enter(ctx, MAIN_MENU);
  await ctx.reply(lead ? `${lead}\n\n${texts.mainMenu}` : texts.mainMenu, {
    reply_markup: mainMenuKeyboard(ctx.dashboardUrl !== undefined),
  });
}

export async function showAdminPanel(ctx: ProContext, lead?: string): Promise<void> {
  await proStates.enter(ctx, { name: 'admin_panel', data: {} });
  const panel = texts.adminPanel(await loadStats(ctx.db));
  await ctx.reply(lead ? `${lead}\n\n${panel}` : panel, { reply_markup: adminPanelKeyboard() });
}
