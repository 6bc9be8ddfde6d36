/** Reporters by the name users type in --format. */
import { consoleReporter } from './console.js';
import { htmlReporter } from './html/index.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import type { Reporter } from './types.js';

export const REPORTERS = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  html: htmlReporter,
  sarif: sarifReporter,
  md: markdownReporter,
} as const satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;
export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];

/** A usage error: the CLI can show the message as is and exit with its usage code. */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
}

function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(REPORTERS, name);
}

export function getReporter(name: string): Reporter {
  if (!isFormatName(name)) {
    throw new ReportFormatError(`Unknown report format "${name}". Valid formats: ${FORMAT_NAMES.join(', ')}.`);
  }
  return REPORTERS[name];
}

/**
 * "console,json,junit" → reporters in the order given, each once. Names are trimmed and
 * case-insensitive; every unknown name is reported at once so one run of the command shows all typos.
 */
export function parseFormats(spec: string): Reporter[] {
  const names = [...new Set(spec.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean))];
  if (names.length === 0) {
    throw new ReportFormatError(`No report format given. Valid formats: ${FORMAT_NAMES.join(', ')}.`);
  }
  const unknown = names.filter((name) => !isFormatName(name));
  if (unknown.length > 0) {
    const list = unknown.map((name) => `"${name}"`).join(', ');
    throw new ReportFormatError(
      `Unknown report format${unknown.length > 1 ? 's' : ''} ${list}. Valid formats: ${FORMAT_NAMES.join(', ')}.`,
    );
  }
  return names.map(getReporter);
}
