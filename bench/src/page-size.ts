import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '@psycheos/testkit';

export interface PageSize {
  file: string;
  bytes: number;
  gzipped: number;
}

/**
 * The dashboard page as a phone downloads it: each built asset, raw and gzipped (level 9,
 * as a proxy would send it). The budget is 150 KB gzipped without the chart library.
 */
export function measureDashboardPage(): PageSize[] {
  const dir = join(REPO_ROOT, 'services/webapp/dist/web');
  const files = ['index.html', ...readdirSync(join(dir, 'assets')).map((name) => `assets/${name}`)];
  return files.map((file) => {
    const content = readFileSync(join(dir, file));
    return { file, bytes: content.length, gzipped: gzipSync(content, { level: 9 }).length };
  });
}
