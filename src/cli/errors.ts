import type { PhaseEvidence } from '../evidence/types.js';

/** Errors the CLI turns into one line and an exit code; thrown, never process.exit deep inside. */
export const EXIT = { ok: 0, findings: 1, usage: 2, unscannable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode, readonly details: string[] = []) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string, details: string[] = []) => new CliError(message, EXIT.usage, details);

/** Why no page of a site could be loaded, in words for "could not scan <url>: …". */
export function whyUnscannable(phases: readonly PhaseEvidence[]): string {
  const cause = phases.flatMap((p) => p.errors).find((e) => e.kind === 'navigation' || e.kind === 'not-a-page' || e.kind === 'timeout' || e.kind === 'login');
  return cause?.message ?? 'no page could be loaded';
}
