import { answerEverywhere, replyToStranger } from '@psycheos/bot-runtime';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { Middleware } from 'grammy';
import { texts } from '../texts';
import type { ProContext } from './context';

/**
 * Who is writing (the pipeline read it with the claim). Only private chats are served.
 * Deciding what the sender may do is left to refuseBlocked and requireInvitation, so that
 * what everyone may do whatever their access (deleting their account) goes between.
 */
export function identifySender(
  adminIds: ReadonlySet<number>,
  strangerReplyIntervalMinutes: number,
  dashboardUrl: string | undefined,
  catalogue: InstrumentCatalogue,
): Middleware<ProContext> {
  return async (ctx, next) => {
    if (ctx.chat?.type !== 'private' || !ctx.from) return;
    ctx.account = ctx.sender;
    ctx.isAdmin = adminIds.has(ctx.from.id);
    ctx.dashboardUrl = dashboardUrl;
    ctx.catalogue = catalogue;
    ctx.answerStranger = (text, other) =>
      replyToStranger(ctx, text, strangerReplyIntervalMinutes, other);
    await next();
  };
}

/**
 * A blocked person gets the blocked answer to everything, old buttons included.
 * Admins are never locked out of their panel.
 */
export const refuseBlocked: Middleware<ProContext> = async (ctx, next) => {
  if (ctx.account?.status === 'blocked' && !ctx.isAdmin) {
    await answerEverywhere(ctx, texts.blocked);
    return;
  }
  await next();
};

/** Strangers (not registered, not admin) hear only that access is by invitation. */
export const requireInvitation: Middleware<ProContext> = async (ctx, next) => {
  if (ctx.account?.role === 'specialist' || ctx.isAdmin) {
    await next();
    return;
  }
  await ctx.answerStranger(texts.invitationOnly);
};
