import type { Database } from '@psycheos/db';
import type { Kysely, Transaction } from 'kysely';
import type { BillingConfig } from './billing-config';
import { appendEntry, balanceOf, grantTrial } from './ledger';
import { costOfUsage, type UsageTokens } from './pricing';

/**
 * Whether a specialist may start a model request: only with a positive balance. A request
 * already running is never cut off, so a balance can end slightly below zero; the next
 * request is then refused until the specialist tops up.
 */
export async function canStartAiRequest(
  db: Kysely<Database> | Transaction<Database>,
  billing: BillingConfig,
  specialistUserId: string,
): Promise<boolean> {
  return (await balanceOf(db, specialistUserId, billing.trialMilli)) > 0;
}

/**
 * Debits an AI job's tokens, and the session's price on its first job, in the transaction
 * that settles the job. Each is unique (per job, per session), so a rerun of a settled job
 * or a second live run charges nothing more; two jobs debiting at once both count, as
 * each adds its own row.
 */
export async function chargeAiJob(
  tx: Transaction<Database>,
  billing: BillingConfig,
  job: { jobId: string; sessionId: string; specialistUserId: string; usage: UsageTokens },
): Promise<void> {
  await grantTrial(tx, job.specialistUserId, billing.trialMilli);
  const cost = costOfUsage(billing.prices, job.usage);
  if (cost > 0) {
    await appendEntry(tx, {
      specialistUserId: job.specialistUserId,
      kind: 'usage',
      amountMilli: -cost,
      jobId: job.jobId,
    });
  }
  if (billing.prices.perSession > 0) {
    await appendEntry(tx, {
      specialistUserId: job.specialistUserId,
      kind: 'session',
      amountMilli: -billing.prices.perSession,
      sessionId: job.sessionId,
    });
  }
}
