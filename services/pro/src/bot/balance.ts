import { TOP_UP_START } from '@psycheos/ai';
import type { BillingConfig, StarProduct } from '@psycheos/billing';
import {
  accountSummary,
  grantTrial,
  invoicePayload,
  type ProductCatalogue,
  STARS,
  SUBSCRIPTION_PERIOD_SECONDS,
  subscriptionOf,
  typicalCosts,
} from '@psycheos/billing';
import { Composer, GrammyError, InlineKeyboard } from 'grammy';
import { billingLabels, billingTexts } from '../billing-texts';
import { buyPattern, callbackData } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';

const RECENT_ENTRIES = 10;

/**
 * The specialist's credits: /balance (also «💳 Баланс» and the tools' «Пополнить» link,
 * /start topup) with the products as buttons; a pack is bought with an invoice in the
 * chat, the subscription through an invoice link (Telegram's only way to subscribe).
 * /paysupport and /terms answer everyone, as Telegram requires of bots that sell.
 */
export function balance(billing: BillingConfig, catalogue: ProductCatalogue): Composer<ProContext> {
  const composer = new Composer<ProContext>();
  composer.command('paysupport', (ctx) =>
    ctx.reply(billingTexts.paySupport(billing.supportContact)),
  );
  composer.command('terms', (ctx) =>
    ctx.reply(billingTexts.terms(billing.prices, billing.trialMilli, typicalCosts(billing.prices))),
  );

  const specialist = composer.filter(isActiveSpecialist);
  const show = (ctx: ProContext) => showBalance(ctx, billing, catalogue);
  specialist.command('balance', show);
  specialist.hears(billingLabels.balance, show);
  specialist.command('start', async (ctx, next) => {
    if (ctx.match.trim() !== TOP_UP_START) return next();
    await show(ctx);
  });

  specialist.callbackQuery(buyPattern, async (ctx) => {
    const product = catalogue.find(ctx.match[1] ?? '');
    if (!product) {
      await ctx.answerCallbackQuery({ text: billingTexts.productGone, show_alert: true });
      return;
    }
    if (product.kind === 'pack') {
      await ctx.answerCallbackQuery();
      await ctx.replyWithInvoice(
        billingTexts.invoiceTitle(product),
        billingTexts.invoiceDescription(product),
        invoicePayload(product),
        STARS,
        [{ label: billingTexts.priceLabel(product), amount: product.stars }],
        { provider_token: '' },
      );
      return;
    }
    const current = await subscriptionOf(ctx.db, specialistId(ctx));
    if (current) {
      await ctx.answerCallbackQuery({ text: billingTexts.alreadySubscribed(current.paidUntil) });
      return;
    }
    const link = await subscriptionLink(ctx, product);
    await ctx.answerCallbackQuery(link ? undefined : { text: billingTexts.invoiceFailed });
    if (link) {
      await ctx.reply(billingTexts.subscriptionLink, {
        reply_markup: new InlineKeyboard().url(billingTexts.openSubscription, link),
      });
    }
  });
  return composer;
}

async function showBalance(
  ctx: ProContext,
  billing: BillingConfig,
  catalogue: ProductCatalogue,
): Promise<void> {
  const userId = specialistId(ctx);
  // Written once, so the trial shows among the entries (reads count it before it exists).
  await grantTrial(ctx.db, userId, billing.trialMilli);
  const { balanceMilli, subscription, entries } = await accountSummary(ctx.db, userId, {
    trialMilli: billing.trialMilli,
    entries: RECENT_ENTRIES,
  });
  const keyboard = new InlineKeyboard();
  for (const pack of catalogue.packs) {
    keyboard.text(billingTexts.packButton(pack), callbackData.buy(pack.id)).row();
  }
  const offer = catalogue.subscription;
  if (offer && !subscription) {
    keyboard.text(billingTexts.subscriptionButton(offer), callbackData.buy(offer.id)).row();
  }
  await ctx.reply(
    billingTexts.balance({
      balanceMilli,
      subscription,
      entries,
      typical: typicalCosts(billing.prices),
    }),
    {
      reply_markup: keyboard,
    },
  );
}

/** Telegram's invoice link for a 30-day subscription; null when Telegram refused to make one. */
async function subscriptionLink(ctx: ProContext, product: StarProduct): Promise<string | null> {
  try {
    return await ctx.api.createInvoiceLink(
      billingTexts.invoiceTitle(product),
      billingTexts.invoiceDescription(product),
      invoicePayload(product),
      '',
      STARS,
      [{ label: billingTexts.priceLabel(product), amount: product.stars }],
      { subscription_period: SUBSCRIPTION_PERIOD_SECONDS },
    );
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    ctx.log.warn({ description: error.description }, 'Telegram refused to create an invoice link');
    return null;
  }
}
