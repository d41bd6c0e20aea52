import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHUTDOWN_DEADLINE_MS } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { DEPLOYABLES, REPO_ROOT } from '../src/config/variables-read';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const dirsIn = (parent: string) =>
  readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);

/** Runs on a developer's machine only (npm start without tokens): never an image or a service. */
const NEVER_DEPLOYED = ['services/playground', 'libs/local-bot-api'];
const deployed = (parent: string) => dirsIn(parent).filter((dir) => !NEVER_DEPLOYED.includes(dir));

describe('the deployment files', () => {
  it("copy every library's and service's manifest into the image's dependency stage", () => {
    const dockerfile = read('infra/Dockerfile');
    const workspaces = ['infra', ...dirsIn('libs'), ...dirsIn('services')];
    const missing = workspaces.filter(
      (dir) => !dockerfile.includes(`COPY ${dir}/package.json ${dir}/`),
    );
    // Each needs `COPY <dir>/package.json <dir>/` in infra/Dockerfile's manifests stage.
    expect(missing).toEqual([]);
  });

  it('build an image for every deployable the bot catalogue makes, and only those', () => {
    // Both SERVICE checks in infra/Dockerfile list the deployables (BOT_CATALOGUE, the gateway,
    // the dashboard); a new bot needs its name there.
    const lists = [...read('infra/Dockerfile').matchAll(/^\s+([a-z|]+)\) ;; \\$/gm)].map((m) =>
      (m[1] ?? '').split('|').sort(),
    );
    expect(lists).toHaveLength(2);
    for (const list of lists) expect(list).toEqual([...DEPLOYABLES].sort());
  });

  it('keep the playground and its Bot API out of every image: their manifests only', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const dir of NEVER_DEPLOYED) {
      expect(ignored).toContain(`${dir}/*`);
      expect(ignored).toContain(`!${dir}/package.json`);
    }
    expect(read('infra/Dockerfile')).not.toMatch(/SERVICE.*playground/);
  });

  it('build on Node 22 by default', () => {
    expect(read('infra/Dockerfile')).toMatch(/^ARG NODE_IMAGE=node:22\.\d+\.\d+-bookworm-slim$/m);
  });

  it("give every Railway service longer to drain than a service's own shutdown deadline", () => {
    for (const dir of deployed('services')) {
      const config = JSON.parse(read(`${dir}/railway.json`)) as {
        deploy: { drainingSeconds?: number };
      };
      expect(config.deploy.drainingSeconds ?? 0, dir).toBeGreaterThan(SHUTDOWN_DEADLINE_MS / 1000);
    }
  });
});
