/** How the bot answered a pre_checkout_query, or that it did not in time. */
export type PreCheckoutAnswer = { ok: true } | { ok: false; errorMessage: string } | 'no answer';

/**
 * The pre_checkout_queries the person is waiting on, by query id: payInvoice waits here and
 * answerPreCheckoutQuery ends the wait, as Telegram holds the payment until the bot says yes.
 */
export function createPreCheckoutWaits() {
  const waiting = new Map<string, (answer: PreCheckoutAnswer) => void>();

  return {
    /** Must be called before the query goes out: a quick bot may answer at once. */
    wait(queryId: string, timeoutMs: number): Promise<PreCheckoutAnswer> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish('no answer'), timeoutMs);
        const finish = (answer: PreCheckoutAnswer) => {
          clearTimeout(timer);
          waiting.delete(queryId);
          resolve(answer);
        };
        waiting.set(queryId, finish);
      });
    },
    /** True when someone was waiting for this query. */
    answer(queryId: string, answer: PreCheckoutAnswer): boolean {
      const finish = waiting.get(queryId);
      finish?.(answer);
      return finish !== undefined;
    },
    /** Ends every wait (the server is closing). */
    cancelAll(): void {
      for (const finish of [...waiting.values()]) finish('no answer');
    },
  };
}

export type PreCheckoutWaits = ReturnType<typeof createPreCheckoutWaits>;
