// Measuring a run of a Node script from the outside: its time, and the memory and CPU time of its process and
// of every process below it (the browser and its helpers), read from /proc. Shared by the benchmark and the soak run.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));

function status(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), state: /^State:\s+(\S)/m.exec(text)?.[1] ?? '?' };
  } catch {
    return undefined;
  }
}

/** Proportional set size: shared pages split between the processes sharing them, so a sum does not count them twice. */
function pss(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every process below `pid` (the browser and its helpers), from the parent links in /proc/<n>/stat. */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // gone already
    }
  }
  const out = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift();
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** A process that still runs (not a zombie) and is the same program it was when seen (pids are reused). */
function stillRunning(pid, cmdline) {
  const own = status(pid);
  if (!own || own.state === 'Z') return false;
  return commandLine(pid) === cmdline;
}

const MB = 1024;

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** A browser process's --type (renderer, zygote, gpu-process, …), or undefined for the browser's main process. */
const typeOf = (cmdline) => /--type=([a-z-]+)/.exec(cmdline)?.[1];

/** What a process is, for the CPU figures: the Node script, or the browser's process of that type. */
function kindOf(cmdline, isScript) {
  if (isScript) return 'node';
  const type = typeOf(cmdline);
  if (type === undefined) return /chrom/i.test(cmdline.split(/[\0 ]/)[0] ?? '') ? 'browser' : 'other';
  // A renderer is forked from the zygote and keeps its command line until it takes its type.
  return type === 'zygote' ? 'renderer' : type === 'gpu-process' ? 'gpu' : type === 'renderer' ? 'renderer' : 'other';
}

/**
 * CPU time (user + system) a process has used so far, that of its children that ended and were waited for
 * (cutime + cstime: a zygote's renderers, each living a few seconds, mostly end between two samples), and its
 * start time (with the pid, who it is), or undefined.
 */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(fields[11]) + Number(fields[12]), ended: Number(fields[13]) + Number(fields[14]), started: fields[19], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** A process's command line (NUL-separated), or undefined once it is gone. */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The whole machine's busy and idle CPU ticks so far (/proc/stat), or undefined. */
function machineTicks() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    return { busy: fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle, idle };
  } catch {
    return undefined;
  }
}

/**
 * The sampling takes at most this share of one core. Reading a process's PSS (/proc/<pid>/smaps_rollup) walks
 * its whole address space under the lock its page faults need: with 35 browser processes that took 290 ms on
 * this machine, so sampling PSS every 200 ms kept a core busy and slowed the run it measured, the more so the
 * more processes it had (an audit's three contexts per site more than a floor's one). Each kind of reading
 * waits, after one, 1 / DUTY times what that one took.
 */
const DUTY = 0.05;
/** PSS is read at most this often (RSS and the process list every `everyMs`). */
const PSS_EVERY_MS = 1000;

/** The scripts being measured now. */
const running = new Set();
/** The signal the bench was stopped with, once it was. */
let stoppedBy;
// A bench stopped by a signal passes it on to the script it measures (a scan then stops its browser and
// removes its profile, as it does for a user), and stops once that script has: each measure() still running
// then fails, so the bench's own clean-up (its servers, its temporary folder) runs as it unwinds.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stoppedBy !== undefined) return;
    stoppedBy = signal;
    process.exitCode = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1);
    process.stderr.write(`bench: stopped (${signal}); stopping the run being measured first\n`);
    if (running.size === 0) process.exit();
    // The failure the stopped run ends with is said in one line, after the clean-up that ran as it unwound.
    process.on('uncaughtException', (error) => {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exit();
    });
    for (const child of running) child.kill(signal);
  });
}

/**
 * Runs a Node script, sampling its memory and its descendants' every `everyMs` (PSS less often: DUTY); resolves with the time, the
 * peaks, and — for the soak run — the samples over time, every stderr line with the sample taken when it
 * came, and the descendant processes still running once the script has exited (leaked browser processes).
 */
export function measure(script, scriptArgs, { env = {}, nodeArgs = [], everyMs = 200, keepSamples = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    if (stoppedBy !== undefined) {
      reject(new Error(`stopped (${stoppedBy}) before ${script} ran`));
      return;
    }
    const child = spawn(process.execPath, [...nodeArgs, script, ...scriptArgs], { cwd: root, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let lastOutputAt = 0;
    const samples = [];
    const stderrLines = [];
    const seen = new Map();
    let peakNode = 0;
    let peakBrowser = 0;
    let peakBrowserPss = 0;
    let latest = { t: 0, nodeMB: 0, browserMB: 0, browserPssMB: 0, browserProcesses: 0 };
    let proportional = 0;
    let nextPssAt = 0;
    /** CPU ticks each process had used when last seen (by pid and start time: pids are reused), and its kind. */
    const cpuSeen = new Map();
    const machineAtStart = machineTicks();
    /** Samples taken so far: a process's `at` is the last sample it was seen in. */
    let samplesTaken = 0;
    const readCpu = (pids) => {
      samplesTaken += 1;
      for (const pid of pids) {
        const now = cpuTicks(pid);
        if (!now) continue;
        const key = `${pid}:${now.started}`;
        const known = cpuSeen.get(key);
        if (known) {
          known.ticks = now.ticks;
          known.ended = now.ended;
          known.at = samplesTaken;
          // A process seen before it exec'd (the shell that starts Chromium) is told again once it has.
          if (known.kind === 'other') known.kind = kindOf(commandLine(pid) ?? '', false);
        } else {
          const cmdline = pid === child.pid ? '' : (commandLine(pid) ?? '');
          cpuSeen.set(key, { pid, ppid: now.ppid, ticks: now.ticks, ended: now.ended, at: samplesTaken, kind: kindOf(cmdline, pid === child.pid), zygote: typeOf(cmdline) === 'zygote' });
        }
      }
    };
    /** Samples once; returns the ms the RSS part took (the PSS read keeps to its own duty above). */
    const sample = () => {
      const began = performance.now();
      const own = status(child.pid);
      if (!own) return;
      peakNode = Math.max(peakNode, own.hwm, own.rss);
      const browser = descendants(child.pid);
      for (const pid of browser) {
        if (seen.has(pid)) continue;
        const cmdline = commandLine(pid);
        if (cmdline !== undefined) seen.set(pid, cmdline);
      }
      readCpu([child.pid, ...browser]);
      const rss = browser.reduce((sum, pid) => sum + (status(pid)?.rss ?? 0), 0);
      const now = performance.now();
      const rssMs = now - began;
      if (now >= nextPssAt) {
        proportional = browser.reduce((sum, pid) => sum + pss(pid), 0);
        const took = performance.now() - now;
        nextPssAt = performance.now() + Math.max(PSS_EVERY_MS, took / DUTY);
      }
      peakBrowser = Math.max(peakBrowser, rss);
      peakBrowserPss = Math.max(peakBrowserPss, proportional);
      latest = { t: seconds(), nodeMB: own.rss / MB, browserMB: rss / MB, browserPssMB: proportional / MB, browserProcesses: browser.length };
      if (keepSamples) samples.push(latest);
      return rssMs;
    };
    let timer;
    const tick = () => {
      const rssMs = sample() ?? 0;
      timer = setTimeout(tick, Math.max(everyMs, rssMs / DUTY));
    };
    timer = setTimeout(tick, everyMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      lastOutputAt = seconds();
    });
    let partial = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      lastOutputAt = seconds();
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop();
      for (const line of lines) stderrLines.push({ line, t: seconds(), sample: latest });
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (stoppedBy !== undefined) {
        reject(new Error(`stopped (${stoppedBy}); the run being measured ended (exit ${code ?? signal})`));
        return;
      }
      const total = seconds();
      // What is still running of what ran below the script: its own exit does not end orphans.
      const leaked = [...seen].filter(([pid, cmdline]) => stillRunning(pid, cmdline)).map(([pid]) => pid);
      // CPU seconds by kind of process, as last sampled. A renderer lives a few seconds and most end between two
      // samples: a zygote's count holds the renderers that ended below it (its children's times, waited for), so
      // they are counted as renderers however short they were. A zygote's child is counted on its own only if it
      // was still running when its zygote was last read (else it is in the zygote's count already). What a
      // process used after the last sample is still not counted: compare runs of similar length.
      const cpuSeconds = { total: 0, node: 0, browser: 0, renderer: 0, gpu: 0, other: 0 };
      const zygotes = new Map([...cpuSeen.values()].filter((p) => p.zygote).map((p) => [p.pid, p]));
      for (const { ppid, ticks, ended, at, kind, zygote } of cpuSeen.values()) {
        const parent = zygotes.get(ppid);
        if (parent !== undefined && at < parent.at) continue;
        const used = ticks + (zygote ? ended : 0);
        cpuSeconds[kind] += used / TICKS_PER_SECOND;
        cpuSeconds.total += used / TICKS_PER_SECOND;
      }
      const machineAtEnd = machineTicks();
      const busy = machineAtStart && machineAtEnd ? machineAtEnd.busy - machineAtStart.busy : NaN;
      const idle = machineAtStart && machineAtEnd ? machineAtEnd.idle - machineAtStart.idle : NaN;
      resolve({
        code,
        signal,
        seconds: total,
        exitLagSeconds: total - lastOutputAt,
        peakNodeMB: peakNode / MB,
        peakBrowserMB: peakBrowser / MB,
        peakBrowserPssMB: peakBrowserPss / MB,
        browserProcessesSeen: seen.size,
        cpuSeconds,
        /** The share of the whole machine's CPU that was busy during the run (anything running, not only this). */
        machineBusyShare: busy / (busy + idle),
        leakedProcesses: leaked,
        samples,
        stderrLines,
        stdout,
        stderr,
      });
    });
  });
}

export const round = (n, digits = 2) => Number(n.toFixed(digits));

export const say = (line) => process.stdout.write(`${line}\n`);

/** The machine a figure was measured on. */
export function describeMachine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/**
 * A floor's concurrency sweep: `run(level)` at each level given, then, while the fastest is the largest level
 * tried, at twice that (up to `most`): a floor that more at once would beat is not a floor. Resolves with every
 * level tried, in order, as `{ level, seconds, ...what run returned }`.
 */
export async function sweepFloor(levels, most, run) {
  const tried = [];
  const at = async (level) => tried.push({ level, ...(await run(level)) });
  for (const level of [...new Set(levels)].sort((a, b) => a - b)) await at(level);
  for (;;) {
    const fastest = tried.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const largest = Math.max(...tried.map((t) => t.level));
    if (fastest.level !== largest || largest * 2 > most) return tried;
    await at(largest * 2);
  }
}
