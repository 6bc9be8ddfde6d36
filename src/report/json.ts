/** report.json: the report model as is. Deterministic because buildReport already sorted everything. */
import type { Reporter } from './types.js';

export const jsonReporter: Reporter = {
  name: 'json',
  fileName: 'report.json',
  // JSON.stringify escapes control characters and lone surrogates itself, so site text needs no cleaning here.
  render: (report) => JSON.stringify(report, null, 2) + '\n',
};
