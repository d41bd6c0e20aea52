import type { Parser } from './env-reader';

const ok = <T>(value: T) => ({ ok: true as const, value });
const fail = (problem: string) => ({ ok: false as const, problem });

export const text: Parser<string> = (raw) => ok(raw);

export const positiveInt: Parser<number> = (raw) =>
  /^[1-9]\d*$/.test(raw) ? ok(Number(raw)) : fail('must be a positive integer');

export const nonNegativeInt: Parser<number> = (raw) =>
  /^\d+$/.test(raw) ? ok(Number(raw)) : fail('must be a whole number, 0 or more');

/**
 * A whole number no smaller than `min`; `why` says what a smaller one would break, so the
 * operator's one line explains the floor (e.g. "Telegram retries an update for 24 hours").
 */
export const intAtLeast =
  (min: number, why: string): Parser<number> =>
  (raw) =>
    /^\d+$/.test(raw) && Number(raw) >= min
      ? ok(Number(raw))
      : fail(`must be a whole number, ${min} or more: ${why}`);

export const port: Parser<number> = (raw) => {
  const parsed = positiveInt(raw);
  return parsed.ok && parsed.value <= 65535 ? parsed : fail('must be a port number (1-65535)');
};

export const boolean: Parser<boolean> = (raw) => {
  const lowered = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) return ok(true);
  if (['false', '0', 'no', 'off'].includes(lowered)) return ok(false);
  return fail('must be true or false');
};

/** An http(s) URL, returned without a trailing slash so paths can be appended. */
export const httpUrl: Parser<string> = (raw) => {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return fail('must be an http(s) URL');
    return ok(raw.replace(/\/+$/, ''));
  } catch {
    return fail('must be an http(s) URL');
  }
};

/**
 * One http(s) URL, or several separated by commas: the replicas of one service, each at an
 * address of its own (`http://10.0.0.5:8080,http://10.0.0.6:8080`). Each is returned without
 * a trailing slash. The same address twice is refused: it would look like two replicas and
 * be one.
 */
export const httpUrlList: Parser<string[]> = (raw) => {
  const urls: string[] = [];
  for (const part of raw.split(',')) {
    const parsed = httpUrl(part.trim());
    if (!parsed.ok) {
      return fail('must be an http(s) URL, or several separated by commas (one per replica)');
    }
    urls.push(parsed.value);
  }
  if (new Set(urls).size < urls.length) return fail('names the same address twice');
  return ok(urls);
};

/** An https:// URL: Telegram opens webhooks and Mini Apps over HTTPS only. */
export const httpsUrl: Parser<string> = (raw) => {
  const parsed = httpUrl(raw);
  if (parsed.ok && !parsed.value.startsWith('https://')) {
    return fail('must be an https:// URL (Telegram uses HTTPS only for webhooks and Mini Apps)');
  }
  return parsed;
};

/**
 * A Mini App's address: https, as Telegram demands, or http on this machine's loopback, which
 * only the local playground serves (Telegram itself would refuse the button).
 */
export const miniAppUrl: Parser<string> = (raw) => {
  const parsed = httpUrl(raw);
  if (!parsed.ok || parsed.value.startsWith('https://')) return parsed;
  const { hostname } = new URL(parsed.value);
  if (['localhost', '127.0.0.1', '[::1]'].includes(hostname)) return parsed;
  return fail('must be an https:// URL (Telegram opens Mini Apps over HTTPS only)');
};

export const natsUrl: Parser<string> = (raw) =>
  /^(nats|tls|ws|wss):\/\/[^\s]+$/.test(raw) || /^[\w.-]+:\d+$/.test(raw)
    ? ok(raw)
    : fail('must be a NATS URL such as nats://127.0.0.1:4222');

/**
 * A PostgreSQL URL. The SQLAlchemy form of the original system
 * (postgresql+asyncpg://) is accepted and normalised, so an existing .env keeps working.
 */
export const postgresUrl: Parser<string> = (raw) => {
  const normalised = raw.replace(/^postgres(ql)?\+\w+:\/\//, 'postgresql://');
  try {
    const url = new URL(normalised);
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
      return fail('must be a postgresql:// URL');
    }
    return ok(normalised);
  } catch {
    return fail('must be a postgresql:// URL');
  }
};

/** Shorter secrets can be guessed; 32 characters of this alphabet hold about 190 bits. */
export const WEBHOOK_SECRET_MIN_LENGTH = 32;

/**
 * A webhook secret: Telegram's rule for secret_token (up to 256 of A-Z, a-z, 0-9, _ and -)
 * and at least 32 characters, so that it cannot be guessed.
 */
export const webhookSecret: Parser<string> = (raw) =>
  /^[A-Za-z0-9_-]+$/.test(raw) && raw.length >= WEBHOOK_SECRET_MIN_LENGTH && raw.length <= 256
    ? ok(raw)
    : fail(
        `must be ${WEBHOOK_SECRET_MIN_LENGTH}-256 characters of A-Z, a-z, 0-9, _ and - (make one with: openssl rand -hex 32)`,
      );

/** A token as BotFather issues it: "<bot id>:<secret part>". */
export const botToken: Parser<string> = (raw) =>
  /^\d+:[A-Za-z0-9_-]+$/.test(raw)
    ? ok(raw)
    : fail('must be a bot token as BotFather issues it (digits, a colon, then letters)');

/** Comma-separated Telegram user ids, e.g. "123456789,987654321". */
export const telegramIdSet: Parser<Set<number>> = (raw) => {
  const parts = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (!parts.every((part) => /^[1-9]\d{0,15}$/.test(part))) {
    return fail('must be comma-separated Telegram user ids, e.g. 123456789,987654321');
  }
  return ok(new Set(parts.map(Number)));
};

/** An interface to listen on: an IP address or a host name. */
export const host: Parser<string> = (raw) =>
  /^[\w.:-]+$/.test(raw) ? ok(raw) : fail('must be an address to listen on, e.g. 0.0.0.0');

/** A bearer token an operator makes (METRICS_TOKEN): 16 characters or more, no spaces. */
export const bearerToken: Parser<string> = (raw) =>
  /^[\x21-\x7e]{16,}$/.test(raw)
    ? ok(raw)
    : fail('must be 16 characters or more, without spaces (make one with: openssl rand -hex 24)');

/**
 * A text the bot sends as it is (the specialist's terms, who operates the service): "\n"
 * written in a .env line stands for a line break, and it must leave room in one Telegram
 * message (4096 characters) for the bot's own lines around it.
 */
export const messageText =
  (maxLength: number): Parser<string> =>
  (raw) => {
    const value = raw.replaceAll('\\n', '\n').trim();
    return value.length <= maxLength
      ? ok(value)
      : fail(`must be at most ${maxLength} characters (it is sent in one Telegram message)`);
  };
