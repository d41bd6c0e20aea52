import type { Database } from '@psycheos/db';
import type { BotId, Logger } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import { pruneTables } from './prune-tables';
import type { RetentionPeriods } from './retention-periods';

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Prunes the tables that grow with use (prune-tables.ts) at start and every ten minutes.
 * Every replica may do it: the deletes skip rows another is deleting. What was deleted is
 * logged as counts per table, never as rows.
 */
export function keepTablesBounded(deps: {
  db: Kysely<Database>;
  botId: BotId;
  logger: Logger;
  strangerIntervalMinutes: number;
  periods: RetentionPeriods;
}): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const prune = () => {
    if (running) return;
    running = pruneTables(deps.db, deps.botId, deps.strangerIntervalMinutes, deps.periods)
      .then(
        (pruned) => {
          if (Object.values(pruned).some((count) => count > 0)) {
            deps.logger.info({ pruned }, 'old rows pruned');
          }
        },
        (error: unknown) =>
          deps.logger.warn(
            { reason: error instanceof Error ? error.message : String(error) },
            'could not prune old rows; will try again',
          ),
      )
      .finally(() => {
        running = undefined;
      });
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return {
    /** Stops the schedule and waits for a prune under way, so it never outlives the database. */
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
