/** Turning Playwright errors into the one-line causes that page errors record. */

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Playwright appends a call log after the first line; the first line is the cause.
  return (message.split('\n')[0] ?? message).replace(/^[a-zA-Z.]+: /, '');
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}
