import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';

export interface MonthReport {
  /** The month's first day (UTC). */
  month: Date;
  payments: number;
  starsReceived: number;
  starsRefunded: number;
  creditsSoldMilli: number;
  /** Credits the AI tools drew (usage and session charges). */
  creditsSpentMilli: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Revenue and usage per calendar month (UTC), newest first, for the admin. Refunds count
 * in the month of the payment they undo, so a month's net is received minus refunded.
 */
export async function monthlyReport(db: Kysely<Database>, months: number): Promise<MonthReport[]> {
  const rows = await sql<{
    month: Date;
    payments: string;
    stars_received: string;
    stars_refunded: string;
    credits_sold: string;
    credits_spent: string;
    input_tokens: string;
    output_tokens: string;
  }>`
    with months as (
      select generate_series(
        date_trunc('month', now() at time zone 'utc') - make_interval(months => ${months - 1}),
        date_trunc('month', now() at time zone 'utc'),
        interval '1 month'
      ) as month
    )
    select
      m.month,
      (select count(*) from star_payments p
        where date_trunc('month', p.created_at at time zone 'utc') = m.month) as payments,
      (select coalesce(sum(stars), 0) from star_payments p
        where date_trunc('month', p.created_at at time zone 'utc') = m.month) as stars_received,
      (select coalesce(sum(stars), 0) from star_payments p
        where date_trunc('month', p.created_at at time zone 'utc') = m.month
          and p.refunded_at is not null) as stars_refunded,
      (select coalesce(sum(credits_milli), 0) from star_payments p
        where date_trunc('month', p.created_at at time zone 'utc') = m.month) as credits_sold,
      (select coalesce(-sum(amount_milli), 0) from credit_ledger l
        where l.kind in ('usage', 'session')
          and date_trunc('month', l.created_at at time zone 'utc') = m.month) as credits_spent,
      (select coalesce(sum(input_tokens + cache_read_tokens + cache_write_tokens), 0) from ai_usage u
        where date_trunc('month', u.created_at at time zone 'utc') = m.month) as input_tokens,
      (select coalesce(sum(output_tokens), 0) from ai_usage u
        where date_trunc('month', u.created_at at time zone 'utc') = m.month) as output_tokens
    from months m
    order by m.month desc
  `.execute(db);
  return rows.rows.map((row) => ({
    month: row.month,
    payments: Number(row.payments),
    starsReceived: Number(row.stars_received),
    starsRefunded: Number(row.stars_refunded),
    creditsSoldMilli: Number(row.credits_sold),
    creditsSpentMilli: Number(row.credits_spent),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
  }));
}
