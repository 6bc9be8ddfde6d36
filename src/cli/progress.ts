/**
 * Progress on stderr while a scan runs. On a terminal: a live line per site and phase (pages done/total,
 * cookies found, elapsed), redrawn in place, and a lasting summary line as each site finishes. Elsewhere
 * (a pipe, a file, CI): only the summary line per site, so logs stay short. A scan of several sites adds
 * to each summary line the sites done, the pace in sites per hour and the estimated time left.
 */
import type { ScanEvent } from '../crawl/events.js';
import type { Phase, SiteEvidence } from '../evidence/types.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  /** Minimum time between redraws of the live lines. */
  redrawMs?: number;
}

export interface Progress {
  onEvent(event: ScanEvent): void;
  /** Clears the live lines (before the console report prints). */
  stop(): void;
  readonly live: boolean;
}

/** CI services set CI=true (GitHub Actions, GitLab, CircleCI, Travis, Buildkite …). */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

interface PhaseState {
  phase: Phase;
  pagesDone: number;
  pagesTotal: number;
  cookies: number;
  status?: string;
}

interface SiteState {
  started: number;
  phases: Map<Phase, PhaseState>;
}

/** Site URLs come from the user's list but may hold anything after normalisation: no control characters on a terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The lasting line for a finished site. */
export function siteSummary(site: SiteEvidence, elapsedMs: number): string {
  const ran = site.phases.filter((p) => p.status !== 'skipped');
  const pages = Math.max(0, ...site.phases.map((p) => p.pages.length));
  const cookies = new Set(site.phases.flatMap((p) => p.cookies.map((c) => `${c.name}\u0000${c.domain}\u0000${c.path}`))).size;
  const storage = new Set(site.phases.flatMap((p) => p.storage.map((s) => `${s.type}\u0000${s.origin}\u0000${s.key}`))).size;
  const errors = site.phases.reduce((n, p) => n + p.errors.length, 0);
  const phases = site.phases.map((p) => (p.status === 'completed' ? p.phase : `${p.phase} ${p.status}`)).join(', ');
  const parts = [
    plural(pages, 'page', 'pages'),
    `${plural(ran.length, 'phase', 'phases')} (${phases})`,
    plural(cookies, 'cookie', 'cookies'),
    plural(storage, 'storage entry', 'storage entries'),
    ...(errors > 0 ? [plural(errors, 'page error', 'page errors')] : []),
  ];
  const state = site.status === 'unreachable' ? 'unreachable' : 'done';
  return printable(`${site.url}: ${state}, ${parts.join(', ')}, ${seconds(elapsedMs)}`);
}

/** "42 s", "7 min", "2 h 05 min": time left, as precise as it can be. */
export function timeLeft(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** Sites done of the scan's, the pace since the scan started, and when the rest should be done. */
export function fleetStatus(done: number, total: number, elapsedMs: number): string {
  const perHour = elapsedMs > 0 ? (done / elapsedMs) * 3_600_000 : 0;
  const left = total - done;
  const eta = left === 0 ? 'all done' : perHour > 0 ? `about ${timeLeft((left / perHour) * 3_600_000)} left` : 'time left unknown';
  return `${done}/${total} sites, ${Math.round(perHour)} sites/h, ${eta}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  /** The scan's size and start, when it said (scan-start). */
  let fleet: { total: number; started: number; done: number } | undefined;
  const live = options.stream.isTTY === true && !inCi(options.env);
  const sites = new Map<string, SiteState>();
  const redrawMs = options.redrawMs ?? 100;
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastDraw = 0;

  const clear = () => {
    // Up to the first live line, then clear everything below it.
    if (drawn > 0) options.stream.write(`\u001b[${drawn}F\u001b[J`);
    drawn = 0;
  };

  const lines = (): string[] => {
    const width = Math.max(20, (options.stream.columns ?? 100) - 1);
    const out: string[] = [];
    if (fleet && fleet.total > 1) out.push(fleetStatus(fleet.done, fleet.total, now() - fleet.started));
    for (const [url, site] of sites) {
      const elapsed = seconds(now() - site.started);
      if (site.phases.size === 0) out.push(`${url} · starting · ${elapsed}`);
      for (const p of site.phases.values()) {
        const total = Math.max(p.pagesTotal, p.pagesDone);
        const state = p.status ?? `${p.pagesDone}/${total} pages`;
        out.push(`${url} · ${p.phase} · ${state} · ${plural(p.cookies, 'cookie', 'cookies')} · ${elapsed}`);
      }
    }
    // A wrapped line would break the cursor arithmetic of the next redraw.
    return out.map((line) => {
      const text = printable(line);
      return text.length > width ? `${text.slice(0, width - 1)}…` : text;
    });
  };

  const draw = () => {
    timer = undefined;
    lastDraw = now();
    clear();
    const current = lines();
    if (current.length > 0) options.stream.write(`${current.join('\n')}\n`);
    drawn = current.length;
  };

  const schedule = () => {
    if (!live || timer) return;
    const wait = Math.max(0, redrawMs - (now() - lastDraw));
    timer = setTimeout(draw, wait);
    timer.unref?.();
  };

  return {
    live,
    onEvent(event) {
      switch (event.type) {
        case 'scan-start':
          fleet = { total: event.sites, started: now(), done: 0 };
          return;
        case 'site-start':
          sites.set(event.site, { started: now(), phases: new Map() });
          break;
        case 'phase-progress': {
          const site = sites.get(event.site);
          if (!site) return;
          site.phases.set(event.phase, { phase: event.phase, pagesDone: event.pagesDone, pagesTotal: event.pagesTotal, cookies: event.cookies });
          break;
        }
        case 'phase-done': {
          const site = sites.get(event.site);
          if (!site) return;
          const p = event.phase;
          const ok = p.pages.filter((v) => v.ok).length;
          site.phases.set(p.phase, {
            phase: p.phase,
            pagesDone: p.pages.length,
            pagesTotal: p.pages.length,
            cookies: p.cookies.length,
            status: p.status === 'completed' ? `done, ${ok}/${p.pages.length} pages` : p.status,
          });
          break;
        }
        case 'site-done': {
          const started = sites.get(event.site)?.started ?? now();
          sites.delete(event.site);
          if (fleet) fleet.done += 1;
          const pace = fleet && fleet.total > 1 ? ` · ${fleetStatus(fleet.done, fleet.total, now() - fleet.started)}` : '';
          const line = `${siteSummary(event.evidence, now() - started)}${pace}\n`;
          if (live) {
            if (timer) clearTimeout(timer);
            timer = undefined;
            clear();
            options.stream.write(line);
            draw();
          } else {
            options.stream.write(line);
          }
          return;
        }
      }
      schedule();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (live) clear();
    },
  };
}
