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
