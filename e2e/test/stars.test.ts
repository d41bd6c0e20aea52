import { preCheckoutQuery, successfulPayment } from '@psycheos/testkit';
import { describe, expect, it } from 'vitest';
import { newPerson } from '../src/people';
import { usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { registerSpecialist } from '../src/pro-flows';

describe('the platform: buying credits with Telegram Stars', () => {
  const platform = usePlatform();

  /** The balance a text shows: "Кредитов на балансе: 100 000,5" (ru-RU digits). */
  const balanceShownIn = (text: string) => {
    const shown = /Кредитов на балансе: ([\d\s]+(?:,\d+)?)/.exec(text)?.[1] ?? '';
    return Number(shown.replace(/\s/g, '').replace(',', '.'));
  };

  it('a specialist buys a pack in pro: an invoice, Telegram’s checks, the payment, a larger balance', async () => {
    const olga = newPerson('Ольга');
    const pro = await registerSpecialist(platform, olga);
    await pro.send('/balance');
    const before = balanceShownIn(await pro.waitForText(/^💳 Кредитов на балансе: /));
    expect(before).toBeGreaterThan(0);
    await pro.press('100 кредитов — 100 ⭐');
    const invoice = (await pro.waitForCall('sendInvoice')).params;
    expect(invoice).toMatchObject({
      currency: 'XTR',
      provider_token: '',
      prices: [{ label: '100 кредитов', amount: 100 }],
    });

    // Telegram asks the bot to confirm the payment about to be made; the bot agrees...
    const payload = String(invoice.payload);
    const checkout = preCheckoutQuery(olga, { payload, totalAmount: 100 });
    expect(await platform.deliver('pro', checkout)).toBe(200);
    const confirmation = await pro.waitForBotCall(
      'answerPreCheckoutQuery',
      (params) => params.pre_checkout_query_id === checkout.pre_checkout_query?.id,
    );
    expect(confirmation.params.ok).toBe(true);

    // ...then takes the Stars and tells the bot, which credits the pack once.
    const chargeId = 'stars-charge-e2e-1';
    const paid = successfulPayment(olga, { payload, totalAmount: 100, chargeId });
    expect(await platform.deliver('pro', paid)).toBe(200);
    const receipt = await pro.waitForText(/^✅ Оплата получена: начислено 100\. /);
    expect(balanceShownIn(receipt)).toBe(before + 100);
    await pro.send('/balance');
    const balance = await pro.waitForText(/^💳 Кредитов на балансе: /);
    expect(balanceShownIn(balance)).toBe(before + 100);
    expect(balance).toContain('+100  Покупка');

    const payments = await platform.db
      .selectFrom('star_payments')
      .innerJoin('credit_ledger', 'credit_ledger.payment_id', 'star_payments.payment_id')
      .select(['telegram_payment_charge_id', 'stars', 'payer_telegram_id', 'kind', 'amount_milli'])
      .execute();
    expect(payments).toEqual([
      {
        telegram_payment_charge_id: chargeId,
        stars: 100,
        payer_telegram_id: olga.id,
        kind: 'purchase',
        amount_milli: 100_000,
      },
    ]);
    expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
  });
});
