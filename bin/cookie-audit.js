#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in dist/. `npm start` / `npm test` build it first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src/cli/index.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('cookie-audit: not built yet; run `npm run setup` (installs dependencies, builds, finds a browser)\n');
  process.exit(2);
}
const { main } = await import(entry);
process.exitCode = await main(process.argv);
