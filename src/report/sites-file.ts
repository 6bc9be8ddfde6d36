/**
 * sites.ndjson: a fleet's results as they come, one site a line (the site as in report.json, plus that
 * site's findings), appended and flushed to the disk the moment the site is done. It is what a killed run
 * leaves behind and what `--resume` and `merge` read; the end-of-run reports are built from it. Lines are
 * found again by their byte offset, so the whole file is never held in memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Finding } from '../audit/types.js';
import type { SiteReport } from './types.js';
import { rememberWritten } from '../atomic-file.js';

export const SITES_FILE = 'sites.ndjson';

/** One line of sites.ndjson (schema: rules/site-line.schema.json). */
export type SiteLine = SiteReport & { findings: Finding[] };

/** Where a complete line is: enough to read it again. */
export interface LineRef {
  offset: number;
  length: number;
}

/** A write that failed, named by its file: what the user is told. */
export class FileWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`could not write ${file}: ${describeCode(code, cause)}`);
    this.name = 'FileWriteError';
  }
}

export function describeCode(code: string, cause: unknown): string {
  if (code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  if (code === 'EDQUOT') return 'disk quota exceeded (EDQUOT)';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EROFS') return 'the file system is read-only (EROFS)';
  const message = (cause instanceof Error ? cause.message.split('\n')[0] : undefined) ?? String(cause);
  return code === 'error' ? message : `${code}`;
}

export const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';

/** A site and its findings as one line of text, newline included. */
export function siteLineText(site: SiteReport, findings: readonly Finding[]): string {
  return `${JSON.stringify({ ...site, findings })}\n`;
}

/** The site of a line, without its findings: as report.json holds it (key order kept). */
export function siteOfLine(line: SiteLine): SiteReport {
  const { findings: _findings, ...site } = line;
  return site;
}

export interface ScannedLine {
  line: SiteLine;
  ref: LineRef;
}

/**
 * Reads every complete line of the file in order, handing each to `each` (and then letting it go).
 * A last line without its newline, or one that is not JSON (a run killed while writing it), is not
 * complete: its offset is returned as `validBytes`, where the file should be cut before appending again.
 * A broken line before the last one is damage no run makes: it throws, naming the file and the line.
 */
export async function scanSiteLines(file: string, each: (scanned: ScannedLine) => void): Promise<{ validBytes: number; lines: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { validBytes: 0, lines: 0 };
    throw error;
  }
  try {
    const chunk = Buffer.alloc(1 << 20);
    let pending: Buffer[] = [];
    let pendingLength = 0;
    let lineStart = 0;
    let position = 0;
    let lines = 0;
    let broken: { offset: number; number: number } | undefined;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      let from = 0;
      for (;;) {
        const newline = chunk.indexOf(10, from);
        if (newline < 0 || newline >= bytesRead) break;
        const piece = chunk.subarray(from, newline);
        const text = (pendingLength > 0 ? Buffer.concat([...pending, piece]) : piece).toString('utf8');
        const length = pendingLength + piece.length + 1;
        pending = [];
        pendingLength = 0;
        if (broken) throw new Error(`${file}: line ${broken.number} is not a complete site line, and more follow it; the file is damaged`);
        let line: SiteLine | undefined;
        try {
          line = JSON.parse(text) as SiteLine;
        } catch {
          broken = { offset: lineStart, number: lines + 1 };
        }
        if (line !== undefined) {
          lines += 1;
          each({ line, ref: { offset: lineStart, length } });
        }
        lineStart += length;
        from = newline + 1;
      }
      if (from < bytesRead) {
        pending.push(Buffer.from(chunk.subarray(from, bytesRead)));
        pendingLength += bytesRead - from;
      }
      position += bytesRead;
    }
    return { validBytes: broken ? broken.offset : lineStart, lines };
  } finally {
    await handle.close();
  }
}

/** Reads lines again by their refs (the end-of-run reports, in list order). */
export class SiteLineReader {
  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<SiteLineReader> {
    return new SiteLineReader(await open(file, 'r'));
  }

  async read(ref: LineRef): Promise<SiteLine> {
    const buffer = Buffer.alloc(ref.length);
    const { bytesRead } = await this.handle.read(buffer, 0, ref.length, ref.offset);
    return JSON.parse(buffer.subarray(0, bytesRead).toString('utf8')) as SiteLine;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * Appends lines one at a time (calls are queued), each written whole and flushed to the disk (fdatasync)
 * before the next: after a kill or a power cut the file holds every site that was reported done, and at
 * most a half-written last line, which `--resume` cuts off and scans again.
 */
export class SiteLineWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private size: number;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    size: number,
  ) {
    this.size = size;
  }

  /** Opens the file for appending after its first `validBytes` bytes (a half-written line beyond them is cut off). */
  static async open(file: string, validBytes: number): Promise<SiteLineWriter> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'a');
      await handle.truncate(validBytes);
    } catch (error) {
      throw new FileWriteError(file, errorCode(error), error);
    }
    rememberWritten(file);
    return new SiteLineWriter(file, handle, validBytes);
  }

  append(text: string): Promise<LineRef> {
    const run = this.queue.then(async () => {
      const data = Buffer.from(text, 'utf8');
      const ref = { offset: this.size, length: data.length };
      try {
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await this.handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        await this.handle.datasync();
      } catch (error) {
        // What part of the line got in is cut off again (cutting frees space, so it works on a full disk too).
        await this.handle.truncate(this.size).catch(() => undefined);
        throw new FileWriteError(this.file, errorCode(error), error);
      }
      this.size += data.length;
      return ref;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}

/** A site of a report to be written: its line in a sites.ndjson file, or (not streamed) the site itself. */
export type SiteEntry = { file: string; ref: LineRef } | { site: SiteReport };

/** Hands `use` a reader of the entries' sites, by index, opening each file once. */
export async function withSiteEntries<T>(entries: readonly SiteEntry[], use: (read: (index: number) => Promise<SiteReport>) => Promise<T>): Promise<T> {
  const readers = new Map<string, SiteLineReader>();
  try {
    return await use(async (index) => {
      const entry = entries[index]!;
      if ('site' in entry) return entry.site;
      let reader = readers.get(entry.file);
      if (!reader) {
        reader = await SiteLineReader.open(entry.file);
        readers.set(entry.file, reader);
      }
      return siteOfLine(await reader.read(entry.ref));
    });
  } finally {
    await Promise.all([...readers.values()].map((r) => r.close().catch(() => undefined)));
  }
}
