import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntry, monthlyReport, recordRefund, recordSuccessfulPayment } from '../src';

describe('payments and the monthly report', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('sums this month: stars received and refunded, credits sold and spent, tokens', async () => {
    const { user_id: userId } = await database.db
      .insertInto('users')
      .values({ telegram_id: 81_001, role: 'specialist' })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const payer = { specialistUserId: userId, telegramId: 81_001 };
    const pay = (chargeId: string, payload: string, stars: number) =>
      database.db.transaction().execute((tx) =>
        recordSuccessfulPayment(tx, payer, {
          currency: 'XTR',
          total_amount: stars,
          invoice_payload: payload,
          telegram_payment_charge_id: chargeId,
        }),
      );
    expect((await pay('c-1', 'v1:pack_100:100', 100)).kind).toBe('credited');
    expect((await pay('c-2', 'v1:pack_500:450', 450)).kind).toBe('credited');
    expect((await pay('c-2', 'v1:pack_500:450', 450)).kind).toBe('duplicate');
    // Paid for something never sold: kept as a record, not credited.
    expect((await pay('c-3', 'v1:gift:5', 5)).kind).toBe('not_credited');

    expect(await database.db.transaction().execute((tx) => recordRefund(tx, 'c-1'))).toBe(
      'reversed',
    );
    expect(await database.db.transaction().execute((tx) => recordRefund(tx, 'c-1'))).toBe(
      'already_refunded',
    );
    expect(await database.db.transaction().execute((tx) => recordRefund(tx, 'nope'))).toBe(
      'unknown_payment',
    );
    await appendEntry(database.db, {
      specialistUserId: userId,
      kind: 'usage',
      amountMilli: -7_250,
    });
    await database.db
      .insertInto('ai_usage')
      .values({
        job_id: crypto.randomUUID(),
        bot_id: 'interpretator',
        specialist_user_id: userId,
        context_id: null,
        model: 'claude-sonnet-5-5',
        input_tokens: 3_000,
        output_tokens: 1_500,
        cache_read_tokens: 500,
        cache_write_tokens: 0,
      })
      .execute();

    const [thisMonth, lastMonth] = await monthlyReport(database.db, 2);
    expect(thisMonth).toMatchObject({
      payments: 3,
      starsReceived: 555,
      starsRefunded: 100,
      creditsSoldMilli: 600_000,
      creditsSpentMilli: 7_250,
      inputTokens: 3_500,
      outputTokens: 1_500,
    });
    expect(lastMonth).toMatchObject({ payments: 0, starsReceived: 0, creditsSpentMilli: 0 });
    const ledger = await database.db
      .selectFrom('credit_ledger')
      .select(['kind', 'amount_milli'])
      .where('specialist_user_id', '=', userId)
      .orderBy('entry_id')
      .execute();
    expect(ledger).toEqual([
      { kind: 'purchase', amount_milli: 100_000 },
      { kind: 'purchase', amount_milli: 500_000 },
      { kind: 'refund', amount_milli: -100_000 },
      { kind: 'usage', amount_milli: -7_250 },
    ]);
  });

  it('credits only Stars paid at the price the invoice named, and records the rest once', async () => {
    const { user_id: userId } = await database.db
      .insertInto('users')
      .values({ telegram_id: 81_002, role: 'specialist' })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const pay = (chargeId: string, currency: string, totalAmount: number) =>
      database.db.transaction().execute((tx) =>
        recordSuccessfulPayment(
          tx,
          { specialistUserId: userId, telegramId: 81_002 },
          {
            currency,
            total_amount: totalAmount,
            invoice_payload: 'v1:pack_100:100',
            telegram_payment_charge_id: chargeId,
          },
        ),
      );
    expect(await pay('short-1', 'XTR', 1)).toMatchObject({
      kind: 'not_credited',
      reason: { kind: 'wrong_amount', productId: 'pack_100', paid: 1, price: 100 },
    });
    expect(await pay('usd-1', 'USD', 100)).toMatchObject({
      kind: 'not_credited',
      reason: { kind: 'wrong_currency', currency: 'USD' },
    });
    // Telegram delivering them again changes nothing.
    expect((await pay('short-1', 'XTR', 1)).kind).toBe('duplicate');

    const recorded = await database.db
      .selectFrom('star_payments')
      .select(['telegram_payment_charge_id', 'credits_milli'])
      .where('specialist_user_id', '=', userId)
      .orderBy('payment_id')
      .execute();
    expect(recorded).toEqual([
      { telegram_payment_charge_id: 'short-1', credits_milli: 0 },
      { telegram_payment_charge_id: 'usd-1', credits_milli: 0 },
    ]);
    const ledger = await database.db
      .selectFrom('credit_ledger')
      .select('entry_id')
      .where('specialist_user_id', '=', userId)
      .execute();
    expect(ledger).toEqual([]);
  });
});
