import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@psycheos/platform';
import { checkPersona, isConditionalBelief, type Persona } from './persona-schema';

export interface LibraryPersona {
  /** The file's name without .json: the persona's id in buttons. */
  id: string;
  persona: Persona;
}

/** Ids travel in callback data (64 bytes in all), so they stay short and plain. */
const PERSONA_FILE = /^([a-z0-9-]{1,32})\.json$/;

/**
 * The persona library: every `*.json` file of the folder, checked against the persona's
 * schema once at start. A broken file stops the service with one line (a ConfigError) that
 * names the file and the field, rather than a persona failing in the middle of a role-play.
 * The library's core beliefs must also read as absolute beliefs, as the diagram has them.
 */
export function loadPersonas(dir: URL): LibraryPersona[] {
  const path = fileURLToPath(dir);
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (error) {
    throw new ConfigError([`cannot read the persona library ${path}: ${(error as Error).message}`]);
  }
  const files = names.filter((file) => file.endsWith('.json')).sort();
  const personas = files.map((file) => {
    const id = PERSONA_FILE.exec(file)?.[1];
    if (!id)
      throw new ConfigError([`persona file ${file}: name it <id>.json, id of a-z, 0-9 and -`]);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(`${path}/${file}`, 'utf8'));
    } catch (error) {
      throw new ConfigError([`persona file ${file}: not valid JSON (${(error as Error).message})`]);
    }
    const check = checkPersona(json);
    if (!check.ok) throw new ConfigError([`persona file ${file}: ${check.problem}`]);
    const conditional = check.persona.cognitiveModel.coreBeliefs.find(isConditionalBelief);
    if (conditional) {
      throw new ConfigError([
        `persona file ${file}: cognitive_model.core_beliefs «${conditional}» reads as a conditional assumption; write the core belief as absolute («Я нелюбимая») and the condition under intermediate_beliefs.assumptions`,
      ]);
    }
    return { id, persona: check.persona };
  });
  if (personas.length === 0) throw new ConfigError([`no persona files (*.json) in ${path}`]);
  return personas;
}
