// Builds the service in the current directory into dist/main.js: its own code and
// @psycheos/shared bundled in, its npm dependencies left as imports. The output runs
// with `node dist/main.js` next to `npm install --omit=dev` of that service alone.
// Data folders a bundled lib reads at run time beside its module (libs/screening's
// questionnaires) are copied next to dist/main.js, as package.json's psycheos.copyToDist
// lists them: { "<source folder>": "<folder under dist>" }.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: Object.keys(pkg.dependencies ?? {}),
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

for (const [from, to] of Object.entries(pkg.psycheos?.copyToDist ?? {})) {
  rmSync(`dist/${to}`, { recursive: true, force: true });
  cpSync(from, `dist/${to}`, { recursive: true });
}
