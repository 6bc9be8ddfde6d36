/** Cookie and storage values are secrets (session tokens): only a short hash leaves the process by default. */
import { createHash } from 'node:crypto';

export function valueHash(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}
