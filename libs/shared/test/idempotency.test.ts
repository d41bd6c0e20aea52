import { describe, expect, it } from 'vitest';
import { makeIdempotencyKey, SCOPE_TG_UPDATE } from '../src';

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
});
