import { Counter, Gauge, type Registry } from 'prom-client';

export type ReplyOutcome = 'sent' | 'retried' | 'failed' | 'expired';

/** The reply outbox's counters. Labels carry the bot and the outcome only. */
export class ReplyMetrics {
  readonly #outcomes: Counter<'bot' | 'outcome'>;
  readonly #active: Gauge<'bot'>;

  constructor(
    private readonly botId: string,
    registry: Registry,
  ) {
    this.#outcomes = new Counter({
      name: 'psycheos_replies_total',
      help: 'Stored Bot API calls by outcome: sent, retried (an attempt that will be tried again), failed (refused for good), expired (too old to send)',
      labelNames: ['bot', 'outcome'],
      registers: [registry],
    });
    this.#active = new Gauge({
      name: 'psycheos_reply_sender_active',
      help: '1 while this process is its bot reply sender, 0 while it stands by',
      labelNames: ['bot'],
      registers: [registry],
    });
    this.#active.set({ bot: botId }, 0);
  }

  count(outcome: ReplyOutcome, times = 1): void {
    if (times > 0) this.#outcomes.inc({ bot: this.botId, outcome }, times);
  }

  setActive(active: boolean): void {
    this.#active.set({ bot: this.botId }, active ? 1 : 0);
  }
}
