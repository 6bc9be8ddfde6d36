/**
 * Commands about reports and published policies: `diff` (what changed between two report.json files)
 * `policy extract` (draft a manifest from a cookie policy page) and `policy render` (write the policy page a
 * manifest describes). Each loads its module only when run.
 */
import type { Command } from 'commander';
import { collect } from './options.js';
import type { RawDiffOptions } from './diff.js';
import type { RawPolicyExtractOptions, RawPolicyRenderOptions } from './policy.js';

export function addReportCommands(program: Command): void {
  program
    .command('diff')
    .description('what changed between two report.json files: cookies and storage added or removed, lifetimes changed, findings new and fixed')
    .argument('<old>', 'the earlier report.json')
    .argument('<new>', 'the later report.json')
    .option('--format <format>', 'console or md', 'console')
    .action(async (oldFile: string, newFile: string, options: RawDiffOptions) => {
      const { runDiff } = await import('./diff.js');
      process.exitCode = await runDiff(oldFile, newFile, options);
    });

  const policy = program.command('policy').description('work with a site\'s published cookie policy');
  policy
    .command('extract')
    .description('draft a policy manifest (YAML) from a human-written cookie policy page: a URL (read in Chromium) or an HTML file')
    .argument('<url-or-file>', 'https:// URL of the policy page, or a saved .html file')
    .option('-o, --output <file>', 'write the draft here instead of stdout')
    .option('--resolve <host=ip>', 'map a host (or *.domain glob) to an address[:port]; repeatable', collect, [])
    .option('--ignore-https-errors', 'accept invalid or self-signed certificates')
    .option('--browser <path>', 'Chromium/Chrome executable')
    .option('--timeout <ms>', 'navigation timeout in milliseconds', '30000')
    .option('--cookie-db <file>', 'local known-cookie database (default: $COOKIE_AUDIT_DB or ~/.cookie-audit/cookies.json): categories the page leaves out')
    .action(async (source: string, options: RawPolicyExtractOptions) => {
      const { runPolicyExtract } = await import('./policy.js');
      process.exitCode = await runPolicyExtract(source, options);
    });
  policy
    .command('render')
    .description('write the human-readable cookie policy a manifest describes, grouped by category: cookies, storage, third parties')
    .argument('<manifest>', 'policy manifest (YAML or JSON)')
    .option('--format <format>', 'md or html', 'md')
    .option('-o, --output <file>', 'write the policy here instead of stdout')
    .action(async (file: string, options: RawPolicyRenderOptions) => {
      const { runPolicyRender } = await import('./policy.js');
      process.exitCode = await runPolicyRender(file, options);
    });
}
