import { describe, expect, it } from 'vitest';
import { parkedEventsProblem } from '../src/parked-events-hint';

describe('the parked-events problem', () => {
  it('names npm run parked-events for a process npm start runs', () => {
    expect(parkedEventsProblem(2, 'npm-start', 'pro')).toBe(
      '2 event(s) parked: list them with `npm run parked-events -- --bot pro`, replay with `npm run parked-events -- --replay --bot pro` once the cause is fixed, or discard one that can never be valid with `npm run parked-events -- --discard <seq> --bot pro` (docs/OPERATIONS.md)',
    );
  });

  it('names the image flags for a process started from an image', () => {
    expect(parkedEventsProblem(1, 'image', 'pro')).toBe(
      '1 event(s) parked: list them with `node dist/main.js --parked`, replay with `node dist/main.js --replay-parked` once the cause is fixed, or discard one that can never be valid with `node dist/main.js --discard-parked <seq>` (docs/OPERATIONS.md)',
    );
  });
});
