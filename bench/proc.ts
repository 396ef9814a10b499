/**
 * What /proc tells about a process and its descendants: CPU time (utime + stime, all
 * threads), peak and current RSS. Parsers and tree arithmetic are pure; the readers skip
 * (or return undefined for) processes that are gone, since workers may exit at any time.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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

/** The fields of /proc/<pid>/stat a process tree is measured with. */
export interface ProcessStat {
  readonly pid: number;
  /** Field 4: the parent's process id. */
  readonly ppid: number;
  readonly utime: number;
  readonly stime: number;
  /** Fields 16 and 17: CPU ticks of children this process has waited for (reaped), recursively. */
  readonly cutime: number;
  readonly cstime: number;
}

/** Parses /proc/<pid>/stat in full (pid, parent, own and reaped children's CPU ticks). */
export function parseProcessStat(text: string): ProcessStat {
  const pid = Number(text.slice(0, text.indexOf(' (')));
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // `rest` starts at field 3 (state): ppid is field 4, utime..cstime fields 14..17.
  const [ppid, utime, stime, cutime, cstime] = [rest[1], rest[11], rest[12], rest[13], rest[14]].map(Number) as [number, number, number, number, number];
  if (![pid, ppid, utime, stime, cutime, cstime].every(Number.isFinite)) throw new Error(`unexpected /proc stat line: ${text.slice(0, 120)}`);
  return { pid, ppid, utime, stime, cutime, cstime };
}

/**
 * The pids of `root` and all its descendants (root first, then breadth-first), from a
 * snapshot of every process's parent. Empty when `root` is not in the snapshot.
 */
export function treePids(root: number, processes: Iterable<Pick<ProcessStat, 'pid' | 'ppid'>>): number[] {
  const children = new Map<number, number[]>();
  let rootSeen = false;
  for (const { pid, ppid } of processes) {
    if (pid === root) rootSeen = true;
    if (pid === ppid) continue; // never loop (pid 0 or a malformed snapshot)
    const list = children.get(ppid);
    if (list === undefined) children.set(ppid, [pid]);
    else list.push(pid);
  }
  if (!rootSeen) return [];
  const tree = [root];
  const seen = new Set(tree);
  for (let i = 0; i < tree.length; i += 1) {
    for (const child of children.get(tree[i]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      tree.push(child);
    }
  }
  return tree;
}

/**
 * CPU ticks of a process tree: utime + stime + cutime + cstime summed over its live (and
 * zombie) members. A member that exits and is reaped leaves the sum its own time but adds
 * it to the reaping parent's cutime/cstime, so the total does not drop when a worker dies
 * (only descendants reaped by a process outside the tree are lost). undefined when `root`
 * is not in the snapshot.
 */
export function treeCpuTicks(root: number, processes: readonly ProcessStat[]): { ticks: number; pids: number[] } | undefined {
  const pids = treePids(root, processes);
  if (pids.length === 0) return undefined;
  const members = new Set(pids);
  let ticks = 0;
  for (const p of processes) if (members.has(p.pid)) ticks += p.utime + p.stime + p.cutime + p.cstime;
  return { ticks, pids };
}

/** Every process's /proc/<pid>/stat (those that exit during the scan are skipped). */
export function readProcessTable(procDir = '/proc'): ProcessStat[] {
  const table: ProcessStat[] = [];
  let names: string[];
  try {
    names = readdirSync(procDir);
  } catch {
    return table;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      table.push(parseProcessStat(readFileSync(`${procDir}/${name}/stat`, 'utf8')));
    } catch {
      // exited between readdir and read
    }
  }
  return table;
}

/** CPU time of a process and its descendants in microseconds (see {@link treeCpuTicks}), or undefined once the root is gone. */
export function treeCpuMicros(root: number, ticksPerSecond: number): { us: number; pids: number[] } | undefined {
  const tree = treeCpuTicks(root, readProcessTable());
  return tree === undefined ? undefined : { us: (tree.ticks * 1e6) / ticksPerSecond, pids: tree.pids };
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

/**
 * Memory of a process tree over a run, from samples of its members' /proc status:
 * - `peakRssKb`: the highest total VmRSS of one sample (a simultaneous figure, but a
 *   sample can miss a short peak between two samples);
 * - `hwmSumKb`: the sum of every member's VmHWM (peak RSS per process, the last value seen
 *   for members that exited), an upper bound on the tree's simultaneous peak: members need
 *   not have peaked at the same time, and a restarted worker counts with its predecessor;
 * - `pids`: every process seen in the tree. Pure: the caller feeds the samples.
 */
export class TreeMemory {
  readonly #hwmKb = new Map<number, number>();
  #peakRssKb = 0;
  #samples = 0;

  /** One sample: the status of each tree member that could still be read. */
  add(sample: ReadonlyMap<number, MemoryStatus>): void {
    let rssKb = 0;
    for (const [pid, status] of sample) {
      rssKb += status.rssKb;
      this.#hwmKb.set(pid, Math.max(this.#hwmKb.get(pid) ?? 0, status.peakRssKb));
    }
    if (sample.size > 0) this.#samples += 1;
    this.#peakRssKb = Math.max(this.#peakRssKb, rssKb);
  }

  /** Highest total VmRSS of a single sample (0 before any). */
  get peakRssKb(): number {
    return this.#peakRssKb;
  }

  /** Sum of the members' VmHWM. */
  get hwmSumKb(): number {
    let sum = 0;
    for (const kb of this.#hwmKb.values()) sum += kb;
    return sum;
  }

  /** Every pid seen in the tree, in the order first seen. */
  get pids(): number[] {
    return [...this.#hwmKb.keys()];
  }

  /** Samples that found at least one member. */
  get samples(): number {
    return this.#samples;
  }
}

/**
 * Samples a process tree's memory every `intervalMs` (and on demand) into a {@link TreeMemory}.
 * Finding the tree takes a scan of all of /proc (~1.5 ms with 80 processes, on the load
 * generator's thread), so it is redone every `rescanEvery` samples, and at once when a known
 * member is gone: workers started or restarted later are found within that many samples.
 */
export class TreeMemorySampler {
  readonly memory = new TreeMemory();
  #timer: NodeJS.Timeout | undefined;
  #pids: number[] = [];
  #sinceScan = Number.POSITIVE_INFINITY;

  constructor(
    readonly root: number,
    private readonly intervalMs = 250,
    private readonly rescanEvery = 4,
  ) {}

  /** Takes a sample now (`rescan` forces a scan of /proc for the tree); the pids sampled. */
  sample(rescan = false): number[] {
    if (rescan || this.#sinceScan >= this.rescanEvery) this.#scan();
    else this.#sinceScan += 1;
    let statuses = this.#read();
    if (statuses.size < this.#pids.length && this.#sinceScan > 0) {
      // a member exited (or is a zombie): find the tree again, e.g. its replacement
      this.#scan();
      statuses = this.#read();
    }
    this.memory.add(statuses);
    return [...statuses.keys()];
  }

  #scan(): void {
    this.#pids = treePids(this.root, readProcessTable());
    this.#sinceScan = 0;
  }

  /** Status of the known members still running (zombies have no memory lines: left out). */
  #read(): Map<number, MemoryStatus> {
    const statuses = new Map<number, MemoryStatus>();
    for (const pid of this.#pids) {
      const status = memoryStatus(pid);
      if (status !== undefined && (status.rssKb > 0 || status.peakRssKb > 0)) statuses.set(pid, status);
    }
    return statuses;
  }

  /** Samples now and then periodically until {@link stop}; the timer does not keep node alive. */
  start(): this {
    this.sample(true);
    this.#timer ??= setInterval(() => this.sample(), this.intervalMs).unref();
    return this;
  }

  /** Stops the periodic sampling (one last sample of the whole tree first, while it still runs). */
  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.sample(true);
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
