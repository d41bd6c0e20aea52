import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { CTRS_ITEMS } from '../src/ctrs/ctrs-items';
import { loadCtrsScale } from '../src/ctrs/load-scale';

const SCALE_FILE = new URL('../scale/ctrs.json', import.meta.url);

const fileWith = (json: unknown): URL => {
  const dir = mkdtempSync(join(tmpdir(), 'ctrs-'));
  writeFileSync(join(dir, 'ctrs.json'), JSON.stringify(json));
  return pathToFileURL(join(dir, 'ctrs.json'));
};

describe('the CTRS scale data', () => {
  it('gives each of the 11 items, in order, its own anchors at 0, 2, 4 and 6', () => {
    const scale = loadCtrsScale(SCALE_FILE);
    expect(scale.items.map((item) => item.id)).toEqual([...CTRS_ITEMS]);
    const anchors = scale.items.flatMap((item) => Object.values(item.anchors));
    expect(new Set(anchors).size).toBe(CTRS_ITEMS.length * 4);
    // Only the items that belong to a session's start and end may be missing from a fragment.
    expect(scale.items.filter((item) => item.mayBeOutsideAFragment).map((item) => item.id)).toEqual(
      ['agenda', 'feedback', 'homework'],
    );
  });

  it('stops the start with one line naming the field when an item lacks an anchor', () => {
    const json = JSON.parse(readFileSync(SCALE_FILE, 'utf8')) as {
      items: { anchors: Record<string, string> }[];
    };
    delete json.items[3]?.anchors['4'];
    expect(() => loadCtrsScale(fileWith(json))).toThrow(ConfigError);
    expect(() => loadCtrsScale(fileWith(json))).toThrow(
      /CTRS scale .*ctrs\.json: items\[3\]\.anchors\.4 must be a non-empty string$/,
    );
  });
});
