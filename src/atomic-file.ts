/**
 * Writing a file so that readers (CI uploaders, a watching editor, a report being compared, an auditor
 * opening a screenshot) never see it half-written: the data goes to a temporary sibling first, and rename()
 * replaces the old file in one step. Used by the reports and by the consent screenshots.
 */
import { rename, rm, writeFile } from 'node:fs/promises';

export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
