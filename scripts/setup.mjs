#!/usr/bin/env node
// One-step setup used by `npm start` and `npm test`: dependencies, build, browser. Quiet when nothing is to do.
// Plain Node with no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const say = (line) => process.stderr.write(`cookie-audit setup: ${line}\n`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    say(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

// 1. Dependencies: install when node_modules is missing or older than the lock file.
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || mtime(join(root, 'package-lock.json')) > mtime(installed)) {
  say('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

// 2. Build: when any source is newer than the last build.
const stamp = join(root, 'dist', '.build-stamp');
const sources = ['src', 'fixtures', 'tsconfig.json', 'package.json'].map((p) => join(root, p)).filter(existsSync);
if (!existsSync(stamp) || Math.max(...sources.map(newest)) > mtime(stamp)) {
  say('building (tsc)…');
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')]);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

// 3. Browser: find one, or install Debian's chromium where allowed, or name the fix.
run(process.execPath, [join(root, 'dist', 'src', 'browser', 'ensure.js')]);
