import { createDatabase } from '@psycheos/db';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  textMessage,
} from '@psycheos/testkit';
import { request } from 'undici';
import { runLoad } from './load';
import { probePreCheckouts } from './pre-checkout-probe';
import { proEnv, SECRET, startOnFreePort } from './setups';
import { enforceTelegramLimits, TELEGRAM_LIMITS } from './telegram-limits';
import { CALLS_PER_CHAT, makeWorkload, registerSpecialists } from './workload';

export interface PaceResult {
  /** From the first of three quick messages to the third reply's arrival, on an idle bot. */
  threeRepliesMs: number;
  /** Updates of the load run, and the Bot API calls Telegram limits that they caused. */
  updates: number;
  messages: number;
  /** Seconds from the load's start until its last message reached the Bot API. */
  drainSeconds: number;
  /** What Telegram's limits would allow: messages / 30 per second. */
  floorSeconds: number;
  /** 429s the limit-enforcing Bot API gave: zero for a sender that keeps to the limits. */
  refused: number;
  /** Pre-checkout queries sent during the load: webhook POST → answer at the Bot API, in ms. */
  preCheckout: { sent: number; p50: number; p99: number; max: number; unanswered: number };
}

/**
 * Pro at Telegram's real pace (TELEGRAM_MAX_PER_SECOND 30, a chat's burst of three then one
 * a second) against a fake Bot API that enforces those limits with 429s:
 * - on an idle bot, a person's three quick messages: how soon all three replies arrive;
 * - under load, `chats` specialists' workloads at concurrency 40: how long until every
 *   reply has gone, and how many calls Telegram would have refused.
 */
export async function runPaceBench(options: { chats: number }): Promise<PaceResult> {
  const databaseName = await createTemplateDatabase();
  const url = databaseUrl(databaseName);
  const db = createDatabase({ url, max: 2 });
  const telegram = await startFakeTelegram();
  enforceTelegramLimits(telegram);
  const pro = await startOnFreePort('services/pro/dist/main.js', {
    ...proEnv({ databaseUrl: url, telegramApiRoot: telegram.apiRoot }),
    TELEGRAM_MAX_PER_SECOND: String(TELEGRAM_LIMITS.perSecond),
    TELEGRAM_CHAT_INTERVAL_MS: String(TELEGRAM_LIMITS.perChatIntervalMs),
    TELEGRAM_CHAT_BURST: String(TELEGRAM_LIMITS.perChatBurst),
  });
  const webhook = `${pro.url}/webhook/pro`;
  try {
    const [person] = makeWorkload(1, 30_000_000, 3_000_000_000);
    if (!person) throw new Error('no workload');
    await registerSpecialists(db, [person]);
    const threeRepliesMs = await timeThreeReplies(webhook, telegram, person.telegramId);

    telegram.reset();
    const counts = enforceTelegramLimits(telegram);
    const chats = makeWorkload(options.chats, 31_000_000, 3_100_000_000);
    await registerSpecialists(db, chats);
    const started = performance.now();
    const probe = probePreCheckouts({
      webhook,
      secret: SECRET,
      telegram,
      telegramIds: chats.map((chat) => chat.telegramId),
      intervalMs: 100,
    });
    const load = await runLoad({ url: webhook, secret: SECRET, chats, concurrency: 40 });
    const answered = () =>
      telegram.calls.filter(
        (call) => call.method !== 'getMe' && call.method !== 'answerPreCheckoutQuery',
      ).length;
    await waitUntil(() => answered() - counts.refused >= chats.length * CALLS_PER_CHAT);
    const drainSeconds = (performance.now() - started) / 1_000;
    const preCheckouts = await probe.stop();
    const sorted = [...preCheckouts.latenciesMs].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      threeRepliesMs,
      updates: load.updates,
      messages: counts.accepted,
      drainSeconds,
      floorSeconds: counts.accepted / TELEGRAM_LIMITS.perSecond,
      refused: counts.refused,
      preCheckout: {
        sent: sorted.length + preCheckouts.unanswered,
        p50: at(0.5),
        p99: at(0.99),
        max: sorted.at(-1) ?? 0,
        unanswered: preCheckouts.unanswered,
      },
    };
  } finally {
    await pro.process.stop('SIGTERM');
    await telegram.close();
    await db.destroy();
    await dropTemplateDatabase(databaseName);
  }
}

/** A person sends three messages in a row; returns when their third reply arrived. */
async function timeThreeReplies(webhook: string, telegram: FakeTelegram, chatId: number) {
  const before = telegram.textsSentTo(chatId).length;
  const started = performance.now();
  for (const text of ['/start', '📁 Мои кейсы', '/help']) {
    const response = await request(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(textMessage({ id: chatId }, text)),
    });
    await response.body.dump();
  }
  await waitUntil(() => telegram.textsSentTo(chatId).length >= before + 3, 1);
  return performance.now() - started;
}

/** Polls until `done()`; a bench that waits in vain fails after ten minutes instead of hanging. */
async function waitUntil(done: () => boolean, everyMs = 20, timeoutMs = 600_000) {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('the Bot API never got every reply');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
