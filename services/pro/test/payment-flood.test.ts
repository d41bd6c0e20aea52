import { type ServiceHarness, startServiceHarness, successfulPayment } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { ADMIN, registerThroughInvite } from './pro-chat';

/**
 * Telegram has taken the Stars when it reports a successful payment; an update dropped by
 * the flood limit would be recorded as handled and never credited, and Telegram's
 * redelivery of it would be a duplicate.
 */
// The story may first wait for the next clock minute (up to 16 s).
describe('pro bot: a payment after a burst of messages', { timeout: 90_000 }, () => {
  let pro: ServiceHarness;

  beforeAll(async () => {
    pro = await startServiceHarness({
      botId: 'pro',
      buildApp,
      env: {
        ADMIN_IDS: String(ADMIN.id),
        FLOOD_LIMIT_PER_MINUTE: '3',
        BILLING_TRIAL_CREDITS: '0',
        BILLING_CREDIT_PACKS: '100:100',
      },
    });
  });
  afterAll(() => pro.close());

  it('is credited however many messages came before it in the minute', async () => {
    const second = new Date().getSeconds();
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const person = { id: 8_300_001, first_name: 'Мария' };
    const chat = await registerThroughInvite(pro, person);
    for (const text of ['/balance', '/balance', '/balance', '/balance']) await chat.send(text);

    const payment = successfulPayment(person, {
      payload: 'v1:pack_100:100',
      totalAmount: 100,
      chargeId: 'charge-after-a-burst',
    });
    expect((await pro.deliver(payment)).status).toBe(200);

    const balance = await sql<{ total: string }>`
      select coalesce(sum(amount_milli), 0) as total from credit_ledger l
      join users u on u.user_id = l.specialist_user_id where u.telegram_id = ${person.id}
    `.execute(pro.database.db);
    expect(Number(balance.rows[0]?.total)).toBe(100_000);
  });
});
