/**
 * Every test file removes the temporary folders it made: each `cookie-audit-*` folder created in this test
 * process with fs.mkdtemp(Sync) is removed once the file's tests are done (vitest setupFiles run per test
 * file, in that file's own process). Folders the CLI makes in its own processes are its own to clean up.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
const ours = (prefix: unknown) => typeof prefix === 'string' && basename(prefix).startsWith('cookie-audit-');

const mkdtempSync = fs.mkdtempSync;
fs.mkdtempSync = ((prefix: string, options?: fs.EncodingOption) => {
  const dir = mkdtempSync(prefix, options);
  if (ours(prefix)) made.push(String(dir));
  return dir;
}) as typeof fs.mkdtempSync;
const mkdtemp = fs.promises.mkdtemp;
fs.promises.mkdtemp = (async (prefix: string, options?: fs.EncodingOption) => {
  const dir = await mkdtemp(prefix, options);
  if (ours(prefix)) made.push(String(dir));
  return dir;
}) as typeof fs.promises.mkdtemp;
// Named imports (`import { mkdtempSync } from 'node:fs'`) see the wrappers too.
syncBuiltinESMExports();

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
