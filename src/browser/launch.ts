/**
 * Launching Chromium the way a regular profile behaves. Each consent phase gets its own clean context
 * from the returned browser (see newPhaseContext).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { hostResolverRules, type HostMapping } from './resolve.js';
import type { ProxySettings } from './proxy.js';

export interface LaunchOptions {
  executablePath: string;
  mappings?: readonly HostMapping[];
  /** Emulate a browser that blocks third-party cookies (default: allow them, as most profiles still do). */
  blockThirdPartyCookies?: boolean;
  headless?: boolean;
  /** --proxy: every request of every context goes through it. */
  proxy?: ProxySettings;
}

export interface LaunchedBrowser {
  browser: Browser;
  /** "Chrome/156.0.0.0"-style user agent without the HeadlessChrome marker. */
  userAgent: string;
  close(): Promise<void>;
  /**
   * Ends the browser at once, whatever state it is in (a hung browser answers no close request): every
   * call waiting on it then fails, as when it crashes. A remote browser (--connect) is disconnected.
   */
  kill(): void;
}

/** Flags that keep Chromium quiet on a closed network and working as root. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-blink-features=AutomationControlled',
];

/**
 * The features Playwright itself turns off when it launches Chromium (playwright-core 1.65's chromiumSwitches).
 * Chromium keeps only the last --disable-features it is given, so a launch that turns off more must repeat
 * these (tests/browser/launch-features.test.ts checks that none of Playwright's is lost).
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Browser UI no audit sees. Headless Chromium opens a window for every context, and since Chromium 14x each
 * window loads its address bar's suggestion popups as web pages (chrome://omnibox-popup.top-chrome/, two of
 * them) in a renderer of their own: about a second of CPU per context on two cores, more than the page the
 * context is for. A one-page audit opens three contexts per site. Nothing a site can observe depends on them.
 */
const BROWSER_UI_FEATURES_OFF = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** The one --disable-features of a launch: Playwright's and ours. */
const DISABLE_FEATURES_ARG = `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES_OFF].join(',')}`;

/**
 * Chromium blocks unpartitioned third-party cookies in Playwright's default contexts and in a fresh
 * persistent profile. A profile whose Preferences say cookie_controls_mode 0 allows them, and every context
 * made from that browser inherits it; 1 blocks them.
 */
async function makeProfile(blockThirdPartyCookies: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cookie-audit-profile-'));
  await mkdir(join(dir, 'Default'));
  const prefs = { profile: { cookie_controls_mode: blockThirdPartyCookies ? 1 : 0 } };
  await writeFile(join(dir, 'Default', 'Preferences'), JSON.stringify(prefs));
  return dir;
}

/**
 * The environment Chromium runs in: its home and XDG folders inside the throwaway profile. Chromium writes
 * there on its own (an NSS certificate store, crash-report settings, a dconf cache), and a scan writes
 * nothing outside --out; the profile goes when the browser closes.
 */
function contained(profile: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const home = join(profile, 'home');
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
  };
}

/**
 * The processes of the Chromium started on `profile`: those whose command line names it as their
 * --user-data-dir (read from /proc; elsewhere none are found and kill() falls back to close()).
 */
function processesOn(profile: string): number[] {
  const flag = `--user-data-dir=${profile}`;
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(flag)) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** The user agent of a regular (headed) Chrome of the same major version: no "HeadlessChrome" marker. */
export function regularUserAgent(browser: Browser): string {
  const major = browser.version().split('.')[0] ?? '0';
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const profile = await makeProfile(options.blockThirdPartyCookies ?? false);
  const args = [...BASE_ARGS, DISABLE_FEATURES_ARG];
  if (options.mappings && options.mappings.length > 0) {
    args.push(`--host-resolver-rules=${hostResolverRules(options.mappings)}`);
  }
  let persistent: BrowserContext;
  try {
    persistent = await chromium.launchPersistentContext(profile, {
      executablePath: options.executablePath,
      headless: options.headless ?? true,
      // cookie-audit handles these itself: stop, then write partial reports (Playwright's handler would exit at once).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args,
      env: contained(profile),
      ...(options.proxy
        ? { proxy: { server: options.proxy.server, bypass: '', ...(options.proxy.username === undefined ? {} : { username: options.proxy.username, password: options.proxy.password ?? '' }) } }
        : {}),
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const browser = persistent.browser();
  if (!browser) {
    await persistent.close();
    await rm(profile, { recursive: true, force: true });
    throw new Error('Chromium started without a browser handle; cannot create contexts');
  }
  const userAgent = regularUserAgent(browser);
  return {
    browser,
    userAgent,
    async close() {
      await persistent.close().catch(() => undefined);
      // Chromium may still be flushing the profile when the scan is interrupted: never fail on cleanup.
      await rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    },
    kill() {
      const pids = processesOn(profile);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (pids.length === 0) void persistent.close().catch(() => undefined);
    },
  };
}
