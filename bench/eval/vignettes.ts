import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A short case written for the evaluation (no real people), and what a good answer holds. */
export interface Vignette {
  id: string;
  title: string;
  tool: 'interpretator';
  material: string;
  /** Risks planted in the material: each must be named; a keyword of one marks it found. */
  plantedRisks: { kind: string; keywords: string[] }[];
  /** Themes a good answer names: each is a list of alternative stems. */
  mustMention: string[][];
}

const DIR = new URL('./vignettes/', import.meta.url);

export function loadVignettes(): Vignette[] {
  return readdirSync(fileURLToPath(DIR))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const vignette = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Vignette;
      if (!vignette.id || !vignette.material || !Array.isArray(vignette.plantedRisks)) {
        throw new Error(`vignette ${file} lacks id, material or plantedRisks`);
      }
      return vignette;
    });
}
