#!/usr/bin/env node
// Builds dist/ with tsc when a source is newer than the last build, and says nothing otherwise. Used by setup
// (`npm start`, `npm test`) and by `npm pack` / `npm publish` (the prepack script), so a package is never
// packed without its built code, and a tree that is already built is not compiled twice.
// Plain Node with no dependencies besides the TypeScript compiler in node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Everything the build reads: the compiled sources, and rules/ (its JSON imports are copied into dist/rules). */
const SOURCES = ['src', 'fixtures', 'scripts', 'rules', 'tsconfig.json', 'package.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/**
 * Runs tsc when dist/ is missing or older than a source (always with `force`: `npm run build`, which then
 * keeps the stamp true too); returns false when the build failed.
 */
export function build(say = (line) => process.stderr.write(`cookie-audit build: ${line}\n`), { force = false } = {}) {
  const stamp = join(root, 'dist', '.build-stamp');
  const sources = SOURCES.map((p) => join(root, p)).filter(existsSync);
  if (!force && existsSync(stamp) && Math.max(...sources.map(newest)) <= mtime(stamp)) return true;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    say('the TypeScript compiler is not installed; run `npm ci` (with dev dependencies) first');
    return false;
  }
  if (!force) say('building (tsc)…');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    say(`tsc failed (exit ${result.status ?? result.signal})`);
    return false;
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return true;
}

const script = process.argv[1];
if (script && import.meta.url === pathToFileURL(realpathSync(script)).href) {
  process.exitCode = build(undefined, { force: process.argv.includes('--force') }) ? 0 : 1;
}
