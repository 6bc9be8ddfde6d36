import { CliError } from '../../src/cli/errors.js';

/** What the CLI would print for bad input: "<exit code> <one line>", or 'accepted' when nothing was refused. */
export function usage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return `${error.exitCode} ${error.message}`;
    throw error;
  }
  return 'accepted';
}
