import { describe, expect, it } from 'vitest';
import { parkedEventsImageCommand } from '../src/parked-events-flags';

const node = ['/usr/local/bin/node', '/app/dist/main.js'];

describe("the parked-events command in a bot service's image", () => {
  it('serves when no parked-events flag is given', () => {
    expect(parkedEventsImageCommand([...node])).toBeUndefined();
  });

  it('lists with --parked and replays with --replay-parked', () => {
    expect(parkedEventsImageCommand([...node, '--parked'])).toEqual({
      mode: 'list',
      flag: '--parked',
    });
    expect(parkedEventsImageCommand([...node, '--replay-parked'])).toEqual({
      mode: 'replay',
      flag: '--replay-parked',
    });
  });

  it('discards the seq given after --discard-parked', () => {
    expect(parkedEventsImageCommand([...node, '--discard-parked', '42'])).toEqual({
      mode: 'discard',
      flag: '--discard-parked',
      streamSeq: 42,
    });
  });

  it('refuses --discard-parked without a seq, saying what to give', () => {
    for (const given of [[], ['seq=42'], ['0'], ['-3'], ['4.5']]) {
      expect(() => parkedEventsImageCommand([...node, '--discard-parked', ...given])).toThrow(
        /expected the seq= of a parked event \(a positive number\)/,
      );
    }
  });
});
