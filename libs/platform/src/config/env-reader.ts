import { ConfigError } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

/** Turns a raw value into a typed one, or returns an error phrase such as "must be a positive integer". */
export type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; problem: string };

/**
 * Reads variables and collects every problem, so an operator sees all of them
 * in one line instead of fixing one per restart. Empty strings count as unset,
 * as they do in most .env files and deployment dashboards.
 */
export class EnvReader {
  readonly #problems: string[] = [];

  constructor(private readonly env: Env) {}

  isSet(name: string): boolean {
    return (this.env[name] ?? '').trim() !== '';
  }

  required<T>(name: string, parse: Parser<T>): T {
    const raw = this.env[name]?.trim();
    if (!raw) {
      this.#problems.push(`${name} is required`);
      return undefined as T;
    }
    return this.#parse(name, raw, parse);
  }

  optional<T>(name: string, parse: Parser<T>): T | undefined;
  optional<T>(name: string, parse: Parser<T>, fallback: T): T;
  optional<T>(name: string, parse: Parser<T>, fallback?: T): T | undefined {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    return this.#parse(name, raw, parse);
  }

  /** Records a problem that involves several variables at once. */
  problem(message: string): void {
    this.#problems.push(message);
  }

  /** Throws one ConfigError naming every problem found so far. */
  finish(): void {
    if (this.#problems.length > 0) throw new ConfigError(this.#problems);
  }

  #parse<T>(name: string, raw: string, parse: Parser<T>): T {
    const result = parse(raw);
    if (result.ok) return result.value;
    this.#problems.push(`${name} ${result.problem}`);
    return undefined as T;
  }
}
