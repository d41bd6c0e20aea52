import type { Middleware } from 'grammy';
import { texts } from '../texts';
import type { ProContext } from './context';

/**
 * Who is writing (the pipeline read it with the claim), and the one rule before any other:
 * a blocked person gets the blocked answer to everything, old buttons included.
 * Admins are never locked out of their panel. Only private chats are served.
 */
export function identifySender(adminIds: ReadonlySet<number>): Middleware<ProContext> {
  return async (ctx, next) => {
    if (ctx.chat?.type !== 'private' || !ctx.from) return;
    ctx.account = ctx.sender;
    ctx.isAdmin = adminIds.has(ctx.from.id);
    if (ctx.account?.status === 'blocked' && !ctx.isAdmin) {
      await answerEverywhere(ctx, texts.blocked);
      return;
    }
    await next();
  };
}

/** Strangers (not registered, not admin) hear only that access is by invitation. */
export const requireInvitation: Middleware<ProContext> = async (ctx, next) => {
  if (ctx.account?.role === 'specialist' || ctx.isAdmin) {
    await next();
    return;
  }
  await answerEverywhere(ctx, texts.invitationOnly);
};

/** A message gets a reply; a button press gets an alert, so its spinner stops. */
export async function answerEverywhere(ctx: ProContext, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}
