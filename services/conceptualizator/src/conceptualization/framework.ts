import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One section of a conceptualization: its key in the model's answer, its title, what it holds. */
export interface FrameworkSection {
  key: string;
  title: string;
  /** What the section should contain: told to the model, so each section means the same every time. */
  contains: string;
}

/**
 * A theoretical framework the specialist can pick (CBT five Ps, psychodynamic, systemic):
 * a data file in `frameworks/`, so a fourth framework is one more file.
 */
export interface Framework {
  /** Short and stable: it goes into button data and is saved with every result. */
  id: string;
  title: string;
  /** What the framework is, told to the model. */
  description: string;
  sections: FrameworkSection[];
}

const ID = /^[a-z][a-z0-9_]{0,23}$/;
const MAX_SECTIONS = 12;

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

/** The problem with a framework file, said so that its author can fix it, or null. */
function problemWith(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return 'expected a JSON object';
  const framework = data as Record<string, unknown>;
  if (typeof framework.id !== 'string' || !ID.test(framework.id))
    return `"id" must match ${ID} (it goes into Telegram button data)`;
  if (!isText(framework.title)) return '"title" must be a non-empty string';
  if (!isText(framework.description)) return '"description" must be a non-empty string';
  const sections = framework.sections;
  if (!Array.isArray(sections) || sections.length === 0 || sections.length > MAX_SECTIONS)
    return `"sections" must be a list of 1 to ${MAX_SECTIONS} sections`;
  const keys = new Set<string>();
  for (const [index, section] of sections.entries()) {
    const where = `sections[${index}]`;
    if (typeof section !== 'object' || section === null) return `${where} must be an object`;
    const { key, title, contains } = section as Record<string, unknown>;
    if (typeof key !== 'string' || !ID.test(key)) return `${where}.key must match ${ID}`;
    if (keys.has(key)) return `${where}.key "${key}" is used twice`;
    keys.add(key);
    if (!isText(title)) return `${where}.title must be a non-empty string`;
    if (!isText(contains)) return `${where}.contains must be a non-empty string`;
  }
  return null;
}

/**
 * Every framework file of the folder (`*.json`), checked once at start: a broken or
 * duplicated one stops the service with one line naming the file, rather than failing
 * a specialist's request later. Sorted by file name, which is the order of the buttons.
 */
export function loadFrameworks(dir: URL): Framework[] {
  const path = fileURLToPath(dir);
  const files = readdirSync(path)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const frameworks: Framework[] = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(`${path}/${file}`, 'utf8'));
    } catch (error) {
      throw new Error(`framework ${path}/${file} is not valid JSON: ${(error as Error).message}`);
    }
    const problem = problemWith(data);
    if (problem) throw new Error(`framework ${path}/${file}: ${problem}`);
    const framework = data as Framework;
    if (frameworks.some((other) => other.id === framework.id))
      throw new Error(`framework ${path}/${file}: id "${framework.id}" is used by another file`);
    frameworks.push(framework);
  }
  if (frameworks.length === 0) throw new Error(`no framework files (*.json) in ${path}`);
  return frameworks;
}
