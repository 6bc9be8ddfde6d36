/**
 * Starting the scan's browser: the local Chromium (launched the way src/browser/launch.ts says), or the
 * remote browser of --connect. A module of its own, light to load, so that the CLI can start the browser
 * while the rest of the pipeline's code is still loading (the browser takes about as long to start).
 */
import { connectBrowser } from './connect.js';
import { launchBrowser, type LaunchedBrowser } from './launch.js';
import type { ProxySettings } from './proxy.js';
import type { HostMapping } from './resolve.js';

/** The browser could not be started or reached: the scan cannot run (exit 3). */
export class BrowserLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserLaunchError';
  }
}

export interface BrowserStart {
  executablePath: string;
  mappings: readonly HostMapping[];
  blockThirdPartyCookies: boolean;
  proxy?: ProxySettings;
  /** --connect: a remote browser's endpoint instead of a local launch. */
  connect?: string;
  /** How long connecting to a remote browser may take. */
  timeoutMs: number;
}

/** The local Chromium, or the remote browser of --connect; fails with BrowserLaunchError, one line. */
export async function startBrowser(start: BrowserStart): Promise<LaunchedBrowser> {
  if (start.connect !== undefined) {
    try {
      return await connectBrowser(start.connect, start.timeoutMs);
    } catch (error) {
      throw new BrowserLaunchError(`could not connect to the browser at ${start.connect}: ${firstLine(error)}`);
    }
  }
  try {
    return await launchBrowser({
      executablePath: start.executablePath,
      mappings: start.mappings,
      blockThirdPartyCookies: start.blockThirdPartyCookies,
      ...(start.proxy ? { proxy: start.proxy } : {}),
    });
  } catch (error) {
    throw new BrowserLaunchError(`Chromium at ${start.executablePath} could not start: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
