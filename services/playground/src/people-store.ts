import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalPerson } from '@psycheos/local-bot-api';

/** A label for the page only: the bots decide who is who (ADMIN_IDS, invitations, links). */
export type PersonRole = 'admin' | 'specialist' | 'client';

export interface PlaygroundPerson {
  /** The Telegram user id the bots see. */
  id: number;
  firstName: string;
  role: PersonRole;
}

/** The people a fresh playground starts with, so the first steps need no setup. */
const SPECIALIST_ID = 700_000_002;
const CLIENT_ID = 700_000_003;
/** People added on the page get ids from here up, clear of the defaults. */
const FIRST_ADDED_ID = 700_000_100;

export const PEOPLE_FILE = 'people.json';

interface PeopleFile {
  added: PlaygroundPerson[];
}

/**
 * Who the developer can be on the page: the default people (the admin, a specialist, a
 * client) and the ones added with «+ Человек», which are kept in <dataDir>/people.json so
 * they survive a restart. The defaults are never stored: they follow PLAYGROUND_ADMIN_ID.
 */
export class PeopleStore {
  readonly #file: string;
  readonly #defaults: PlaygroundPerson[];
  #added: PlaygroundPerson[];
  /** Writes run one after another, so a quick second «+ Человек» cannot lose the first. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string, defaults: PlaygroundPerson[], added: PlaygroundPerson[]) {
    this.#file = file;
    this.#defaults = defaults;
    this.#added = added;
  }

  static async open(dataDir: string, adminId: number): Promise<PeopleStore> {
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, PEOPLE_FILE);
    const defaults = defaultPeople(adminId);
    const taken = new Set(defaults.map((person) => person.id));
    const added = (await readAdded(file)).filter((person) => !taken.has(person.id));
    return new PeopleStore(file, defaults, added);
  }

  list(): PlaygroundPerson[] {
    return [...this.#defaults, ...this.#added];
  }

  find(id: number): PlaygroundPerson | undefined {
    return this.list().find((person) => person.id === id);
  }

  async add(firstName: string, role: Exclude<PersonRole, 'admin'>): Promise<PlaygroundPerson> {
    const ids = this.list().map((person) => person.id);
    let id = Math.max(FIRST_ADDED_ID - 1, ...ids.filter((taken) => taken < 800_000_000)) + 1;
    while (ids.includes(id)) id++;
    const person: PlaygroundPerson = { id, firstName: firstName.trim(), role };
    this.#added = [...this.#added, person];
    await this.#save();
    return person;
  }

  /** «Начать заново»: only the default people stay. */
  async reset(): Promise<void> {
    this.#added = [];
    await this.#save();
  }

  #save(): Promise<void> {
    const content: PeopleFile = { added: this.#added };
    const write = async () => {
      // Written aside and renamed, so a crash mid-write never leaves half a file.
      const temporary = `${this.#file}.tmp`;
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
      await rename(temporary, this.#file);
    };
    this.#writing = this.#writing.then(write, write);
    return this.#writing;
  }
}

/** A person as the bots get them in updates: Russian, as the bots' users are. */
export function asTelegramUser(person: PlaygroundPerson): LocalPerson {
  return { id: person.id, firstName: person.firstName, languageCode: 'ru' };
}

function defaultPeople(adminId: number): PlaygroundPerson[] {
  // The admin's id comes from the launcher; the others step aside if it happens to be theirs.
  const [specialistId, clientId] = [SPECIALIST_ID, CLIENT_ID].map((id) =>
    id === adminId ? id + 10 : id,
  ) as [number, number];
  return [
    { id: adminId, firstName: 'Админ', role: 'admin' },
    { id: specialistId, firstName: 'Мария', role: 'specialist' },
    { id: clientId, firstName: 'Иван', role: 'client' },
  ];
}

async function readAdded(file: string): Promise<PlaygroundPerson[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<PeopleFile>;
    if (!Array.isArray(parsed.added) || !parsed.added.every(isPerson)) throw new Error();
    return parsed.added;
  } catch {
    throw new Error(`${file} is not what the playground wrote: delete it to start afresh`);
  }
}

function isPerson(value: unknown): value is PlaygroundPerson {
  const person = value as PlaygroundPerson;
  return (
    typeof person === 'object' &&
    person !== null &&
    Number.isSafeInteger(person.id) &&
    person.id > 0 &&
    typeof person.firstName === 'string' &&
    (person.role === 'specialist' || person.role === 'client')
  );
}
