import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Prompt {
  /** The file's name without .md, e.g. "interpretation.v2": saved with every result. */
  version: string;
  text: string;
}

/**
 * A tool's prompts: versioned Markdown files beside its service (`prompts/<name>.v<N>.md`).
 * The highest version of each name is the one in use; an earlier one stays in the folder
 * (and in git) so a saved result's prompt can always be read again. Read once at start:
 * a missing prompt stops the service with one line rather than failing a job later.
 */
export function loadPrompts<Name extends string>(
  dir: URL,
  names: readonly Name[],
): Record<Name, Prompt> {
  const path = fileURLToPath(dir);
  const files = readdirSync(path);
  const prompts = {} as Record<Name, Prompt>;
  for (const name of names) {
    const versions = files
      .map((file) => new RegExp(`^${name}\\.v(\\d+)\\.md$`).exec(file))
      .filter((match): match is RegExpExecArray => match !== null)
      .sort((a, b) => Number(b[1]) - Number(a[1]));
    const latest = versions[0];
    if (!latest) throw new Error(`prompt "${name}" not found in ${path} (expected ${name}.v1.md)`);
    prompts[name] = {
      version: latest[0].replace(/\.md$/, ''),
      text: readFileSync(`${path}/${latest[0]}`, 'utf8').trim(),
    };
  }
  return prompts;
}
