/**
 * cookie-audit command line. Commands are loaded only when they run; errors come back as CliError
 * and become one line and an exit code here, so reports already written are never lost to a crash.
 */
import { Command, CommanderError, Option } from 'commander';
import { toolVersion } from '../package-info.js';
import { addCrawlOptions } from './crawl-options.js';
import { CliError, EXIT } from './errors.js';
import type { RawMergeOptions } from './merge.js';
import type { RawExplainOptions } from './explain.js';
import type { RawInitOptions } from './init.js';
import type { RawImportOptions } from './import.js';
import { collect, type RawScanOptions } from './options.js';
import { addReportCommands } from './report-commands.js';

/** How the browser visits a site: options scan and init share. */
function addVisitOptions(command: Command): Command {
  return command
    .option('--resolve <host=ip>', 'map a host (or *.domain glob) to an address[:port] for this scan; repeatable', collect, [])
    .option('--ignore-https-errors', 'accept invalid or self-signed certificates')
    .option('--timeout <ms>', 'per-page navigation timeout in milliseconds', '30000')
    .option('--consent-wait <ms>', 'the longest to wait for a cookie banner once the start page is quiet, in milliseconds (default 5000; a site where none was seen before consent is not waited for)')
    .option('--block-third-party-cookies', 'emulate a browser that blocks third-party cookies')
    .option('--locale <tag>', 'language of the visitor the browser presents (navigator.language, Accept-Language)', 'en-US')
    .option('--timezone <zone>', 'IANA time zone of the visitor, e.g. Europe/Berlin (default: this machine\'s)')
    .option('--user-agent <text>', 'user agent string (default: this Chromium\'s, without "Headless")')
    .option('--device <name>', 'visit as a phone or tablet Playwright knows, e.g. "iPhone 13" or "Pixel 7" (viewport, touch, mobile layout, its user agent)');
}

function addScanOptions(command: Command): Command {
  return addVisitOptions(addCrawlOptions(command))
    .option('--policy <file>', 'policy manifest (YAML or JSON) to audit against')
    .option('--policy-url <url>', 'audit against the site\'s published cookie policy page, read into a draft manifest (saved as published-policy.yaml in --out)')
    .option('--baseline <report.json>', 'an earlier report.json: its findings are reported as known and do not fail the run; new ones do')
    .option('--out <dir>', 'folder for report files', 'reports')
    .option('--resume <dir>', 'finish the run whose folder this is: keep the sites its sites.ndjson holds, scan the rest (a folder without one starts the run)')
    .option('--format <list>', 'report formats: console,json,junit,html,sarif,md', 'console,json,junit')
    .option('--phases <list>', 'consent phases to run: pre,reject,accept,gpc (default pre,reject,accept; gpc too when the manifest says honorsGpc)')
    .option('--browser <path>', 'Chromium/Chrome executable (else COOKIE_AUDIT_BROWSER, Playwright\'s Chromium, or a system one)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'never']).default('error'))
    .option('--stall-timeout <ms>', 'a site on which no page finished for this long has a hung browser: it is ended and the site scanned again once on a fresh one (default 300000, or four --timeout if longer)')
    .option('--include-values', 'write cookie and storage values into reports (they are secrets: hashed by default)')
    .option('--proxy <url>', 'send every request of the browser through this proxy: http://, https:// or socks5://host:port (credentials only from COOKIE_AUDIT_PROXY_USER / COOKIE_AUDIT_PROXY_PASSWORD)')
    .option('--region <label>', 'where the visitor comes from (e.g. the proxy\'s country), recorded in report.json for comparing runs with `diff`')
    .option('--evidence', 'write each phase\'s traffic as HAR 1.2 beside the reports (<site>-<phase>.har; cookie values hashed unless --include-values, credentials removed)')
    .option('--evidence-bodies', 'with --evidence: keep response bodies in the HAR files')
    .option('--timestamp <tsa-url>', 'have SHA256SUMS time-stamped by this RFC 3161 time-stamping authority (stored as SHA256SUMS.tsr; `verify` checks it)')
    .option('--trackers <database>', 'tracker database: builtin (default) or ghostery (optional package @ghostery/trackerdb, CC-BY-NC-SA-4.0)')
    .option('--cookie-db <file>', 'local known-cookie database written by `db import` (default: $COOKIE_AUDIT_DB or ~/.cookie-audit/cookies.json, if it exists)')
    .option('--no-color', 'no colours in console output');
}

export function buildProgram(): Command {
  const program = new Command('cookie-audit')
    .description('Audit a website\'s cookies against its own cookie policy, before consent, after reject-all and after accept-all.')
    .version(toolVersion)
    .option('--debug', 'show stack traces for unexpected errors')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  addScanOptions(
    program
      .command('scan')
      .description('scan one or more sites (URLs of one origin are pages of one site); with no URL, audit the bundled demo site')
      .argument('[url...]', 'start URLs'),
  ).action(async (urls: string[], options: RawScanOptions) => {
    if (urls.length === 0 && options.urls === undefined) {
      const { runDemo } = await import('./demo.js');
      process.exitCode = await runDemo(options);
      return;
    }
    const { runScan } = await import('./scan.js');
    process.exitCode = await runScan(urls, options);
  });

  addScanOptions(program.command('demo').description('serve the bundled demo shop on loopback and audit it')).action(
    async (options: RawScanOptions) => {
      const { runDemo } = await import('./demo.js');
      process.exitCode = await runDemo(options);
    },
  );

  program
    .command('merge')
    .description('join the report.json files of --shard jobs (or of runs over different sites) into one set of reports')
    .argument('<report...>', 'report.json files (shard-*/report.json), or the folders of --urls runs (shard-*/: their sites.ndjson)')
    .option('--out <dir>', 'folder for the merged report files', 'reports')
    .option('--format <list>', 'report formats, as for scan', 'console,json,junit')
    .option('--no-color', 'no colours in console output')
    .action(async (files: string[], options: RawMergeOptions) => {
      const { runMerge } = await import('./merge.js');
      process.exitCode = await runMerge(files, options);
    });

  program
    .command('validate')
    .description('check a policy manifest against the schema; every error as file:line: path: message')
    .argument('<policy-file>', 'manifest to check')
    .action(async (file: string) => {
      const { runValidate } = await import('./validate.js');
      process.exitCode = await runValidate(file);
    });

  program
    .command('import')
    .description('audit evidence recorded elsewhere: a HAR (Chrome, Firefox, Playwright, scan --evidence) or the output folder of the EDPS Website Evidence Collector; same rules, same reports')
    .argument('<source>', 'a .har file, or a website-evidence-collector output folder (inspection.json, requests.har)')
    .option('--policy <file>', 'policy manifest (YAML or JSON) to audit against')
    .addOption(new Option('--phase <phase>', 'the consent phase the record shows').choices(['pre', 'reject', 'accept', 'gpc']).default('pre'))
    .option('--out <dir>', 'folder for report files', 'reports')
    .option('--format <list>', 'report formats: console,json,junit,html,sarif,md', 'console,json,junit')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'never']).default('error'))
    .option('--baseline <report.json>', 'an earlier report.json: its findings are reported as known and do not fail the run')
    .option('--include-values', 'write cookie and storage values into reports (they are secrets: hashed by default)')
    .option('--timestamp <tsa-url>', 'have SHA256SUMS time-stamped by this RFC 3161 time-stamping authority')
    .option('--trackers <database>', 'tracker database: builtin (default) or ghostery')
    .option('--cookie-db <file>', 'local known-cookie database (default: $COOKIE_AUDIT_DB or ~/.cookie-audit/cookies.json)')
    .option('--no-color', 'no colours in console output')
    .action(async (source: string, options: RawImportOptions) => {
      const { runImport } = await import('./import.js');
      process.exitCode = await runImport(source, options);
    });

  program
    .command('verify')
    .description('check that the files of a run are as it wrote them: SHA256SUMS (and SHA256SUMS.tsr, its time stamp); exit 1 naming each file changed, missing or added')
    .argument('<dir>', 'the --out folder of a scan or import')
    .action(async (dir: string) => {
      const { runVerify } = await import('./verify.js');
      process.exitCode = await runVerify(dir);
    });

  addKnowledgeCommands(program);
  addReportCommands(program);

  return program;
}

/** init, explain and db: the commands built on the known-cookie and tracker databases (src/knowledge/). */
function addKnowledgeCommands(program: Command): void {
  const trackers = ['--trackers <database>', 'tracker database: builtin (default) or ghostery (optional package @ghostery/trackerdb, CC-BY-NC-SA-4.0)'] as const;
  const cookieDb = ['--cookie-db <file>', 'local known-cookie database (default: $COOKIE_AUDIT_DB or ~/.cookie-audit/cookies.json)'] as const;

  addVisitOptions(
    program
      .command('init')
      .description('scan a site in every phase and write a draft policy manifest of everything observed (guesses marked in comments)')
      .argument('<url...>', 'start URL (more pages of the same site may follow)')
      .option('-o, --output <file>', 'write the draft here (default: stdout)')
      .option('--force', 'overwrite the --output file if it exists')
      .option('--accept <selector>', 'CSS selector that accepts all cookies on the banner; repeat for a click sequence', collect, [])
      .option('--reject <selector>', 'CSS selector that rejects all optional cookies; repeat for a click sequence', collect, []),
  )
    .option('--phases <list>', 'consent phases to run: pre,reject,accept,gpc (default pre,reject,accept)')
    .option('--browser <path>', 'Chromium/Chrome executable')
    .option(...trackers)
    .option(...cookieDb)
    .action(async (urls: string[], options: RawInitOptions) => {
      const { runInit } = await import('./init.js');
      process.exitCode = await runInit(urls, options);
    });

  program
    .command('explain')
    .description('what the known-cookie and tracker databases know about a cookie name (and, with --domain, a host)')
    .argument('<cookie-name>', 'cookie name or storage key, e.g. _ga or _hjSessionUser_123')
    .option('--domain <host>', 'the cookie\'s domain or a request host: applies domain-restricted entries and shows tracker facts')
    .option('--json', 'print JSON instead of text')
    .option(...trackers)
    .option(...cookieDb)
    .action(async (name: string, options: RawExplainOptions) => {
      const { runExplain } = await import('./explain.js');
      process.exitCode = await runExplain(name, options);
    });

  const db = program.command('db').description('manage the local known-cookie database');
  db.command('import')
    .description('merge the Open Cookie Database CSV (github.com/jkwakman/Open-Cookie-Database) into the local database')
    .argument('<csv>', 'open-cookie-database.csv')
    .option(...cookieDb)
    .action(async (file: string, options: { cookieDb?: string }) => {
      const { runDbImport } = await import('./db.js');
      process.exitCode = await runDbImport(file, options);
    });
  db.command('update')
    .description('download the Open Cookie Database (Apache-2.0) from where it is published and install it as the local database')
    .option('--from <url|file>', 'a mirror URL or a saved open-cookie-database.csv (default: the raw CSV in github.com/jkwakman/Open-Cookie-Database)')
    .option(...cookieDb)
    .action(async (options: { from?: string; cookieDb?: string }) => {
      const { runDbUpdate } = await import('./db.js');
      process.exitCode = await runDbUpdate(options);
    });
  db.command('status')
    .description('what the known-cookie databases hold, where the local one came from and how old it is')
    .option(...cookieDb)
    .action(async (options: { cookieDb?: string }) => {
      const { runDbStatus } = await import('./db.js');
      process.exitCode = await runDbStatus(options);
    });
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help/version text).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`cookie-audit: ${error.message}\n`);
      for (const line of error.details) process.stderr.write(`${line}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cookie-audit: unexpected error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.unscannable;
  }
}
