import type { SuccessfulPayment } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalBotApi, type LocalPerson, startLocalBotApi } from '../src/index';
import { startGrammyBot } from './webhook-servers';

const BORIS: LocalPerson = { id: 11_001, firstName: 'Борис' };
const BOT = { token: '11000:paying-bot', username: 'psy_billing_bot', firstName: 'Оплата' };
const REFUSED_PAYLOAD = 'topup:sold-out';

let telegram: LocalBotApi;
let bot: Awaited<ReturnType<typeof startGrammyBot>>;
const payments: SuccessfulPayment[] = [];

beforeAll(async () => {
  telegram = await startLocalBotApi({ bots: [BOT], strictMessages: true });
  // The bot as pro runs it: it confirms a payment it can serve and refuses one it cannot.
  bot = await startGrammyBot(telegram.apiRoot, BOT.token, (grammy) => {
    grammy.on('pre_checkout_query', (ctx) =>
      ctx.preCheckoutQuery.invoice_payload === REFUSED_PAYLOAD
        ? ctx.answerPreCheckoutQuery(false, { error_message: 'Этот пакет закончился' })
        : ctx.answerPreCheckoutQuery(true),
    );
    grammy.on('message:successful_payment', (ctx) => {
      payments.push(ctx.message.successful_payment);
    });
  });
});
afterAll(async () => {
  await telegram.close();
  await bot.close();
});

const sendStarsInvoice = (payload: string, amount: number) =>
  bot.bot.api.sendInvoice(BORIS.id, 'Пакет сессий', '10 сессий с ИИ-супервизором', payload, 'XTR', [
    { label: 'Пакет', amount },
  ]);

describe('paying in Stars', () => {
  it('pays an invoice message once the bot confirms the pre-checkout query', async () => {
    const invoice = await sendStarsInvoice('topup:10', 250);
    const paid = await telegram.payInvoice(BOT.username, BORIS, { messageId: invoice.message_id });
    expect(paid).toEqual({ ok: true, messageId: expect.any(Number) });

    await vi.waitFor(() => expect(payments).toHaveLength(1));
    const [payment] = payments;
    expect(payment).toMatchObject({
      currency: 'XTR',
      total_amount: 250,
      invoice_payload: 'topup:10',
      telegram_payment_charge_id: expect.stringMatching(/^stx/),
      provider_payment_charge_id: expect.any(String),
    });
    expect(payment?.subscription_expiration_date).toBeUndefined();

    const messages = telegram.chat(BOT.username, BORIS.id).messages;
    expect(
      messages.find((message) => message.messageId === invoice.message_id)?.invoice,
    ).toMatchObject({
      payload: 'topup:10',
      totalAmount: 250,
      paidChargeId: payment?.telegram_payment_charge_id,
    });
    expect(messages.at(-1)).toMatchObject({
      from: 'person',
      payment: {
        currency: 'XTR',
        totalAmount: 250,
        chargeId: payment?.telegram_payment_charge_id,
        payload: 'topup:10',
      },
    });
  });

  it('refuses to pay the same invoice message twice', async () => {
    const invoice = await sendStarsInvoice('topup:once', 100);
    expect(
      (await telegram.payInvoice(BOT.username, BORIS, { messageId: invoice.message_id })).ok,
    ).toBe(true);
    expect(
      await telegram.payInvoice(BOT.username, BORIS, { messageId: invoice.message_id }),
    ).toEqual({
      ok: false,
      reason: 'this invoice is already paid',
    });
  });

  it('passes on the bot’s refusal, and no payment follows', async () => {
    const invoice = await sendStarsInvoice(REFUSED_PAYLOAD, 500);
    expect(
      await telegram.payInvoice(BOT.username, BORIS, { messageId: invoice.message_id }),
    ).toEqual({
      ok: false,
      reason: 'Этот пакет закончился',
    });
    const kept = telegram.chat(BOT.username, BORIS.id).messages;
    expect(
      kept.find((message) => message.messageId === invoice.message_id)?.invoice?.paidChargeId,
    ).toBeUndefined();
    expect(kept.at(-1)?.payment).toBeUndefined();
    const paidPayloads = payments.map((payment) => payment.invoice_payload);
    expect(paidPayloads).not.toContain(REFUSED_PAYLOAD);
  });

  it('pays a subscription link: the payment says when it runs out and that it recurs', async () => {
    payments.length = 0;
    const link = await bot.bot.api.createInvoiceLink(
      'Подписка Pro',
      'Месяц без ограничений',
      'subscription:pro',
      '',
      'XTR',
      [{ label: 'Месяц', amount: 300 }],
      { subscription_period: 2_592_000 },
    );
    expect(await telegram.payInvoice(BOT.username, BORIS, { link })).toMatchObject({ ok: true });

    await vi.waitFor(() => expect(payments).toHaveLength(1));
    const [payment] = payments;
    const paidAt = telegram.chat(BOT.username, BORIS.id).messages.at(-1)?.date ?? 0;
    expect(payment).toMatchObject({
      invoice_payload: 'subscription:pro',
      total_amount: 300,
      subscription_expiration_date: paidAt + 2_592_000,
      is_recurring: true,
      is_first_recurring: true,
    });
  });

  it('refuses a link no bot made, and an invoice message that is not there', async () => {
    expect(
      await telegram.payInvoice(BOT.username, BORIS, { link: 'https://t.me/$nothing' }),
    ).toEqual({
      ok: false,
      reason: 'there is no invoice link https://t.me/$nothing from this bot',
    });
    expect(await telegram.payInvoice(BOT.username, BORIS, { messageId: 123_456 })).toEqual({
      ok: false,
      reason: 'there is no invoice message 123456 in this chat',
    });
  });
});
