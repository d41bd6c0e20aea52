import { Composer, InlineKeyboard } from 'grammy';
import { labels, texts } from '../texts';
import { isActiveSpecialist, type ProContext } from './context';

/**
 * «📊 Панель» (or /dashboard): the dashboard as an inline Mini App button. An inline button
 * (like pro's menu button) opens the Mini App with initData, which the dashboard's API needs
 * to know the specialist; a reply-keyboard button would open it without.
 */
export const dashboard = new Composer<ProContext>();
const specialist = dashboard.filter(
  (ctx) => isActiveSpecialist(ctx) && ctx.dashboardUrl !== undefined,
);

const offerDashboard = (ctx: ProContext) =>
  ctx.reply(texts.dashboard, {
    reply_markup: new InlineKeyboard().webApp(texts.openDashboard, ctx.dashboardUrl ?? ''),
  });

specialist.hears(labels.dashboard, offerDashboard);
specialist.command('dashboard', offerDashboard);
