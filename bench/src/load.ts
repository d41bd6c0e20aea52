import { Pool } from 'undici';
import type { Chat } from './workload';

export interface LoadResult {
  updates: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** HTTP statuses seen, e.g. { 200: 2000 }. */
  statuses: Record<number, number>;
}

/**
 * Sends every chat's updates to `url` as Telegram would: `concurrency` chats at a time,
 * each chat's updates in order, over at most `concurrency` keep-alive connections.
 * Bounded: it ends when every update has been answered.
 *
 * It shares the machine's cores with what it measures, so it is kept lean: undici's
 * request on one connection pool (fetch cost about three times the CPU per request).
 */
export async function runLoad(options: {
  url: string;
  secret: string;
  chats: Chat[];
  concurrency: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.concurrency });
  const started = performance.now();
  const worker = async () => {
    while (next < options.chats.length) {
      const chat = options.chats[next++];
      if (!chat) return;
      for (const update of chat.updates) {
        const sent = performance.now();
        const response = await pool.request({
          method: 'POST',
          path: target.pathname,
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': options.secret,
          },
          body: JSON.stringify(update),
        });
        await response.body.dump();
        latencies.push(performance.now() - sent);
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((x, y) => x - y);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    updates: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    statuses,
  };
}
