import type { InstrumentCatalogue } from '@psycheos/screening';
import type { PipelineContext } from '@psycheos/shared';
import { Composer, type Middleware } from 'grammy';
import { identifySender, refuseBlocked, requireInvitation } from './access';
import { account } from './account';
import { admin } from './admin';
import { cases } from './cases';
import { common } from './common';
import type { ProContext } from './context';
import { fallback } from './fallback';
import { history } from './history';
import { registration } from './registration';
import { screening } from './screening';
import { tools } from './tools';

export interface ProBotOptions {
  adminIds: ReadonlySet<number>;
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
  /** The screening questionnaires the specialist can send. */
  catalogue: InstrumentCatalogue;
}

/**
 * The pro bot, in the order an update meets it: who is writing, deleting one's own
 * account (a right that does not depend on access), the blocked answer, /start and
 * invitations, the stranger answer, commands that work everywhere, the admin panel,
 * the specialist's cases, screening, the tools, and a reply for whatever is left.
 */
export function createProBot(options: ProBotOptions): Middleware<PipelineContext> {
  const bot = new Composer<ProContext>();
  bot.use(identifySender(options.adminIds, options.strangerReplyIntervalMinutes));
  bot.use(account);
  bot.use(refuseBlocked);
  bot.use(registration);
  bot.use(requireInvitation);
  bot.use(common);
  bot.use(admin);
  bot.use(cases);
  bot.use(screening(options.catalogue));
  bot.use(tools);
  bot.use(history);
  bot.use(fallback);
  // identifySender fills in ProFlavor before anything reads it.
  return bot as unknown as Middleware<PipelineContext>;
}
