import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@psycheos/platform';
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

  it('writes each core belief as an absolute belief, and gives each persona a risk told only when asked', () => {
    const library = loadPersonas(PERSONAS_DIR);
    const beliefs = library.flatMap(({ persona }) => persona.cognitiveModel.coreBeliefs);
    for (const belief of beliefs) {
      // Not a conditional assumption or a rule: those are intermediate beliefs.
      expect(belief).not.toMatch(/(^|\s)(если|иначе|должен|должна|когда)(\s|,|$)/i);
    }
    for (const absolute of ['Я нелюбимая', 'Я неприемлемая', 'Я неспособный', 'Я слабый']) {
      expect(beliefs).toContain(absolute);
    }
    for (const { persona } of library) {
      expect(persona.risk.state).toMatch(/[а-яё]/i);
      expect(persona.risk.disclosure).toMatch(/прям\S* .*вопрос/);
    }
    const anna = library.find(({ id }) => id === 'anna-depression')?.persona;
    expect(anna?.risk.state).toMatch(/пассивные мысли о смерти.*без плана/);
    expect(anna?.risk.disclosure).toMatch(/только на прямой и бережный вопрос/);
  });

  it('stops the start when a core belief is a conditional assumption, or the risk is missing', () => {
    const conditional = JSON.parse(anna) as { cognitive_model: { core_beliefs: string[] } };
    conditional.cognitive_model.core_beliefs = ['Если от меня нет пользы, я никому не нужна'];
    expect(() => loadPersonas(folderWith({ 'c.json': JSON.stringify(conditional) }))).toThrow(
      /persona file c\.json: cognitive_model\.core_beliefs «Если от меня нет пользы, я никому не нужна» reads as a conditional assumption/,
    );
    const { risk: _dropped, ...withoutRisk } = JSON.parse(anna) as Record<string, unknown>;
    expect(() => loadPersonas(folderWith({ 'r.json': JSON.stringify(withoutRisk) }))).toThrow(
      /^Invalid configuration: persona file r\.json: risk must be an object$/,
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
