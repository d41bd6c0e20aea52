import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFrameworks } from '../src/conceptualization/framework';

const SHIPPED = new URL('../frameworks/', import.meta.url);
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A copy of the shipped frameworks folder, with extra files written into it. */
function frameworksWith(files: Record<string, string>): URL {
  const folder = mkdtempSync(join(tmpdir(), 'frameworks-'));
  folders.push(folder);
  cpSync(SHIPPED, folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return pathToFileURL(`${folder}/`);
}

const narrative = {
  id: 'narrative',
  title: 'Нарративный подход',
  description: 'Проблема как доминирующая история.',
  sections: [{ key: 'story', title: 'Доминирующая история', contains: 'Какой рассказ о себе.' }],
};

describe('framework files', () => {
  it("ships Beck's diagram, CBT five Ps, psychodynamic and systemic, each with its sections", () => {
    const frameworks = loadFrameworks(SHIPPED);
    expect(frameworks.map((framework) => framework.id)).toEqual([
      'beck',
      'cbt',
      'psychodynamic',
      'systemic',
    ]);
    expect(frameworks[0]?.sections.map((section) => section.key)).toEqual([
      'history',
      'core_beliefs',
      'intermediate_beliefs',
      'coping',
      'situations',
      'targets',
    ]);
    // «5P» is not the Big Five («пятифакторная модель») nor Padesky's five-part model.
    expect(frameworks[1]?.title).toBe('КПТ: формулировка по факторам (5P)');
    expect(frameworks[1]?.description).toMatch(/Большая пятёрка[\s\S]*Падески/);
    expect(frameworks[1]?.sections.map((section) => section.key)).toEqual([
      'presenting',
      'predisposing',
      'precipitating',
      'perpetuating',
      'protective',
      'targets',
    ]);
  });

  it('asks the systemic and psychodynamic frameworks their own questions, the five Ps none', () => {
    const questions = Object.fromEntries(
      loadFrameworks(SHIPPED).map((framework) => [
        framework.id,
        framework.questions.map((question) => question.key),
      ]),
    );
    expect(questions).toEqual({
      beck: ['situations'],
      cbt: [],
      psychodynamic: ['relationships', 'with_therapist'],
      systemic: ['family', 'involved'],
    });
  });

  it('takes another framework from one more file', () => {
    const frameworks = loadFrameworks(
      frameworksWith({ 'narrative.json': JSON.stringify(narrative) }),
    );
    expect(frameworks.map((framework) => framework.id)).toContain('narrative');
  });

  it('refuses a broken file at start with one line naming it and the problem', () => {
    const broken = { ...narrative, sections: [{ key: 'story', title: 'История' }] };
    expect(() =>
      loadFrameworks(frameworksWith({ 'narrative.json': JSON.stringify(broken) })),
    ).toThrow(/narrative\.json: sections\[0\]\.contains must be a non-empty string$/);
    const unheaded = { ...narrative, questions: [{ key: 'story', question: 'Какой рассказ?' }] };
    expect(() =>
      loadFrameworks(frameworksWith({ 'narrative.json': JSON.stringify(unheaded) })),
    ).toThrow(/narrative\.json: questions\[0\]\.heading must be a non-empty string$/);
    expect(() => loadFrameworks(frameworksWith({ 'bad.json': '{ not json' }))).toThrow(
      /bad\.json is not valid JSON/,
    );
    expect(() =>
      loadFrameworks(
        frameworksWith({ 'z-copy.json': JSON.stringify({ ...narrative, id: 'cbt' }) }),
      ),
    ).toThrow(/z-copy\.json: id "cbt" is used by another file/);
  });
});
