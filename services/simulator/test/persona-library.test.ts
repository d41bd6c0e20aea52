import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@psycheos/shared';
import { describe, expect, it } from 'vitest';
import { loadPersonas } from '../src/persona/load-personas';
import { PERSONAS_DIR } from '../src/persona-library';

const folderWith = (files: Record<string, string>): URL => {
  const dir = mkdtempSync(join(tmpdir(), 'personas-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return pathToFileURL(`${dir}/`);
};

const anna = readFileSync(new URL('anna-depression.json', PERSONAS_DIR), 'utf8');

describe('the persona library', () => {
  it('ships at least four Russian personas, each with a cognitive model, a style and resistance behaviours', () => {
    const library = loadPersonas(PERSONAS_DIR);
    expect(library.length).toBeGreaterThanOrEqual(4);
    for (const { persona } of library) {
      expect(persona.cognitiveModel.coreBeliefs.length).toBeGreaterThan(0);
      expect(persona.resistance.behaviours.length).toBeGreaterThan(0);
      expect(persona.presentingProblem).toMatch(/[а-яё]/i);
    }
    // The library covers more than one way of talking and of resisting.
    expect(new Set(library.map(({ persona }) => persona.style)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(library.map(({ persona }) => persona.resistance.level)).size).toBe(3);
  });

  it('stops the start with one line naming the file and the field when a persona lacks its resistance', () => {
    const { resistance: _dropped, ...broken } = JSON.parse(anna) as Record<string, unknown>;
    const dir = folderWith({ 'anna.json': anna, 'broken.json': JSON.stringify(broken) });
    expect(() => loadPersonas(dir)).toThrow(ConfigError);
    expect(() => loadPersonas(dir)).toThrow(
      /^Invalid configuration: persona file broken\.json: resistance must be an object$/,
    );
  });

  it('refuses a style outside the six and a file that is not JSON', () => {
    const shouting = JSON.stringify({ ...JSON.parse(anna), style: 'shouting' });
    expect(() => loadPersonas(folderWith({ 'a.json': shouting }))).toThrow(
      /persona file a\.json: style must be one of plain, upset, verbose, reserved, tangent, pleasing/,
    );
    expect(() => loadPersonas(folderWith({ 'b.json': '{ not json' }))).toThrow(
      /persona file b\.json: not valid JSON/,
    );
  });
});
