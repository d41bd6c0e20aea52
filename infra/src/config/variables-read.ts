import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServiceConfig } from '@psycheos/bot-runtime';
import { BOT_IDS, type BotId, type Env, loadGatewayConfig } from '@psycheos/platform';
import { loadWebappConfig } from '@psycheos/webapp/config';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface VariableUse {
  name: string;
  /** The process refuses to start without it. */
  required: boolean;
}

/** A process of the platform: the gateway, one bot's service, or the dashboard. */
export type Deployable = 'gateway' | 'webapp' | BotId;
export const DEPLOYABLES: readonly Deployable[] = ['gateway', ...BOT_IDS, 'webapp'];

/**
 * The variables a deployable reads, found from the code rather than kept by hand, so the
 * compose files, the README's table and the code cannot drift apart:
 *
 * - its configuration loader (loadGatewayConfig, loadServiceConfig, loadWebappConfig) is run against an
 *   environment that records every name asked for and answers each one with a URL, so
 *   every branch that turns on a URL is taken; a variable is required when leaving it out alone is reported as missing;
 * - any EnvReader call or process.env read in the service's own src/ and in the src/ of
 *   the @psycheos libraries it depends on counts as an optional variable; the libraries whose
 *   reads go through the loaders above (LOADER_LIBS), and those only tests run, are skipped.
 */
export function variablesOf(deployable: Deployable): VariableUse[] {
  const load =
    deployable === 'gateway'
      ? (env: Env) => loadGatewayConfig(env)
      : deployable === 'webapp'
        ? (env: Env) => loadWebappConfig(env)
        : (env: Env) => loadServiceConfig(deployable, env);
  const found = new Map(variablesReadBy(load).map((use) => [use.name, use]));
  const serviceDir = join(REPO_ROOT, 'services', deployable);
  for (const dir of [join(serviceDir, 'src'), ...libraryDirsOf(serviceDir)]) {
    for (const name of variablesInSource(dir)) {
      if (!found.has(name)) found.set(name, { name, required: false });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** What `load` reads from its environment (see variablesOf). `load` may be async. */
export function variablesReadBy(load: (env: Env) => unknown): VariableUse[] {
  const names = new Set<string>();
  run(
    load,
    answering((name) => names.add(name)),
  );
  return [...names].map((name) => ({
    name,
    required: (
      run(
        load,
        answering(() => {}, name),
      ) ?? ''
    ).includes(`${name} is required`),
  }));
}

/**
 * The answer to every variable: a URL, because the branches of the loaders turn on URLs
 * (SERVICE_URL_<BOT> routes a bot); other parsers refuse it, which only adds problems.
 */
const PLACEHOLDER = 'http://placeholder.invalid';

/** Every variable answered with a placeholder, except `missing`; `seen` hears each name asked. */
function answering(seen: (name: string) => void, missing?: string): Env {
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string') return undefined;
        seen(key);
        return key === missing ? undefined : PLACEHOLDER;
      },
    },
  );
}

/** Runs a loader, returning its configuration error's message (placeholders fail to parse). */
function run(load: (env: Env) => unknown, env: Env): string | undefined {
  try {
    const result = load(env);
    // An async loader reads its environment before its first await; its failure is not ours.
    if (result instanceof Promise) result.catch(() => {});
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const READS = [
  /\.(?:required|optional|isSet)\(\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
  /process\.env\.([A-Z][A-Z0-9_]*)/g,
  /\benv\.([A-Z][A-Z0-9_]{2,})\b/g,
  /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
];

/** Variable names read in the TypeScript under `dir` (test kits under testing/ left out). */
export function variablesInSource(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.ts') || /[/\\]testing[/\\]/.test(path)) continue;
    const source = readFileSync(path, 'utf8');
    for (const pattern of READS) {
      for (const match of source.matchAll(pattern)) if (match[1]) names.add(match[1]);
    }
  }
  return [...names].sort();
}

/** Libraries whose variables the loaders read, or that no deployable runs (tests, npm start). */
const LOADER_LIBS = new Set([
  'platform',
  'db',
  'migrations',
  'events',
  'bot-runtime',
  'billing',
  'testkit',
  'local-nats',
  'local-postgres',
  'local-bot-api',
]);

/** src/ of every @psycheos library a package depends on, except LOADER_LIBS, transitively. */
function libraryDirsOf(packageDir: string, seen = new Set<string>()): string[] {
  const manifest = join(packageDir, 'package.json');
  if (!existsSync(manifest)) return [];
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const dirs: string[] = [];
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const lib = /^@psycheos\/(.+)$/.exec(name)?.[1];
    if (!lib || LOADER_LIBS.has(lib) || seen.has(lib)) continue;
    seen.add(lib);
    const libDir = join(REPO_ROOT, 'libs', lib);
    dirs.push(join(libDir, 'src'), ...libraryDirsOf(libDir, seen));
  }
  return dirs;
}
