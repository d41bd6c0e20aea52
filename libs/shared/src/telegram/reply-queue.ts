/**
 * Where a committed update's replies wait to be sent, after the webhook has been answered.
 *
 * Why: Telegram holds a webhook connection per update until it is answered. Answering only
 * after our replies reached Telegram made every update cost the Bot API's round trip (about
 * 50 ms), capping a chat at 20 updates/s and tying up Telegram's connections. The replies of
 * a committed update are best effort either way (a failed send is logged, not retried by
 * Telegram), so they go out in the background: in order per chat, and drained on shutdown.
 */
export class ReplyQueue {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #pending = new Set<Promise<void>>();

  /** Runs `send` after every earlier send of the same chat. `send` logs its own failures. */
  enqueue(chatKey: string, send: () => Promise<void>): void {
    const previous = this.#tails.get(chatKey) ?? Promise.resolve();
    const next = previous.then(send).catch(() => {});
    this.#tails.set(chatKey, next);
    this.#pending.add(next);
    void next.then(() => {
      this.#pending.delete(next);
      if (this.#tails.get(chatKey) === next) this.#tails.delete(chatKey);
    });
  }

  /** Resolves when every queued reply has been sent (or has failed and been logged). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
