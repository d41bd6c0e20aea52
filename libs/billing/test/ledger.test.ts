import { EnvReader } from '@psycheos/platform';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEntry,
  balanceOf,
  canStartAiRequest,
  chargeAiJob,
  grantTrial,
  recordSuccessfulPayment,
} from '../src';
import { type BillingConfig, readBillingConfig } from '../src/billing-config';

const billing: BillingConfig = readBillingConfig(
  new EnvReader({
    BILLING_TRIAL_CREDITS: '1',
    BILLING_PRICE_INPUT_PER_1K: '0.1',
    BILLING_PRICE_OUTPUT_PER_1K: '0.3',
    BILLING_PRICE_CACHE_READ_PER_1K: '0.01',
    BILLING_PRICE_CACHE_WRITE_PER_1K: '0.2',
  }),
);

describe('the credit ledger', () => {
  let database: TestDatabase;
  let nextTelegramId = 70_000;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  const newSpecialist = async () => {
    const row = await database.db
      .insertInto('users')
      .values({ telegram_id: nextTelegramId++, role: 'specialist' })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    return row.user_id;
  };

  const usage = (inputTokens: number, outputTokens: number) => ({
    inputTokens,
    outputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  });

  it('counts the trial before its row exists, and writes it once', async () => {
    const userId = await newSpecialist();
    expect(await balanceOf(database.db, userId, billing.trialMilli)).toBe(1_000);
    await grantTrial(database.db, userId, billing.trialMilli);
    await grantTrial(database.db, userId, billing.trialMilli);
    expect(await balanceOf(database.db, userId, billing.trialMilli)).toBe(1_000);
    const rows = await database.db
      .selectFrom('credit_ledger')
      .select('kind')
      .where('specialist_user_id', '=', userId)
      .execute();
    expect(rows).toEqual([{ kind: 'trial' }]);
  });

  it('debits an AI job by its tokens once, however often it settles', async () => {
    const userId = await newSpecialist();
    const job = {
      jobId: crypto.randomUUID(),
      sessionId: crypto.randomUUID(),
      specialistUserId: userId,
      // 2000 input at 0.1 and 1000 output at 0.3 per 1K: 0.5 credits.
      usage: usage(2_000, 1_000),
    };
    for (let run = 0; run < 2; run++) {
      await database.db.transaction().execute((tx) => chargeAiJob(tx, billing, job));
    }
    expect(await balanceOf(database.db, userId, billing.trialMilli)).toBe(500);
  });

  it('loses and creates no credit under 20 concurrent debits, and may end below zero', async () => {
    const userId = await newSpecialist();
    // Each job costs 0.3 credits; 20 of them 6 credits, from a trial of 1.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        database.db.transaction().execute((tx) =>
          chargeAiJob(tx, billing, {
            jobId: crypto.randomUUID(),
            sessionId: crypto.randomUUID(),
            specialistUserId: userId,
            usage: usage(0, 1_000),
          }),
        ),
      ),
    );
    expect(await balanceOf(database.db, userId, billing.trialMilli)).toBe(1_000 - 20 * 300);
    const allowed = await database.db
      .transaction()
      .execute((tx) => canStartAiRequest(tx, billing, userId));
    expect(allowed).toBe(false);
  });

  it('refuses a request at zero and allows it again after a credit', async () => {
    const userId = await newSpecialist();
    await grantTrial(database.db, userId, billing.trialMilli);
    await appendEntry(database.db, {
      specialistUserId: userId,
      kind: 'usage',
      amountMilli: -1_000,
    });
    const can = () =>
      database.db.transaction().execute((tx) => canStartAiRequest(tx, billing, userId));
    expect(await can()).toBe(false);
    await appendEntry(database.db, { specialistUserId: userId, kind: 'grant', amountMilli: 1 });
    expect(await can()).toBe(true);
  });

  it('refuses to change an entry in place', async () => {
    const userId = await newSpecialist();
    await appendEntry(database.db, { specialistUserId: userId, kind: 'grant', amountMilli: 5_000 });
    await expect(
      sql`update credit_ledger set amount_milli = 9000000 where specialist_user_id = ${userId}`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  /** A specialist who bought 100 credits and spent 3: the purchase entry links to its payment. */
  const specialistWithPurchase = async () => {
    const userId = await newSpecialist();
    const chargeId = `charge-${userId}`;
    await database.db.transaction().execute((tx) =>
      recordSuccessfulPayment(
        tx,
        { specialistUserId: userId, telegramId: 1 },
        {
          currency: 'XTR',
          total_amount: 100,
          invoice_payload: 'v1:pack_100:100',
          telegram_payment_charge_id: chargeId,
        },
      ),
    );
    await appendEntry(database.db, {
      specialistUserId: userId,
      kind: 'usage',
      amountMilli: -3_000,
    });
    return { userId, chargeId };
  };

  it('refuses to delete entries, which would give back credits already spent', async () => {
    const { userId } = await specialistWithPurchase();
    await expect(
      sql`delete from credit_ledger where specialist_user_id = ${userId} and kind = 'usage'`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/);
    expect(await balanceOf(database.db, userId, 0)).toBe(97_000);
  });

  it('refuses to rewrite an entry under cover of clearing its payment link', async () => {
    const { userId } = await specialistWithPurchase();
    const rewrites = [
      sql`update credit_ledger set payment_id = null, created_at = now() - interval '1 year'
          where specialist_user_id = ${userId} and kind = 'purchase'`,
      sql`update credit_ledger set payment_id = null, granted_by = 42
          where specialist_user_id = ${userId} and kind = 'purchase'`,
      // Even alone: the payment still exists, so the entry would lose what it was for.
      sql`update credit_ledger set payment_id = null
          where specialist_user_id = ${userId} and kind = 'purchase'`,
    ];
    for (const rewrite of rewrites) {
      await expect(rewrite.execute(database.db)).rejects.toThrow(/append-only/);
    }
    const purchase = await database.db
      .selectFrom('credit_ledger')
      .select(['payment_id', 'granted_by'])
      .where('specialist_user_id', '=', userId)
      .where('kind', '=', 'purchase')
      .executeTakeFirstOrThrow();
    expect(purchase.payment_id).not.toBeNull();
    expect(purchase.granted_by).toBeNull();
  });

  it('lets the ledger go with its owner when the account is deleted', async () => {
    const { userId } = await specialistWithPurchase();
    await database.db.deleteFrom('users').where('user_id', '=', userId).execute();
    const left = await database.db
      .selectFrom('credit_ledger')
      .select('entry_id')
      .where('specialist_user_id', '=', userId)
      .execute();
    expect(left).toEqual([]);
  });

  it('clears the link, and only the link, when a payment record is deleted', async () => {
    const { userId, chargeId } = await specialistWithPurchase();
    await database.db
      .deleteFrom('star_payments')
      .where('telegram_payment_charge_id', '=', chargeId)
      .execute();
    const entries = await database.db
      .selectFrom('credit_ledger')
      .select(['kind', 'amount_milli', 'payment_id'])
      .where('specialist_user_id', '=', userId)
      .orderBy('entry_id')
      .execute();
    expect(entries).toEqual([
      { kind: 'purchase', amount_milli: 100_000, payment_id: null },
      { kind: 'usage', amount_milli: -3_000, payment_id: null },
    ]);
  });

  it('charges a session price once per session when one is set', async () => {
    const perSession = { ...billing, prices: { ...billing.prices, perSession: 200 } };
    const userId = await newSpecialist();
    const sessionId = crypto.randomUUID();
    for (let job = 0; job < 3; job++) {
      await database.db.transaction().execute((tx) =>
        chargeAiJob(tx, perSession, {
          jobId: crypto.randomUUID(),
          sessionId,
          specialistUserId: userId,
          usage: usage(0, 0),
        }),
      );
    }
    expect(await balanceOf(database.db, userId, billing.trialMilli)).toBe(800);
  });
});
