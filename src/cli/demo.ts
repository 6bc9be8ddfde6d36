/** `cookie-audit demo`: serve the bundled demo shop on loopback, map its hosts there, and audit it. */
import { join } from 'node:path';
import { startFixtureServer } from '../../fixtures/server.js';
import { fixturesDir } from '../package-info.js';
import { parseMappings, type RawScanOptions } from './options.js';
import { runScan } from './scan.js';

export const DEMO_URL = 'https://demo-shop.test/';

export async function runDemo(raw: RawScanOptions): Promise<number> {
  const server = await startFixtureServer();
  try {
    process.stderr.write(`Demo: serving the demo shop on 127.0.0.1:${server.port} as ${DEMO_URL} (with its third parties), auditing it against fixtures/manifests/demo-shop.yaml\n`);
    // The demo exists to show findings: unless asked otherwise, findings do not fail it.
    const failOn = process.argv.some((a) => a === '--fail-on' || a.startsWith('--fail-on=')) ? raw.failOn : 'never';
    return await runScan([DEMO_URL], { ...raw, failOn }, {
      extraMappings: parseMappings(server.resolve),
      ignoreHttpsErrors: true,
      policyFile: raw.policy ?? join(fixturesDir, 'manifests', 'demo-shop.yaml'),
    });
  } finally {
    await server.close();
  }
}
