import { sql } from 'kysely';
import { vi } from 'vitest';
import type { Platform } from './platform';

/**
 * Waits until nothing is left to happen: no AI job queued or running, no reply waiting in
 * any bot's outbox (a reply's row goes once Telegram has it). Then a count of what people
 * were shown is final: a second answer to one request would have to be one of those.
 */
export async function untilSettled(platform: Platform): Promise<void> {
  await vi.waitFor(
    async () => {
      const { rows } = await sql<{ jobs: number; replies: number }>`
        select
          (select count(*)::int from ai_jobs where status in ('queued', 'running')) as jobs,
          (select count(*)::int from reply_outbox where status = 'pending') as replies
      `.execute(platform.db);
      const { jobs, replies } = rows[0] ?? { jobs: 0, replies: 0 };
      if (jobs + replies > 0) throw new Error(`${jobs} AI jobs and ${replies} replies to go`);
    },
    { timeout: 60_000, interval: 200 },
  );
}
