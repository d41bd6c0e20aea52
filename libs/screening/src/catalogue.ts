import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@psycheos/platform';
import { describeProblem, type Instrument, instrumentSchema } from './instrument-schema';

/**
 * Where the instrument files are: beside this module in the source tree, and beside
 * dist/main.js in a service's build (tools/build-service.mjs copies them there), since
 * import.meta.url is the bundle's own URL once bundled.
 */
export const INSTRUMENTS_DIR = new URL('./instruments/', import.meta.url);

/** The questionnaires a deployment offers, in the order the specialist sees them. */
export class InstrumentCatalogue {
  readonly #byId: ReadonlyMap<string, Instrument>;

  constructor(readonly all: readonly Instrument[]) {
    this.#byId = new Map(all.map((instrument) => [instrument.id, instrument]));
  }

  find(id: string): Instrument | undefined {
    return this.#byId.get(id);
  }

  get(id: string): Instrument {
    const found = this.#byId.get(id);
    if (!found) throw new Error(`unknown screening instrument ${id}`);
    return found;
  }

  /** The set a specialist starts from when choosing what to send. */
  defaultSelection(): string[] {
    return this.all.filter((i) => i.selectedByDefault).map((i) => i.id);
  }

  /** Ids in the catalogue's order, unknown ones dropped, each once. */
  ordered(ids: readonly string[]): string[] {
    const wanted = new Set(ids);
    return this.all.filter((i) => wanted.has(i.id)).map((i) => i.id);
  }
}

/**
 * Reads and checks every *.json file of `dir` (one instrument each). Adding an
 * instrument is adding a file; a file that does not fit the schema stops the service
 * at start with a ConfigError naming the file and its first problem, on one line.
 */
export function loadInstruments(dir: URL | string = INSTRUMENTS_DIR): InstrumentCatalogue {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new ConfigError([`no screening instrument files in ${dir}`]);
  const problems: string[] = [];
  const instruments: Instrument[] = [];
  for (const file of files) {
    const where = `screening instrument ${file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(new URL(file, ensureDirUrl(dir)), 'utf8'));
    } catch (error) {
      problems.push(`${where} is not valid JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = instrumentSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`${where}: ${describeProblem(parsed.error)}`);
      continue;
    }
    if (`${parsed.data.id}.json` !== file) {
      problems.push(`${where}: id "${parsed.data.id}" must match the file name`);
      continue;
    }
    instruments.push(parsed.data);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  instruments.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return new InstrumentCatalogue(instruments);
}

function ensureDirUrl(dir: URL | string): URL {
  const url = typeof dir === 'string' ? pathToFileURL(dir) : dir;
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}
