// npm run k8s:render: writes infra/kubernetes/*.yaml from the code, as compose:render does for compose.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../config/variables-read';
import { renderManifestFiles } from './manifest-files';

const folder = join(REPO_ROOT, 'infra', 'kubernetes');
mkdirSync(folder, { recursive: true });
const files = renderManifestFiles();
// A file the code no longer renders (a deployable removed) goes too.
for (const name of readdirSync(folder)) {
  if (name.endsWith('.yaml') && !files.has(name)) rmSync(join(folder, name));
}
for (const [name, text] of files) {
  writeFileSync(join(folder, name), text);
  console.log(`wrote infra/kubernetes/${name}`);
}
