/**
 * What /proc tells about a process: CPU time (utime + stime, all threads) and peak RSS.
 * Parsers are pure; the readers return undefined once the process is gone.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU clock ticks of /proc/<pid>/stat (fields 14 and 15). */
export interface CpuTicks {
  readonly utime: number;
  readonly stime: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses. */
export function parseStat(text: string): CpuTicks {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // `rest` starts at field 3 (state): utime is field 14, stime field 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unexpected /proc stat line: ${text.slice(0, 120)}`);
  return { utime, stime };
}

/** Memory figures of /proc/<pid>/status, in kB (0 when absent). */
export interface MemoryStatus {
  /** Peak resident set size (VmHWM). */
  readonly peakRssKb: number;
  /** Current resident set size (VmRSS). */
  readonly rssKb: number;
}

/** Parses VmHWM and VmRSS out of /proc/<pid>/status. */
export function parseStatus(text: string): MemoryStatus {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  return { peakRssKb: field('VmHWM'), rssKb: field('VmRSS') };
}

/** Clock ticks per second of /proc times (`getconf CLK_TCK`, 100 when unknown). */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** CPU time of a process in microseconds, or undefined when it no longer exists. */
export function cpuMicros(pid: number, ticksPerSecond: number): number | undefined {
  try {
    const { utime, stime } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return ((utime + stime) * 1e6) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Memory figures of a process, or undefined when it no longer exists. */
export function memoryStatus(pid: number): MemoryStatus | undefined {
  try {
    return parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Machine-wide CPU ticks of the first line of /proc/stat (all cores). */
export interface SystemTicks {
  /** user + nice + system + irq + softirq + steal (guest time is inside user). */
  readonly busy: number;
  /** busy + idle + iowait. */
  readonly total: number;
}

/** Parses the aggregate `cpu` line of /proc/stat. */
export function parseSystemStat(text: string): SystemTicks {
  const line = /^cpu\s+(.+)$/m.exec(text);
  if (line === null) throw new Error('no cpu line in /proc/stat');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line[1]!.trim().split(/\s+/).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Machine-wide busy CPU time in microseconds (all cores, all processes), or undefined. */
export function systemBusyMicros(ticksPerSecond: number): number | undefined {
  try {
    return (parseSystemStat(readFileSync('/proc/stat', 'utf8')).busy * 1e6) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
