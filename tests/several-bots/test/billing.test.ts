import { publishCurrentTerms } from '@psycheos/ai';
import { startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { buildApp as buildInterpretator } from '@psycheos/interpretator/src/app';
import { ADMIN, acceptTermsInPro, ProChat } from '@psycheos/pro/test/pro-chat';
import {
  buttonPress,
  type Person,
  preCheckoutQuery,
  refundedPayment,
  type ServiceHarness,
  successfulPayment,
  type TestDatabase,
} from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Bots, startBots } from '../src/start-bots';

const BILLING_ENV = {
  BILLING_TRIAL_CREDITS: '0',
  BILLING_CREDIT_PACKS: '100:100,500:450',
  BILLING_SUBSCRIPTION: '1000:800',
  BILLING_SUPPORT_CONTACT: '@psycheos_support',
};
const PACK_100 = 'v1:pack_100:100';
/** "1 000" is written with a no-break space, as ru-RU numbers are. */
const SUBSCRIPTION_BUTTON = /^🔁 1\s000 кредитов каждые 30 дней — 800 ⭐$/;

const interpretation = {
  summary: 'Тревога на фоне смены руководителя.',
  hypotheses: [
    {
      title: 'Катастрофизация',
      explanation: 'Ожидание увольнения без явных признаков.',
      evidence: ['я всё время жду, что меня уволят'],
    },
  ],
  alternatives: [],
  questions: ['Что изменилось на работе?'],
  risks: [],
};

/**
 * Billing across bots as in production: pro sells credits for Stars through the fake Bot
 * API's payment methods, the Интерпретатор spends them, on one database.
 */
describe('billing with Telegram Stars', () => {
  let database: TestDatabase;
  let pro: ServiceHarness;
  let tool: ToolHarness;
  let chargeNumber = 0;
  let bots: Bots<'pro' | 'interpretator'>;

  beforeAll(async () => {
    bots = await startBots({
      bots: ['pro', 'interpretator'],
      nats: false,
      settings: {
        pro: { env: BILLING_ENV },
        interpretator: {
          // The Интерпретатор with its fake Anthropic API, closed with it.
          start: async ({ database }) => {
            tool = await startToolHarness({
              botId: 'interpretator',
              buildApp: buildInterpretator,
              env: BILLING_ENV,
              database,
            });
            return { ...tool.service, close: () => tool.close() };
          },
        },
      },
    });
    ({ database, pro } = bots);
  });
  afterAll(async () => {
    await bots?.close();
  });
  beforeEach(() => {
    pro.telegram.reset();
    tool.service.telegram.reset();
    tool.anthropic.reset();
  });

  const deliver = async (
    harness: ServiceHarness,
    update: Parameters<ServiceHarness['deliver']>[0],
  ) => (await harness.deliver(update)).status;
  const newCharge = () => `stars-charge-${++chargeNumber}`;
  /** A specialist as the tool tests make one, who has accepted pro's terms. */
  const specialistInPro = async () => {
    const specialist = await tool.specialist();
    await acceptTermsInPro(new ProChat(pro, specialist));
    // tool.specialist() records the tool tests' own version as in force; here pro's is, as
    // pro recorded it at start, and the specialist has just accepted it.
    const { terms_version } = await database.db
      .selectFrom('users')
      .select('terms_version')
      .where('telegram_id', '=', specialist.id)
      .executeTakeFirstOrThrow();
    await publishCurrentTerms(database.db, { version: String(terms_version) });
    return specialist;
  };

  const balanceOf = async (person: Person) => {
    const row = await sql<{ total: string }>`
      select coalesce(sum(amount_milli), 0) as total from credit_ledger l
      join users u on u.user_id = l.specialist_user_id where u.telegram_id = ${person.id}
    `.execute(database.db);
    return Number(row.rows[0]?.total);
  };

  const preCheckoutAnswer = async (person: Person, payload: string, totalAmount: number) => {
    const before = pro.telegram.callsTo('answerPreCheckoutQuery').length;
    expect(await deliver(pro, preCheckoutQuery(person, { payload, totalAmount }))).toBe(200);
    const answers = await pro.telegram.waitForCalls('answerPreCheckoutQuery', before + 1);
    return answers.at(-1)?.params as { ok: boolean; error_message?: string };
  };

  const pay = async (
    person: Person,
    payload: string,
    totalAmount: number,
    chargeId = newCharge(),
  ) => {
    expect((await preCheckoutAnswer(person, payload, totalAmount)).ok).toBe(true);
    expect(await deliver(pro, successfulPayment(person, { payload, totalAmount, chargeId }))).toBe(
      200,
    );
    return chargeId;
  };

  it('refuses an AI request on an empty balance, sells credits for Stars, spends them and refunds', async () => {
    const specialist = await specialistInPro();
    const chat = new ProChat(pro, specialist);
    await tool.openSession(specialist);
    await tool.say(specialist, 'Клиентка говорит: «я всё время жду, что меня уволят».');

    // No credits: the request is refused with a link to pro's balance, and the model is not asked.
    await deliver(tool.service, buttonPress(specialist, 'int:go'));
    const refusal = tool.service.telegram
      .callsTo('sendMessage')
      .find((call) => String(call.params.text).includes('Кредиты закончились'));
    expect(refusal).toBeDefined();
    const markup = refusal?.params.reply_markup as
      | { inline_keyboard: { url?: string }[][] }
      | undefined;
    const topUp = markup?.inline_keyboard[0]?.[0]?.url;
    expect(topUp).toMatch(/^https:\/\/t\.me\/psycheos_test_\d+_bot\?start=topup$/);
    expect(tool.anthropic.requests).toHaveLength(0);
    // The press is answered once, though both the handler and the refusal answer it.
    await tool.service.telegram.waitForCalls('answerCallbackQuery', 1);
    await tool.service.repliesSent();
    expect(tool.service.telegram.callsTo('answerCallbackQuery')).toHaveLength(1);

    // The link opens the balance with the products.
    await chat.send('/start topup');
    expect(chat.lastText()).toContain('Кредитов на балансе: 0');
    await chat.pressButton('100 кредитов — 100 ⭐');
    const invoice = (await pro.telegram.waitForCalls('sendInvoice', 1))[0]?.params;
    expect(invoice).toMatchObject({
      chat_id: specialist.id,
      currency: 'XTR',
      provider_token: '',
      payload: PACK_100,
      prices: [{ label: '100 кредитов', amount: 100 }],
    });

    const chargeId = await pay(specialist, PACK_100, 100);
    expect(chat.lastText()).toContain('Оплата получена: начислено 100');
    expect(await balanceOf(specialist)).toBe(100_000);

    // Telegram delivering the payment again, as the same update or a new one, changes nothing.
    const again = successfulPayment(specialist, { payload: PACK_100, totalAmount: 100, chargeId });
    expect(await deliver(pro, again)).toBe(200);
    expect(await deliver(pro, again)).toBe(200);
    expect(await balanceOf(specialist)).toBe(100_000);
    expect(
      await database.db
        .selectFrom('star_payments')
        .select('payment_id')
        .where('telegram_payment_charge_id', '=', chargeId)
        .execute(),
    ).toHaveLength(1);

    // Now the request goes through, and its tokens are debited as it settles.
    tool.anthropic.script([{ toolUse: { name: 'record_interpretation', input: interpretation } }]);
    await deliver(tool.service, buttonPress(specialist, 'int:go'));
    await vi.waitFor(
      async () => {
        const debits = await database.db
          .selectFrom('credit_ledger')
          .select('amount_milli')
          .where('specialist_user_id', '=', specialist.userId)
          .where('kind', '=', 'usage')
          .execute();
        expect(debits).toHaveLength(1);
      },
      { timeout: 15_000, interval: 50 },
    );
    const afterAnswer = await balanceOf(specialist);
    expect(afterAnswer).toBeLessThan(100_000);
    expect(afterAnswer).toBeGreaterThan(0);

    await chat.send('/balance');
    const shown = chat.lastText();
    expect(shown).toMatch(/Кредитов на балансе: \d+(,\d+)?/);
    expect(shown).not.toContain('Кредитов на балансе: 100\n');
    expect(shown).toContain('Запрос к ИИ');
    expect(shown).toContain('+100  Покупка');

    // The admin refunds it: Telegram is asked once, the credit is reversed once.
    const admin = new ProChat(pro, ADMIN);
    await admin.send('💳 Платежи');
    expect(admin.lastText()).toContain('100 ⭐  pack_100');
    const paymentId = (
      await database.db
        .selectFrom('star_payments')
        .select('payment_id')
        .where('telegram_payment_charge_id', '=', chargeId)
        .executeTakeFirstOrThrow()
    ).payment_id;
    expect(await admin.pressButton(`↩️ Вернуть №${paymentId}`)).toContain('возвращён');
    expect(pro.telegram.callsTo('refundStarPayment').map((call) => call.params)).toEqual([
      { user_id: specialist.id, telegram_payment_charge_id: chargeId },
    ]);
    expect(await balanceOf(specialist)).toBe(afterAnswer - 100_000);
    expect(chat.lastText()).toContain('Платёж возвращён: списано 100');

    // Asked twice, and told by Telegram too: still one reversal.
    expect(await admin.press(`pay:refund:${paymentId}`)).toContain('уже возвращён');
    expect(
      await deliver(
        pro,
        refundedPayment(specialist, { payload: PACK_100, totalAmount: 100, chargeId }),
      ),
    ).toBe(200);
    expect(pro.telegram.callsTo('refundStarPayment')).toHaveLength(1);
    expect(await balanceOf(specialist)).toBe(afterAnswer - 100_000);
    const audit = await database.db
      .selectFrom('admin_audit')
      .select('target')
      .where('action', '=', 'payment_refunded')
      .execute();
    expect(audit).toEqual([{ target: String(paymentId) }]);
  });

  it('refuses a pre-checkout for an unknown product, a changed price, a blocked specialist or a stranger', async () => {
    const specialist = await specialistInPro();
    expect(await preCheckoutAnswer(specialist, 'v1:pack_999:999', 999)).toEqual(
      expect.objectContaining({
        ok: false,
        error_message: expect.stringContaining('предложения больше нет'),
      }),
    );
    expect(await preCheckoutAnswer(specialist, 'v1:pack_100:90', 90)).toEqual(
      expect.objectContaining({
        ok: false,
        error_message: expect.stringContaining('Цена изменилась'),
      }),
    );
    // The payload's price agrees with the invoice, but the product costs 100 now.
    expect((await preCheckoutAnswer(specialist, PACK_100, 100)).ok).toBe(true);
    expect(
      await deliver(
        pro,
        preCheckoutQuery(specialist, { payload: PACK_100, totalAmount: 100, currency: 'USD' }),
      ),
    ).toBe(200);
    expect((await pro.telegram.waitForCalls('answerPreCheckoutQuery', 4)).at(-1)?.params.ok).toBe(
      false,
    );

    await database.db
      .updateTable('users')
      .set({ status: 'blocked' })
      .where('user_id', '=', specialist.userId)
      .execute();
    expect(await preCheckoutAnswer(specialist, PACK_100, 100)).toEqual(
      expect.objectContaining({
        ok: false,
        error_message: expect.stringContaining('заблокирован'),
      }),
    );
    expect(await preCheckoutAnswer({ id: 5_550_001 }, PACK_100, 100)).toEqual(
      expect.objectContaining({
        ok: false,
        error_message: expect.stringContaining('зарегистрированным'),
      }),
    );
  });

  it('sells a 30-day subscription through an invoice link and credits each renewal once', async () => {
    const specialist = await specialistInPro();
    const chat = new ProChat(pro, specialist);
    await chat.send('/balance');
    await chat.pressButton(SUBSCRIPTION_BUTTON);
    const link = pro.telegram.callsTo('createInvoiceLink')[0]?.params;
    expect(link).toMatchObject({
      currency: 'XTR',
      provider_token: '',
      subscription_period: 2_592_000,
      payload: 'v1:sub_1000:800',
    });
    expect(chat.findButton('🔁 Оформить подписку').url).toMatch(
      /^https:\/\/t\.me\/\$fake_invoice_\d+$/,
    );

    const day = 24 * 3600 * 1000;
    const firstPeriod = new Date(Date.now() + 30 * day);
    expect((await preCheckoutAnswer(specialist, 'v1:sub_1000:800', 800)).ok).toBe(true);
    const first = successfulPayment(specialist, {
      payload: 'v1:sub_1000:800',
      totalAmount: 800,
      chargeId: newCharge(),
      subscriptionExpiresAt: firstPeriod,
      isRecurring: true,
      isFirstRecurring: true,
    });
    expect(await deliver(pro, first)).toBe(200);
    expect(await balanceOf(specialist)).toBe(1_000_000);

    // Telegram renews by itself: a payment with a new charge id and the next period's end, no pre-checkout.
    const renewal = successfulPayment(specialist, {
      payload: 'v1:sub_1000:800',
      totalAmount: 800,
      chargeId: newCharge(),
      subscriptionExpiresAt: new Date(firstPeriod.getTime() + 30 * day),
      isRecurring: true,
    });
    expect(await deliver(pro, renewal)).toBe(200);
    expect(await deliver(pro, renewal)).toBe(200);
    expect(await balanceOf(specialist)).toBe(2_000_000);

    await chat.send('/balance');
    const renewedUntil = new Date(firstPeriod.getTime() + 30 * day).toLocaleDateString('ru-RU', {
      timeZone: 'Europe/Moscow',
    });
    expect(chat.lastText()).toContain(`Подписка активна, оплачена до ${renewedUntil}`);
    // No second subscription is offered while one runs.
    expect(chat.inlineButtons().some((button) => SUBSCRIPTION_BUTTON.test(button.text))).toBe(
      false,
    );
    expect(chat.inlineButtons().map((button) => button.text)).toContain('100 кредитов — 100 ⭐');
  });

  it('records a payment of the wrong amount without crediting it, and tells the admins once', async () => {
    const specialist = await specialistInPro();
    const chat = new ProChat(pro, specialist);
    // One Star for the 100-credit pack: what Telegram took, whatever pre-checkout saw.
    const chargeId = newCharge();
    const underpaid = successfulPayment(specialist, {
      payload: PACK_100,
      totalAmount: 1,
      chargeId,
    });
    expect(await deliver(pro, underpaid)).toBe(200);

    expect(await balanceOf(specialist)).toBe(0);
    const recorded = await database.db
      .selectFrom('star_payments')
      .select(['payment_id', 'stars', 'credits_milli'])
      .where('telegram_payment_charge_id', '=', chargeId)
      .executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ stars: 1, credits_milli: 0 });
    expect(chat.lastText()).toContain('Оплата получена, но кредиты не начислены');
    expect(chat.lastText()).toContain('Администратор уже получил уведомление');
    const toAdmin = pro.telegram.textsSentTo(ADMIN.id);
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]).toContain(`Платёж №${recorded.payment_id}`);
    expect(toAdmin[0]).toContain(chargeId);
    expect(toAdmin[0]).toContain('оплачено 1 ⭐, а pack_100 стоит 100 ⭐');
    expect(toAdmin[0]).not.toContain(String(specialist.id));

    // Telegram delivering it again, as a new update, changes nothing and tells no one again.
    const again = successfulPayment(specialist, { payload: PACK_100, totalAmount: 1, chargeId });
    expect(await deliver(pro, again)).toBe(200);
    expect(await balanceOf(specialist)).toBe(0);
    expect(pro.telegram.textsSentTo(ADMIN.id)).toHaveLength(1);
    const admin = new ProChat(pro, ADMIN);
    await admin.send('💳 Платежи');
    expect(admin.lastText()).toContain(`№${recorded.payment_id}`);
    expect(admin.lastText()).toMatch(/1 ⭐ {2}pack_100 {2}\(не зачислен\)/);
  });

  it('answers 503 to a payment it could not record, and credits it once when Telegram delivers it again', async () => {
    const specialist = await specialistInPro();
    const update = successfulPayment(specialist, {
      payload: PACK_100,
      totalAmount: 100,
      chargeId: newCharge(),
    });
    await sql`alter table star_payments rename to star_payments_away`.execute(database.db);
    try {
      expect(await deliver(pro, update)).toBe(503);
    } finally {
      await sql`alter table star_payments_away rename to star_payments`.execute(database.db);
    }
    expect(await balanceOf(specialist)).toBe(0);
    expect(await deliver(pro, update)).toBe(200);
    expect(await balanceOf(specialist)).toBe(100_000);
  });

  it('lets an admin grant credits, and answers /paysupport and /terms', async () => {
    const specialist = await specialistInPro();
    const admin = new ProChat(pro, ADMIN);
    await admin.send(`/grant ${specialist.id} 25`);
    expect(admin.lastText()).toContain('Начислено 25');
    expect(await balanceOf(specialist)).toBe(25_000);
    await admin.send('/grant 1 999999999');
    expect(admin.lastText()).toContain('/grant <Telegram ID');

    // Someone who is not an admin cannot grant.
    const chat = new ProChat(pro, specialist);
    await chat.send(`/grant ${specialist.id} 1000`);
    expect(await balanceOf(specialist)).toBe(25_000);

    await chat.send('/paysupport');
    expect(chat.lastText()).toContain('@psycheos_support');
    await chat.send('/terms');
    expect(chat.lastText()).toContain('Условия PsycheOS Pro');
  });

  it('says in /balance and /terms what a typical interpretation and simulation cost', async () => {
    const chat = new ProChat(pro, await specialistInPro());
    await chat.send('/balance');
    // The default prices: 0.5 and 2.5 credits per 1000 tokens in and out (docs/BILLING.md).
    expect(chat.lastText()).toContain(
      'Сколько это в работе: разбор материала в Интерпретаторе — примерно 5 кредитов, симуляция с разбором (20 реплик терапевта) — примерно 23 кредита. Точный расход зависит от объёма материала и длины разговора.',
    );
    expect(chat.lastText()).not.toContain('1000 токенов');

    await chat.send('/terms');
    expect(chat.lastText()).toContain('2. Новый специалист получает на пробу 0 кредитов.');
    expect(chat.lastText()).toContain(
      '3. Расход зависит от объёма: 0,5 кредита за 1000 токенов запроса и 2,5 кредита за 1000 токенов ответа. Сколько это в работе: разбор материала в Интерпретаторе — примерно 5 кредитов',
    );
  });

  /** A specialist whose subscription Telegram has renewed once; the first payment's charge id names it. */
  const subscribedSpecialist = async () => {
    const specialist = await specialistInPro();
    const day = 24 * 3600 * 1000;
    const firstCharge = newCharge();
    const firstPeriod = new Date(Date.now() + 30 * day);
    await deliver(
      pro,
      successfulPayment(specialist, {
        payload: 'v1:sub_1000:800',
        totalAmount: 800,
        chargeId: firstCharge,
        subscriptionExpiresAt: firstPeriod,
        isRecurring: true,
        isFirstRecurring: true,
      }),
    );
    await deliver(
      pro,
      successfulPayment(specialist, {
        payload: 'v1:sub_1000:800',
        totalAmount: 800,
        chargeId: newCharge(),
        subscriptionExpiresAt: new Date(firstPeriod.getTime() + 30 * day),
        isRecurring: true,
      }),
    );
    expect(await balanceOf(specialist)).toBe(2_000_000);
    return { specialist, firstCharge };
  };

  const deleteAccount = async (chat: ProChat) => {
    await chat.send('/delete_me');
    await chat.pressButton('🗑 Да, удалить всё');
  };

  it('cancels the Stars subscription when the specialist deletes their account, and says so', async () => {
    const { specialist, firstCharge } = await subscribedSpecialist();
    const chat = new ProChat(pro, specialist);
    await deleteAccount(chat);

    expect(pro.telegram.callsTo('editUserStarSubscription').map((call) => call.params)).toEqual([
      { user_id: specialist.id, telegram_payment_charge_id: firstCharge, is_canceled: true },
    ]);
    expect(chat.lastText()).toContain('Ваш аккаунт и все данные удалены');
    expect(chat.lastText()).toContain('Подписка на кредиты отменена');
    const account = await database.db
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', specialist.id)
      .executeTakeFirst();
    expect(account).toBeUndefined();
  });

  it('deletes the account but says so when Telegram refuses to cancel the subscription', async () => {
    const { specialist } = await subscribedSpecialist();
    pro.telegram.respond('editUserStarSubscription', () => ({
      ok: false,
      error_code: 400,
      description: 'Bad Request: USER_ID_INVALID',
    }));
    const chat = new ProChat(pro, specialist);
    await deleteAccount(chat);

    expect(pro.telegram.callsTo('editUserStarSubscription')).toHaveLength(1);
    expect(chat.lastText()).toContain('Ваш аккаунт и все данные удалены');
    expect(chat.lastText()).toContain('Подписку на кредиты отменить не удалось');
    expect(chat.lastText()).toContain('Мои звёзды');
    expect(chat.lastText()).not.toContain('Подписка на кредиты отменена');
    const account = await database.db
      .selectFrom('users')
      .select('user_id')
      .where('telegram_id', '=', specialist.id)
      .executeTakeFirst();
    expect(account).toBeUndefined();
  });

  it('keeps the payment record after /delete_me, with nothing that leads back to the person', async () => {
    const specialist = await specialistInPro();
    const chargeId = await pay(specialist, PACK_100, 100);
    const chat = new ProChat(pro, specialist);
    await deleteAccount(chat);
    // A pack is no subscription: there is nothing to cancel.
    expect(pro.telegram.callsTo('editUserStarSubscription')).toEqual([]);
    const kept = await database.db
      .selectFrom('star_payments')
      .selectAll()
      .where('telegram_payment_charge_id', '=', chargeId)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ stars: 100, specialist_user_id: null, payer_telegram_id: null });
    expect(kept.created_at).toBeInstanceOf(Date);
    const ledger = await database.db
      .selectFrom('credit_ledger')
      .select('entry_id')
      .where('specialist_user_id', '=', specialist.userId)
      .execute();
    expect(ledger).toEqual([]);
  });
});
