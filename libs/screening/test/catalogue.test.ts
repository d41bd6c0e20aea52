import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS_DIR, loadInstruments } from '../src/index';

const original = (id: string) =>
  JSON.parse(readFileSync(new URL(`${id}.json`, INSTRUMENTS_DIR), 'utf8')) as Record<
    string,
    unknown
  >;

/** A folder holding these instrument files, as a deployment's data would. */
function folderWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'instruments-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function problemOf(dir: string): string {
  try {
    loadInstruments(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the data was accepted');
}

describe('instrument data files', () => {
  it('loads PHQ-9, GAD-7 and WHO-5 in the order the specialist sees them, each naming its source', () => {
    const catalogue = loadInstruments();
    expect(catalogue.all.map((i) => i.id)).toEqual(['phq9', 'gad7', 'who5']);
    for (const instrument of catalogue.all) {
      expect(instrument.source.url).toMatch(/^https:\/\//);
      expect(instrument.source.scoring).not.toBe('');
      expect(instrument.validated || Boolean(instrument.validationNote)).toBe(true);
    }
    expect(catalogue.defaultSelection()).toEqual(['phq9', 'gad7', 'who5']);
  });

  it('takes a new instrument from one more file', () => {
    const extra: Record<string, unknown> = {
      ...original('gad7'),
      id: 'gad2',
      title: 'GAD-2',
      order: 9,
    };
    extra.items = (extra.items as unknown[]).slice(0, 2);
    extra.bands = [
      { from: 0, to: 2, label: 'ниже порога' },
      { from: 3, to: 6, label: 'выше порога' },
    ];
    extra.change = { reliableChange: 2, caseness: { atOrAbove: 3 }, source: 'a test' };
    const catalogue = loadInstruments(
      folderWith({ 'gad7.json': original('gad7'), 'gad2.json': extra }),
    );
    expect(catalogue.all.map((i) => i.id)).toEqual(['gad7', 'gad2']);
  });

  it('refuses bands with a gap, in one line naming the file and the place', () => {
    const broken = original('phq9');
    broken.bands = [
      { from: 0, to: 4, label: 'a' },
      { from: 6, to: 27, label: 'b' },
    ];
    expect(problemOf(folderWith({ 'phq9.json': broken }))).toBe(
      'Invalid configuration: screening instrument phq9.json: bands.1.from: bands must run on without gaps or overlaps: expected from 5',
    );
  });

  it('refuses bands that stop short of the highest score', () => {
    const broken = original('who5');
    broken.bands = [{ from: 0, to: 96, label: 'a' }];
    expect(problemOf(folderWith({ 'who5.json': broken }))).toContain(
      'who5.json: bands: the last band must end at the highest score, 100',
    );
  });

  it('refuses an item without text, an unknown field and a missing source', () => {
    const noText = original('gad7');
    (noText.items as { text: string }[])[2] = { text: ' ' };
    expect(problemOf(folderWith({ 'gad7.json': noText }))).toContain('gad7.json: items.2.text');

    const unknownField = { ...original('gad7'), reverse: [1] };
    expect(problemOf(folderWith({ 'gad7.json': unknownField }))).toContain('gad7.json');

    const noSource = original('gad7');
    delete noSource.source;
    expect(problemOf(folderWith({ 'gad7.json': noSource }))).toContain('gad7.json: source');
  });

  it('refuses change thresholds that are missing, on the wrong side of the scale or beyond it', () => {
    const missing = original('phq9');
    delete missing.change;
    expect(problemOf(folderWith({ 'phq9.json': missing }))).toContain('phq9.json: change');

    const wrongSide = original('who5');
    wrongSide.change = { ...(wrongSide.change as object), caseness: { atOrAbove: 50 } };
    expect(problemOf(folderWith({ 'who5.json': wrongSide }))).toContain(
      'who5.json: change.caseness: a higher score is better here, so caseness is atOrBelow',
    );

    const tooLarge = original('gad7');
    tooLarge.change = { ...(tooLarge.change as object), reliableChange: 22 };
    expect(problemOf(folderWith({ 'gad7.json': tooLarge }))).toContain(
      'gad7.json: change.reliableChange: reliableChange must be within the score range, 21 at most',
    );

    const beyond = original('phq9');
    beyond.change = { ...(beyond.change as object), caseness: { atOrAbove: 28 } };
    expect(problemOf(folderWith({ 'phq9.json': beyond }))).toContain(
      'phq9.json: change.caseness: caseness must be a score from 0 to 27',
    );

    const unsourced = original('phq9');
    unsourced.change = { ...(unsourced.change as object), source: ' ' };
    expect(problemOf(folderWith({ 'phq9.json': unsourced }))).toContain('phq9.json: change.source');
  });

  it('refuses an instrument marked not validated that does not say why', () => {
    const silent = original('who5');
    delete silent.validationNote;
    expect(problemOf(folderWith({ 'who5.json': silent }))).toContain(
      'who5.json: validationNote: an instrument that is not validated says why',
    );
  });

  it('refuses a file that is not JSON, or whose id is not its name', () => {
    expect(problemOf(folderWith({ 'phq9.json': '{ not json' }))).toContain(
      'screening instrument phq9.json is not valid JSON',
    );
    expect(problemOf(folderWith({ 'depression.json': original('phq9') }))).toContain(
      'id "phq9" must match the file name',
    );
  });
});
