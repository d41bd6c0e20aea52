import type { BillingConfig } from '@psycheos/billing';
import { ProductCatalogue } from '@psycheos/billing';
import type { PipelineContext, SpecialistTerms } from '@psycheos/bot-runtime';
import type { Clock } from '@psycheos/platform';
import type { InstrumentCatalogue } from '@psycheos/screening';
import { Composer, type Middleware } from 'grammy';
import { identifySender, refuseBlocked, requireInvitation } from './access';
import { account } from './account';
import { admin } from './admin';
import { adminPayments } from './admin-payments';
import { balance } from './balance';
import { caseListByChange } from './case-list-by-change';
import { cases } from './cases';
import { common } from './common';
import type { ProContext } from './context';
import { crisisAlerts } from './crisis-alerts';
import { dashboard } from './dashboard';
import { fallback } from './fallback';
import { history } from './history';
import { paymentMessages, preCheckout } from './payments';
import { registration } from './registration';
import { screening } from './screening';
import { screeningSchedule } from './screening-schedule';
import { specialistTermsGate } from './terms';
import { tools } from './tools';
import { trainer } from './trainer';

export interface ProBotOptions {
  adminIds: ReadonlySet<number>;
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
  /** The screening questionnaires the specialist can send. */
  catalogue: InstrumentCatalogue;
  /** Prices, the trial and the Stars products. */
  billing: BillingConfig;
  /** WEBAPP_URL: the dashboard's address, for «📊 Панель». */
  dashboardUrl?: string | undefined;
  /** What a specialist accepts before cases and tools (SPECIALIST_TERMS_TEXT or the default). */
  terms: SpecialistTerms;
  /** What time it is: when a screening schedule starts. */
  clock: Clock;
}

/**
 * The pro bot, in the order an update meets it: a pre-checkout query (it has no chat),
 * who is writing, payments and refunds (money moved, whatever the payer's access is now),
 * deleting one's own account (a right that does not depend on access), crisis alerts
 * (a client's safety does not wait on access either), the blocked answer, the specialist's
 * terms (nothing else until the current ones are accepted), the balance and payment terms,
 * /start and invitations, the stranger answer,
 * commands that work everywhere, the admin panel, the specialist's cases (and their list
 * ordered by reliable change), screening and its schedules, the case tools, the trainer,
 * and a reply for whatever is left.
 */
export function createProBot(options: ProBotOptions): Middleware<PipelineContext> {
  const products = new ProductCatalogue(options.billing);
  const bot = new Composer<ProContext>();
  bot.use(preCheckout(products));
  bot.use(
    identifySender(
      options.adminIds,
      options.strangerReplyIntervalMinutes,
      options.dashboardUrl,
      options.catalogue,
    ),
  );
  bot.use(paymentMessages(options.billing, options.adminIds));
  bot.use(account);
  bot.use(crisisAlerts);
  bot.use(refuseBlocked);
  bot.use(specialistTermsGate(options.terms));
  bot.use(balance(options.billing, products));
  bot.use(registration(options.terms));
  bot.use(requireInvitation);
  bot.use(common);
  bot.use(admin);
  bot.use(adminPayments(options.billing));
  bot.use(dashboard);
  bot.use(cases);
  bot.use(caseListByChange(options.catalogue));
  bot.use(screening(options.catalogue));
  bot.use(screeningSchedule(options.catalogue, options.clock));
  bot.use(tools);
  bot.use(trainer);
  bot.use(history);
  bot.use(fallback);
  // identifySender fills in ProFlavor before anything reads it.
  return bot as unknown as Middleware<PipelineContext>;
}
