/**
 * PostgreSQL's refusals that only an operator ends: SQLSTATE 53100 (no space left on the
 * database's disk) and 53200 (out of memory). The webhook answers them 503, as any passing
 * database error, and Telegram retries, so nothing is lost; but the database still answers
 * /health's reads, so without this the service would look healthy while every update fails.
 */
const NEEDS_AN_OPERATOR: Readonly<Record<string, WriteRefusal>> = {
  '53100': 'disk_full',
  '53200': 'out_of_memory',
};

export type WriteRefusal = 'disk_full' | 'out_of_memory';

/** How long a refusal is reported after it was last seen: a few of Telegram's retries. */
const REPORTED_FOR_MS = 2 * 60_000;

/**
 * The last refusal a write met, for /health and the page check. Fed by the webhook pipeline
 * with every database error it answers 503; forgotten once no write has met one for a while.
 */
export class DatabaseWriteRefusals {
  private last: { refusal: WriteRefusal; at: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes `error` if it is a refusal an operator must end; other errors are ignored. */
  note(error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    const refusal = typeof code === 'string' ? NEEDS_AN_OPERATOR[code] : undefined;
    if (refusal) this.last = { refusal, at: this.now() };
  }

  /** The refusal writes met in the last two minutes, or null. */
  current(): WriteRefusal | null {
    if (!this.last || this.now() - this.last.at > REPORTED_FOR_MS) return null;
    return this.last.refusal;
  }
}
