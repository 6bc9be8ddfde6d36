/** The last step of a run: SHA256SUMS over what it wrote into --out, and with --timestamp, its RFC 3161 stamp. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../atomic-file.js';
import { TIMESTAMP_FILE, writeSums } from './sums.js';
import { requestTimestamp, type TimestampFacts } from './timestamp.js';

export interface Sealed {
  /** SHA256SUMS, then SHA256SUMS.tsr when stamped. */
  files: string[];
  timestamp?: TimestampFacts;
}

/** Throws TimestampError when the authority cannot stamp it (SHA256SUMS is written by then). */
export async function sealFolder(outDir: string, timestampUrl?: string): Promise<Sealed> {
  const sums = await writeSums(outDir);
  if (timestampUrl === undefined) return { files: [sums] };
  const { reply, facts } = await requestTimestamp(timestampUrl, await readFile(sums));
  const stamp = join(outDir, TIMESTAMP_FILE);
  await writeFileAtomically(stamp, reply);
  return { files: [sums, stamp], timestamp: facts };
}
