import { loadPolicy, formatPolicyError, PolicyLoadError } from '../policy/load.js';
import { CliError, EXIT } from './errors.js';

export async function runValidate(file: string): Promise<number> {
  try {
    const policy = await loadPolicy(file);
    const counts = `${policy.cookies.length} cookie(s), ${policy.storage.length} storage entr${policy.storage.length === 1 ? 'y' : 'ies'}, ${policy.thirdParties.length} third part${policy.thirdParties.length === 1 ? 'y' : 'ies'}`;
    process.stdout.write(`${file}: valid (${counts})\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof PolicyLoadError) throw policyCliError(error);
    throw error;
  }
}

/** Every problem of a manifest, one `file:line: path: message` line each, exit 2. */
export function policyCliError(error: PolicyLoadError): CliError {
  const lines = error.errors.map(formatPolicyError);
  const head = lines.length === 1 ? (lines[0] ?? error.message) : `${error.errors[0]?.file ?? 'policy'}: ${lines.length} problems`;
  return new CliError(head, EXIT.usage, lines.length === 1 ? [] : lines);
}
