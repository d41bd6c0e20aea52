import type { StoredReply } from './reply-outbox';

/** A stored reply held in memory, with when (by this process's clock) it was written. */
export interface HeldReply extends StoredReply {
  createdAt: number;
}

interface Lane {
  /** The chat's held replies, oldest first; the first is the one being sent or next. */
  replies: HeldReply[];
  /** Its head is being sent, or waits out a retry: the chat's next reply must wait. */
  busy: boolean;
}

/**
 * The part of a bot's reply outbox that the sender holds in memory: a lane per chat,
 * so each chat's replies go one at a time and in order, and a queue per priority of
 * the chats whose next reply may go now. The rest of the backlog waits in the table,
 * so memory stays bounded by the window however far behind the bot is.
 */
export class ReplyWindow {
  readonly #lanes = new Map<number, Lane>();
  /** Chats whose head may be sent, one queue per priority (0 first). */
  readonly #ready: number[][] = [[], []];
  readonly #held = new Set<number>();
  #count = 0;

  /** Replies held and not yet finished. */
  get size(): number {
    return this.#count;
  }

  holds(replyId: number): boolean {
    return this.#held.has(replyId);
  }

  /** Takes fetched rows in; each chat's rows are kept in id order, which is commit order. */
  add(replies: readonly HeldReply[]): void {
    for (const reply of replies) {
      if (this.#held.has(reply.reply_id)) continue;
      this.#held.add(reply.reply_id);
      this.#count++;
      let lane = this.#lanes.get(reply.chat_id);
      if (!lane) {
        lane = { replies: [], busy: false };
        this.#lanes.set(reply.chat_id, lane);
      }
      const wasEmpty = lane.replies.length === 0;
      // A reply being sent stays first, whatever arrives.
      insertInOrder(lane.replies, reply, lane.busy ? 1 : 0);
      if (wasEmpty && !lane.busy) this.#markReady(reply.chat_id, reply.priority);
    }
  }

  /** The next reply to send, most urgent chat first; its chat is busy until it is finished. */
  takeNext(): HeldReply | undefined {
    for (const queue of this.#ready) {
      while (queue.length > 0) {
        const chatId = queue.shift() as number;
        const lane = this.#lanes.get(chatId);
        const head = lane?.replies[0];
        if (!lane || lane.busy || !head) continue;
        lane.busy = true;
        return head;
      }
    }
    return undefined;
  }

  /** The reply is done with (sent, failed or expired): its chat's next one may go. */
  finish(reply: HeldReply): void {
    const lane = this.#lanes.get(reply.chat_id);
    if (!lane || lane.replies[0] !== reply) return;
    lane.replies.shift();
    lane.busy = false;
    this.#count--;
    const next = lane.replies[0];
    if (next) this.#markReady(reply.chat_id, next.priority);
    else this.#lanes.delete(reply.chat_id);
  }

  /** The reply will be tried again; until then its chat waits. */
  retryLater(reply: HeldReply): void {
    reply.attempts++;
  }

  /** The reply's retry is due: its chat may go again, head first. */
  release(reply: HeldReply): void {
    const lane = this.#lanes.get(reply.chat_id);
    if (!lane || lane.replies[0] !== reply) return;
    lane.busy = false;
    this.#markReady(reply.chat_id, reply.priority);
  }

  /** Forgets an id once its row is gone from the table (deleted or settled). */
  forget(replyId: number): void {
    this.#held.delete(replyId);
  }

  /** Every id held, finished or not: the fetch skips them. */
  heldIds(): number[] {
    return [...this.#held];
  }

  /** Drops everything: another sender owns the outbox now. */
  clear(): void {
    this.#lanes.clear();
    for (const queue of this.#ready) queue.length = 0;
    this.#held.clear();
    this.#count = 0;
  }

  #markReady(chatId: number, priority: number): void {
    const queue = this.#ready[Math.min(Math.max(priority, 0), this.#ready.length - 1)];
    queue?.push(chatId);
  }
}

function insertInOrder(replies: HeldReply[], reply: HeldReply, first: number): void {
  let index = replies.length;
  while (index > first && (replies[index - 1] as HeldReply).reply_id > reply.reply_id) index--;
  replies.splice(index, 0, reply);
}
