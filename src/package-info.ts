/** Where the package lives on disk and its version: rules/ and fixtures/ are read relative to it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from this file to the folder holding package.json; works from src/ (tests) and dist/src/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cookie-audit: cannot find its package.json');
    dir = parent;
  }
  return dir;
}

export const packageRoot = findRoot();
export const rulesDir = join(packageRoot, 'rules');
export const fixturesDir = join(packageRoot, 'fixtures');

export const toolVersion: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
