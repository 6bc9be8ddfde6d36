/**
 * cookie-audit command line. Commands are loaded only when they run; errors come back as CliError
 * and become one line and an exit code here, so reports already written are never lost to a crash.
 */
import { Command, CommanderError, Option } from 'commander';
import { toolVersion } from '../package-info.js';
import { CliError, EXIT } from './errors.js';
import { collect, type RawScanOptions } from './options.js';

function addScanOptions(command: Command): Command {
  return command
    .option('--policy <file>', 'policy manifest (YAML or JSON) to audit against')
    .option('--out <dir>', 'folder for report files', 'reports')
    .option('--format <list>', 'report formats: console,json,junit', 'console,json,junit')
    .option('--phases <list>', 'consent phases to run: pre,reject,accept,gpc (default pre,reject,accept; gpc too when the manifest says honorsGpc)')
    .option('--resolve <host=ip>', 'map a host (or *.domain glob) to an address[:port] for this scan; repeatable', collect, [])
    .option('--ignore-https-errors', 'accept invalid or self-signed certificates')
    .option('--browser <path>', 'Chromium/Chrome executable (else COOKIE_AUDIT_BROWSER, Playwright\'s Chromium, or a system one)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'never']).default('error'))
    .option('--timeout <ms>', 'per-page navigation timeout in milliseconds', '30000')
    .option('--include-values', 'write cookie and storage values into reports (they are secrets: hashed by default)')
    .option('--block-third-party-cookies', 'emulate a browser that blocks third-party cookies')
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
    if (urls.length === 0) {
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
    .command('validate')
    .description('check a policy manifest against the schema; every error as file:line: path: message')
    .argument('<policy-file>', 'manifest to check')
    .action(async (file: string) => {
      const { runValidate } = await import('./validate.js');
      process.exitCode = await runValidate(file);
    });

  return program;
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
