import type { PolicyError } from './types.js';

/**
 * One problem as a compiler-style line editors can jump to: `file:line: path: message`.
 * `:line` is left out when unknown, and `path: ` for problems with the file as a whole
 * (unreadable, empty, syntax). The path is shown without its leading slash: `cookies/2/category`.
 */
export function formatPolicyError(e: PolicyError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}`;
  const path = e.path.replace(/^\//, '');
  return path ? `${where}: ${path}: ${e.message}` : `${where}: ${e.message}`;
}

/** A manifest that cannot be used. Carries every problem found, not just the first. */
export class PolicyLoadError extends Error {
  override name = 'PolicyLoadError';
  constructor(readonly errors: PolicyError[]) {
    super(errors.map(formatPolicyError).join('\n'));
  }
}
