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
 * A question only this framework needs (family composition for the systemic one), asked
 * after the common intake once the framework is picked: the common intake stays one for
 * every framework, so «🔄 Другой подход» asks only what the new one adds.
 */
export interface FrameworkQuestion {
  key: string;
  /** What the specialist is asked. */
  question: string;
  /** What the model reads the answer under. */
  heading: string;
}

/**
 * A theoretical framework the specialist can pick (CBT five Ps, Beck's diagram,
 * psychodynamic, systemic): a data file in `frameworks/`, so another framework is one
 * more file.
 */
export interface Framework {
  /** Short and stable: it goes into button data and is saved with every result. */
  id: string;
  title: string;
  /** What the framework is, told to the model. */
  description: string;
  sections: FrameworkSection[];
  /** Asked after the common intake; none when the common one is enough. */
  questions: FrameworkQuestion[];
}

const ID = /^[a-z][a-z0-9_]{0,23}$/;
const MAX_SECTIONS = 12;
const MAX_QUESTIONS = 3;

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
  return problemWithQuestions(framework.questions);
}

/** The optional questions: each with a key of its own, a question and the model's heading. */
function problemWithQuestions(questions: unknown): string | null {
  if (questions === undefined) return null;
  if (!Array.isArray(questions) || questions.length > MAX_QUESTIONS)
    return `"questions" must be a list of at most ${MAX_QUESTIONS} questions`;
  const keys = new Set<string>();
  for (const [index, entry] of questions.entries()) {
    const where = `questions[${index}]`;
    if (typeof entry !== 'object' || entry === null) return `${where} must be an object`;
    const { key, question, heading } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || !ID.test(key)) return `${where}.key must match ${ID}`;
    if (keys.has(key)) return `${where}.key "${key}" is used twice`;
    keys.add(key);
    if (!isText(question)) return `${where}.question must be a non-empty string`;
    if (!isText(heading)) return `${where}.heading must be a non-empty string`;
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
    const framework = { questions: [], ...(data as Omit<Framework, 'questions'>) } as Framework;
    if (frameworks.some((other) => other.id === framework.id))
      throw new Error(`framework ${path}/${file}: id "${framework.id}" is used by another file`);
    frameworks.push(framework);
  }
  if (frameworks.length === 0) throw new Error(`no framework files (*.json) in ${path}`);
  return frameworks;
}
