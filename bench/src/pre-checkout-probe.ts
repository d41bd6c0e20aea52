import type { FakeTelegram } from '@psycheos/local-bot-api';
import { preCheckoutQuery } from '@psycheos/testkit';
import { request } from 'undici';

/**
 * Telegram gives a bot ten seconds to answer a pre-checkout query. While a load runs, this
 * sends one every `intervalMs` for a registered specialist and measures from the webhook's
 * POST until the answer reaches the Bot API: the time the payer waits at Telegram's sheet.
 */
export function probePreCheckouts(options: {
  webhook: string;
  secret: string;
  telegram: FakeTelegram;
  telegramIds: number[];
  intervalMs: number;
}): { stop(): Promise<{ latenciesMs: number[]; unanswered: number }> } {
  const sentAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  options.telegram.respond('answerPreCheckoutQuery', (params) => {
    const started = sentAt.get(String(params.pre_checkout_query_id));
    if (started !== undefined) latenciesMs.push(performance.now() - started);
    return undefined;
  });
  const posts: Promise<unknown>[] = [];
  let sent = 0;
  const timer = setInterval(() => {
    const telegramId = options.telegramIds[sent++ % options.telegramIds.length] ?? 0;
    const update = preCheckoutQuery(
      { id: telegramId },
      { payload: 'v1:pack_100:100', totalAmount: 100 },
    );
    sentAt.set(`pcq-${update.update_id}`, performance.now());
    posts.push(
      request(options.webhook, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': options.secret,
        },
        body: JSON.stringify(update),
      }).then((response) => response.body.dump()),
    );
  }, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(posts);
      // The answers go out just after each commit; give the last ones a moment.
      const deadline = performance.now() + 10_000;
      while (latenciesMs.length < sentAt.size && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { latenciesMs, unanswered: sentAt.size - latenciesMs.length };
    },
  };
}
