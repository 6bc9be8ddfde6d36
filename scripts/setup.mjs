#!/usr/bin/env node
// One-step setup used by `npm start` and `npm test`: dependencies, build, browser. Quiet when nothing is to do.
// Plain Node with no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const say = (line) => process.stderr.write(`cookie-audit setup: ${line}\n`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    say(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

// 1. Dependencies: install when node_modules is missing or older than the lock file.
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || mtime(join(root, 'package-lock.json')) > mtime(installed)) {
  say('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

// 2. Build: when any source is newer than the last build (scripts/build.mjs, also npm pack's prepack step).
if (!build(say)) process.exit(1);

// 3. Browser: find one, or install Debian's chromium where allowed, or name the fix.
run(process.execPath, [join(root, 'dist', 'src', 'browser', 'ensure.js')]);
