import { validate } from '@telegram-apps/init-data-node';
import { describe, expect, it } from 'vitest';
import { checkInitData, signInitData } from '../src/auth/init-data';
import { PRO_TOKEN, signedInitData } from './dashboard-fixtures';

describe('initData', () => {
  it('accepts what Telegram signs, naming its user', () => {
    expect(checkInitData(signedInitData(4242), PRO_TOKEN, 60)).toMatchObject({
      ok: true,
      telegramUserId: 4242,
    });
  });

  it('refuses data from the future beyond a minute of clock skew, and junk', () => {
    const future = signedInitData(4242, new Date(Date.now() + 5 * 60_000));
    expect(checkInitData(future, PRO_TOKEN, 3_600)).toEqual({ ok: false, reason: 'expired' });
    expect(checkInitData('hash=zz', PRO_TOKEN, 60)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkInitData('', PRO_TOKEN, 60)).toEqual({ ok: false, reason: 'missing' });
  });

  it('signs local links (npm run dashboard:link) as Telegram does', () => {
    const signed = signInitData({ id: 77, first_name: 'local' }, PRO_TOKEN);
    expect(() => validate(signed, PRO_TOKEN)).not.toThrow();
    expect(checkInitData(signed, PRO_TOKEN, 60)).toMatchObject({ ok: true, telegramUserId: 77 });
  });
});
