/**
 * A bot's replicas as the gateway takes them: each update starts at the next replica in turn
 * (round robin), and goes on to the others, in the same ring order, only when the one before
 * could not be reached (bot-route.ts decides what counts). With one URL the ring is that URL.
 *
 * Why not undici's BalancedPool (which @fastify/reply-from uses when given several bases)?
 * It lowers the weight of an upstream that fails to connect but still sends it some
 * requests, and a request that fails there fails: it is not tried on another upstream. Here a
 * dead replica must cost no update, so every update carries its own order of replicas to try.
 */
export interface ReplicaRing {
  readonly urls: readonly string[];
  /** The replicas one update tries, in order: the next in turn first, then the rest after it. */
  nextOrder(): readonly string[];
}

export function replicaRing(urls: readonly string[]): ReplicaRing {
  if (urls.length === 0) throw new Error('a bot is routed to at least one replica');
  let next = 0;
  return {
    urls,
    nextOrder() {
      const first = next;
      next = (next + 1) % urls.length;
      return urls.map((_, offset) => urls[(first + offset) % urls.length] as string);
    },
  };
}

/** How a replica is named in /health's problems and in logs: `pro#2`, or `pro` when it is alone. */
export function replicaName(botId: string, index: number, count: number): string {
  return count > 1 ? `${botId}#${index + 1}` : botId;
}
