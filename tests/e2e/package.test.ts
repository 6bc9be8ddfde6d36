/**
 * The npm package as a user gets it: `npm pack` on this repository (its prepack step builds), the tarball
 * installed with npm into an empty folder, and the installed `cookie-audit` run from there with nothing of
 * this repository on PATH or NODE_PATH: `--version`, `demo`, and a `scan` of a fixture site that is not
 * in the package. One pack and one install per run (slow: npm fetches the dependencies).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, readReports, ROOT, runCli, withFixtures, type CliRun, type ScanResult } from './harness.js';

const INSTALL_TIMEOUT = 600_000;
const RUN_TIMEOUT = 180_000;

interface PackedPackage {
  filename: string;
  files: { path: string }[];
}

interface PackageJson {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const repoPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

const insideRepo = (path: string): boolean => {
  const rel = relative(ROOT, resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
};

/**
 * The environment of a user's shell: no PATH entry inside this repository (vitest and npm put its
 * node_modules/.bin there), no NODE_PATH, and none of the variables `npm test` sets about this package
 * (npm_config_local_prefix would point a nested npm at the repository).
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_PATH' || key === 'INIT_CWD' || key === 'npm_command') continue;
    if (/^npm_(package|lifecycle)_/i.test(key) || /^npm_config_(local_)?prefix$/i.test(key)) continue;
    env[key] = value;
  }
  const path = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '' && !insideRepo(dir));
  env['PATH'] = [dirname(process.execPath), ...path].join(delimiter);
  return env;
}

function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env: { ...userEnv(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code: code ?? -1, stdout, stderr }));
  });
}

/** The bare package names a module imports (static, `export … from`, literal `import()`, `require.resolve`). */
function bareImports(source: string): { names: string[]; variable: boolean } {
  const names = new Set<string>();
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*[,)]/g),
    ...source.matchAll(/\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  for (const s of specifiers) {
    if (s.startsWith('.') || s.startsWith('/') || s.startsWith('node:') || builtinModules.includes(s)) continue;
    names.add(s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
  }
  return { names: [...names], variable: /\bimport\(\s*[^'"\s)]/.test(source) };
}

/** What a demo run saw per phase (cookies and storage) and found, in comparable form. */
function observed(result: ScanResult): Record<string, string[]> {
  const seen: Record<string, string[]> = { findings: result.report.findings.map(brief) };
  for (const phase of result.report.sites[0]?.evidence.phases ?? []) {
    seen[phase.phase] = [...phase.cookies.map((c) => `cookie ${c.name} ${c.domain}`), ...phase.storage.map((s) => `${s.type} ${s.key}`)].sort();
  }
  return seen;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

let work: string;
let app: string;
let installed: string;
let bin: string;
let packed: PackedPackage;
let server: FixtureServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cookie-audit-package-'));
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  // Runs the prepack build as `npm publish` would; it is a no-op when dist/ is already up to date.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', packDir], ROOT);
  expect(pack.code, `npm pack failed:\n${pack.stderr}`).toBe(0);
  packed = (JSON.parse(pack.stdout) as PackedPackage[])[0]!;

  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'cookie-audit-package-test', private: true }, null, 2)}\n`);
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(packDir, packed.filename)], app);
  expect(install.code, `npm install of the tarball failed:\n${install.stderr}`).toBe(0);
  installed = join(app, 'node_modules', 'cookie-audit');
  bin = join(app, 'node_modules', '.bin', 'cookie-audit');
  server = await withFixtures();
}, INSTALL_TIMEOUT);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the built code, its licence, rules/, and the demo shop with its third parties and manifest', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/cookie-audit.js',
        'dist/src/cli/index.js',
        'dist/src/cli/demo.js',
        'dist/fixtures/server.js',
        'dist/rules/rule-defaults.json',
        'rules/known-cookies.json',
        'rules/trackers.json',
        'rules/report.schema.json',
        'fixtures/manifests/demo-shop.yaml',
        'fixtures/sites/demo-shop.test/index.html',
        'fixtures/sites/demo-shop.test/_routes.json',
      ]),
    );
  });

  it('leaves out the sources, the tests, the test fixtures and source maps', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('tests/') || p.startsWith('scripts/') || p.startsWith('bench/'))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map') || p.endsWith('.ts'))).toEqual([]);
    const sites = [...new Set(paths.filter((p) => p.startsWith('fixtures/sites/')).map((p) => p.split('/')[2]))].sort();
    expect(sites).toEqual(['connect.facebook.net', 'demo-shop.test', 'static.hotjar.com', 'www.facebook.com', 'www.google-analytics.com']);
    expect(paths.filter((p) => p.startsWith('fixtures/manifests/'))).toEqual(['fixtures/manifests/demo-shop.yaml']);
  });

  it('declares as dependencies every package its installed code imports', () => {
    const declared = { ...repoPackage.dependencies, ...repoPackage.optionalDependencies };
    const code = [join(installed, 'bin', 'cookie-audit.js'), ...filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js'))];
    const used = new Set<string>();
    const variable: string[] = [];
    for (const file of code) {
      const found = bareImports(readFileSync(file, 'utf8'));
      found.names.forEach((n) => used.add(n));
      if (found.variable) variable.push(relative(installed, file));
    }
    expect([...used].filter((name) => !(name in declared)), 'imported but not in dependencies').toEqual([]);
    // Found by the walk above: the playwright driver and the fixture server's certificate maker among them.
    expect([...used]).toEqual(expect.arrayContaining(['playwright-core', 'selfsigned', '@duckduckgo/autoconsent']));
    for (const name of used) {
      if (!(name in (repoPackage.optionalDependencies ?? {}))) expect(existsSync(join(app, 'node_modules', name, 'package.json')), `${name} installed`).toBe(true);
    }
    // A variable import() escapes the check above: the launcher's own entry, and the optional Ghostery database.
    expect(variable.sort()).toEqual(['bin/cookie-audit.js', join('dist', 'src', 'knowledge', 'ghostery.js')]);
  });
});

describe('the installed cookie-audit, run from an empty folder', () => {
  it('--version prints the package version', async () => {
    const result = await run(bin, ['--version'], app);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(repoPackage.version);
  });

  it('demo serves its shop from the package, exits 0 and finds what the demo finds in the repository', async () => {
    const out = join(app, 'demo-report');
    const demo = readReports(await run(bin, ['demo', '--out', out], app, { NO_COLOR: '1', COOKIE_AUDIT_DB: '' }), out);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.report.sites[0]?.policyFile).toBe(join(installed, 'fixtures', 'manifests', 'demo-shop.yaml'));
    expect(`${demo.stdout}${demo.stderr}`).not.toContain(ROOT);
    expect(demo.report.findings.map(brief)).toContain('cookie-after-reject reject _ga');

    // The same demo from this checkout, where every fixture site is served: a third-party host missing from
    // the package would leave its script or pixel unanswered, and a cookie or a finding would differ.
    const repoOut = join(work, 'repo-demo');
    const repo: ScanResult = readReports(await runCli(['demo', '--out', repoOut]), repoOut);
    expect(observed(demo)).toEqual(observed(repo));
    expect(observed(demo).accept).toContain('cookie fr .facebook.com');
  }, RUN_TIMEOUT);

  it('scan audits a site served elsewhere, mapped with --resolve, against the user\'s own manifest', async () => {
    const policy = join(app, 'orion-crm.yaml');
    copyFileSync(manifest('orion-crm.yaml'), policy);
    const out = join(app, 'scan-report');
    const args = ['scan', 'https://app.orion-crm.test/', ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors', '--policy', policy, '--out', out];
    const scan = readReports(await run(bin, args, app, { NO_COLOR: '1', COOKIE_AUDIT_DB: '' }), out);
    expect(scan.code, scan.stderr).toBe(1);
    expect(scan.report.findings.map(brief)).toContain('cookie-after-reject reject _orion_metrics');
    expect(`${scan.stdout}${scan.stderr}`).not.toContain(ROOT);
  }, RUN_TIMEOUT);
});
