import { createHmac, timingSafeEqual } from 'node:crypto';

export type InitDataCheck =
  | { ok: true; telegramUserId: number; authDate: Date }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' };

/**
 * Checks a Mini App's initData as Telegram documents it: the data-check string (every
 * field but `hash`, as key=value sorted by key, joined by newlines) signed with HMAC-SHA256
 * under the key HMAC-SHA256("WebAppData", bot token). The hashes are compared in constant
 * time. (@telegram-apps/init-data-node, which the tests sign with, compares with !==, so
 * it is not used here.) An auth_date older than `maxAgeSeconds`, or in the future by more
 * than a minute of clock skew, is refused.
 */
export function checkInitData(
  raw: string | undefined,
  botToken: string,
  maxAgeSeconds: number,
  now = Date.now(),
): InitDataCheck {
  if (!raw) return { ok: false, reason: 'missing' };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const hash = params.get('hash');
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: 'malformed' };
  const pairs: string[] = [];
  params.forEach((value, key) => {
    if (key !== 'hash') pairs.push(`${key}=${value}`);
  });
  pairs.sort();
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const expected = createHmac('sha256', secret).update(pairs.join('\n')).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) {
    return { ok: false, reason: 'bad_signature' };
  }
  const authSeconds = Number(params.get('auth_date'));
  if (!Number.isSafeInteger(authSeconds) || authSeconds <= 0)
    return { ok: false, reason: 'malformed' };
  const ageSeconds = now / 1000 - authSeconds;
  if (ageSeconds > maxAgeSeconds || ageSeconds < -60) return { ok: false, reason: 'expired' };
  const userId = telegramUserIdOf(params.get('user'));
  if (userId === null) return { ok: false, reason: 'malformed' };
  return { ok: true, telegramUserId: userId, authDate: new Date(authSeconds * 1000) };
}

function telegramUserIdOf(user: string | null): number | null {
  if (!user) return null;
  try {
    const id = (JSON.parse(user) as { id?: unknown }).id;
    return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Signs launch data the way Telegram does, for trying the dashboard without Telegram
 * (`npm run dashboard:link`). The tests sign with an independent library instead.
 */
export function signInitData(
  user: { id: number; first_name: string },
  botToken: string,
  authDate = new Date(),
): string {
  const params = new URLSearchParams({
    auth_date: String(Math.floor(authDate.getTime() / 1000)),
    query_id: `local-${user.id}`,
    user: JSON.stringify(user),
  });
  const pairs = [...params].map(([key, value]) => `${key}=${value}`).sort();
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  params.set('hash', createHmac('sha256', secret).update(pairs.join('\n')).digest('hex'));
  return params.toString();
}
