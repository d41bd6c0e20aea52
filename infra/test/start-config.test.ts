import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNpmStart } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Configuration mistakes that npm start catches before it starts anything. */
describe('npm start with a configuration mistake', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psycheos-start-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a short secret and one shared by two bots in one line, before starting anything', async () => {
    const shared = 'shared-by-two-bots-webhook-secret-0123456789';
    const run = runNpmStart({
      PSYCHEOS_DATA_DIR: join(dir, '.data'),
      PSYCHEOS_ENV_FILE: join(dir, 'no.env'),
      TG_TOKEN_PRO: '3000003:TOKEN',
      TG_WEBHOOK_SECRET_PRO: shared,
      TG_TOKEN_SCREEN: '3000004:TOKEN',
      TG_WEBHOOK_SECRET_SCREEN: shared,
      TG_TOKEN_SIMULATOR: '3000005:TOKEN',
      TG_WEBHOOK_SECRET_SIMULATOR: 'x',
    });
    expect(await run.exitCode).toBe(1);
    const platform = run.lines.filter((line) => line.startsWith('platform'));
    expect(platform).toHaveLength(2);
    expect(platform[1]).toMatch(/ stopped$/);
    expect(platform[0]).toMatch(/failed to start: Invalid configuration: /);
    expect(platform[0]).toContain(
      'TG_WEBHOOK_SECRET_SIMULATOR must be 32-256 characters of A-Z, a-z, 0-9, _ and -',
    );
    expect(platform[0]).toContain(
      'TG_WEBHOOK_SECRET_PRO and TG_WEBHOOK_SECRET_SCREEN are the same',
    );
    expect(platform[0]).not.toContain(shared);
    // Nothing was started: no PostgreSQL line, no service.
    expect(run.lines.join('\n')).not.toMatch(/PostgreSQL|started \(pid/);
  }, 60_000);

  it('refuses a malformed PSYCHEOS_REPLICAS in one line and exits 1, before starting anything', async () => {
    const run = runNpmStart({
      PSYCHEOS_DATA_DIR: join(dir, '.data'),
      PSYCHEOS_ENV_FILE: join(dir, 'no.env'),
      PSYCHEOS_PLAYGROUND: 'off',
      PSYCHEOS_REPLICAS: 'pro=2,screen=many',
    });
    expect(await run.exitCode).toBe(1);
    const platform = run.lines.filter((line) => line.startsWith('platform'));
    expect(platform).toEqual([
      expect.stringMatching(
        /failed to start: Invalid configuration: PSYCHEOS_REPLICAS gives screen many copies: 1 to 8$/,
      ),
      expect.stringMatching(/ stopped$/),
    ]);
    expect(run.lines.join('\n')).not.toMatch(/PostgreSQL|started \(pid/);
  }, 60_000);
});
