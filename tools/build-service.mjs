// Builds the service in the current directory into dist/main.js: its own code and the
// @psycheos libs it imports bundled in, every npm package left as an import. The output runs
// with `node dist/main.js` next to `npm install --omit=dev` of that service alone, which brings
// the packages the service and its libs declare as dependencies.
//
// A bare import must be declared as a dependency by the package whose file imports it: the
// build fails otherwise, naming the file and the package. (Bundling an undeclared package
// silently is how graphile-worker, and TypeScript with it, once ended up in every bundle.)
//
// Data folders a bundled lib reads at run time beside its module (libs/screening's
// questionnaires) are copied next to dist/main.js, as package.json's psycheos.copyToDist
// lists them: { "<source folder>": "<folder under dist>" }.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifests = new Map();

/** The package.json nearest to a file, parsed once. */
function owningManifest(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (manifests.has(path)) return manifests.get(path);
    if (existsSync(path)) {
      const manifest = { path, ...JSON.parse(readFileSync(path, 'utf8')) };
      manifests.set(path, manifest);
      return manifest;
    }
  }
  throw new Error(`no package.json above ${file}`);
}

const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

const declaredDependencies = {
  name: 'declared-dependencies',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageName(args.path);
      if (args.path.startsWith('node:') || builtinModules.includes(name)) return { external: true };
      if (name.startsWith('@psycheos/')) return undefined; // bundled
      const manifest = owningManifest(args.importer);
      const declared = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
      if (name in declared) return { external: true };
      return {
        errors: [
          {
            text: `${relative(process.cwd(), args.importer)} imports '${name}', which ${manifest.name} does not declare in "dependencies"`,
          },
        ],
      };
    });
  },
};

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  plugins: [declaredDependencies],
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
