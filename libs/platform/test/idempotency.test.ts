import { describe, expect, it } from 'vitest';
import { makeIdempotencyKey, personKeyPart, SCOPE_TG_UPDATE } from '../src/idempotency';

describe('makeIdempotencyKey', () => {
  it('lays the parts out in the spec order, empty where missing', () => {
    expect(
      makeIdempotencyKey({
        scope: SCOPE_TG_UPDATE,
        serviceId: 'pro',
        actorId: 'tg:42',
        step: 'upd:1001',
      }),
    ).toBe('tg_update|pro|||tg:42|upd:1001|');
  });

  it('gives the same key for the same parts every time', () => {
    const parts = { scope: 's', serviceId: 'pro', runId: 'r1', contextId: 'c1', fingerprint: 'f' };
    expect(makeIdempotencyKey(parts)).toBe(makeIdempotencyKey({ ...parts }));
  });

  it('keeps parts containing "|" or "\\" from colliding with other parts', () => {
    const keys = [
      makeIdempotencyKey({ scope: 's', runId: 'a|b' }),
      makeIdempotencyKey({ scope: 's', runId: 'a', contextId: 'b' }),
      makeIdempotencyKey({ scope: 's', runId: 'a\\', contextId: 'b' }),
      makeIdempotencyKey({ scope: 's', runId: 'a\\|b' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names a person by a digest: the same key every time, and never their id', () => {
    const userId = '5eaf3f3c-5640-454c-bad1-90ce50f95947';
    const key = () =>
      makeIdempotencyKey({ scope: 's', contextId: 'c1', actorId: personKeyPart(userId) });
    expect(key()).toBe(key());
    expect(key()).not.toContain(userId);
    expect(personKeyPart(userId)).not.toBe(personKeyPart('5eaf3f3c-5640-454c-bad1-90ce50f95948'));
  });
});
