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

/** Priorities run from -1 (urgent) to 1 (a stranger's); queue index = priority + 1. */
const PRIORITY_OFFSET = 1;
const isUrgent = (reply: HeldReply) => reply.priority < 0;

/**
 * The part of a bot's reply outbox that the sender holds in memory: a lane per chat,
 * so each chat's replies go one at a time and in order, and a queue per priority of
 * the chats whose next reply may go now. The rest of the backlog waits in the table,
 * so memory stays bounded by the window however far behind the bot is.
 *
 * An urgent reply (a crisis alert) is the one exception to a chat's order: it goes ahead
 * of its chat's queued replies (never of the one being sent), and its chat ahead of all.
 */
export class ReplyWindow {
  readonly #lanes = new Map<number, Lane>();
  /** Chats whose head may be sent, one queue per priority (0 first). */
  readonly #ready: number[][] = [[], [], []];
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
      const first = lane.busy ? 1 : 0;
      const previousHead = lane.replies[first];
      // A reply being sent stays first, whatever arrives.
      insertInOrder(lane.replies, reply, first);
      // The chat may go now at this reply's priority: it is new, or it jumped the queue.
      // An entry left in a lower queue is harmless: takeNext skips a busy or empty lane.
      const becameHead = lane.replies[first] === reply;
      if (!lane.busy && becameHead && (!previousHead || reply.priority < previousHead.priority)) {
        this.#markReady(reply.chat_id, reply.priority);
      }
    }
  }

  /**
   * The next reply to send, most urgent chat first; its chat is busy until it is finished.
   * `upToPriority` leaves out less urgent chats (the sender at its in-flight cap still
   * sends urgent replies).
   */
  takeNext(upToPriority = Number.POSITIVE_INFINITY): HeldReply | undefined {
    for (const [index, queue] of this.#ready.entries()) {
      if (index - PRIORITY_OFFSET > upToPriority) return undefined;
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
    const index = Math.min(Math.max(priority + PRIORITY_OFFSET, 0), this.#ready.length - 1);
    const queue = this.#ready[index];
    queue?.push(chatId);
  }
}

/** Urgent replies first, then by id (commit order), after the first `first` rows. */
function insertInOrder(replies: HeldReply[], reply: HeldReply, first: number): void {
  const goesAfter = (held: HeldReply) =>
    isUrgent(held) !== isUrgent(reply) ? isUrgent(held) : held.reply_id < reply.reply_id;
  let index = replies.length;
  while (index > first && !goesAfter(replies[index - 1] as HeldReply)) index--;
  replies.splice(index, 0, reply);
}
