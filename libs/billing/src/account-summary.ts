import type { Database, LedgerEntry } from '@psycheos/db';
import type { Kysely } from 'kysely';
import { balanceOf, recentEntries } from './ledger';
import { type SubscriptionStatus, subscriptionOf } from './payments';

export interface AccountSummary {
  balanceMilli: number;
  subscription: SubscriptionStatus | null;
  /** Newest first. */
  entries: LedgerEntry[];
}

/** What a specialist sees of their account: /balance and the dashboard read the same. */
export async function accountSummary(
  db: Kysely<Database>,
  specialistUserId: string,
  options: { trialMilli: number; entries: number },
): Promise<AccountSummary> {
  const [balanceMilli, subscription, entries] = await Promise.all([
    balanceOf(db, specialistUserId, options.trialMilli),
    subscriptionOf(db, specialistUserId),
    recentEntries(db, specialistUserId, options.entries),
  ]);
  return { balanceMilli, subscription, entries };
}
