/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): top frames by self time and by
 * inclusive time, and self time per package / source folder, optionally cut to a time
 * window (a scenario's `windowMonotonicUs` from the bench results: same monotonic clock).
 *
 * Run: `node dist/bench/cpuprofile-summary.js <file.cpuprofile>... [--top 15]
 *        [--results <bench-results.json> --scenario GetItem [--server sqynamo-auto]] [--from <us> --to <us>]`
 * A Sqynamo cluster writes one profile per process (primary and workers): pass them all.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The parts of the .cpuprofile format this reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One row of a ranking. */
export interface FrameTime {
  readonly frame: string;
  readonly us: number;
  /** Share of all sampled time in the window. */
  readonly percent: number;
  /** Share of the non-idle time. */
  readonly busyPercent: number;
}

/** What {@link summarizeProfile} found. */
export interface ProfileSummary {
  readonly totalUs: number;
  readonly idleUs: number;
  readonly samples: number;
  readonly self: readonly FrameTime[];
  readonly inclusive: readonly FrameTime[];
  readonly categories: readonly FrameTime[];
}

const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Short, stable location of a script URL: package-relative or repository-relative. */
export function shortUrl(url: string): string {
  if (url === '') return '';
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) return path.slice(nm + '/node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  if (dist !== -1) return path.slice(dist + '/dist/'.length);
  return path;
}

/** Bucket of a frame: a package, a Sqynamo folder, node internals, or a V8 pseudo-frame. */
export function categoryOf(functionName: string, url: string): string {
  if (SPECIAL.has(functionName)) return functionName;
  if (url === '') return '(native / V8 builtins)';
  if (url.startsWith('node:')) return `node:${url.slice('node:'.length).split('/').slice(0, 2).join('/')}`;
  const parts = shortUrl(url).split('/');
  if (url.includes('/node_modules/')) return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  // Our own code: its folder (src/http, src/storage, bench, ...).
  return parts.length > 1 ? parts.slice(0, -1).join('/') : parts[0]!;
}

function frameName(functionName: string, url: string, line: number): string {
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (SPECIAL.has(name) || url === '') return name;
  return `${name} ${shortUrl(url)}:${line + 1}`;
}

function rank(times: Map<string, number>, total: number, busy: number, top: number): FrameTime[] {
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, us]) => ({ frame, us, percent: total > 0 ? (us / total) * 100 : 0, busyPercent: busy > 0 ? (us / busy) * 100 : 0 }));
}

/**
 * Self time, inclusive time (each frame counted once per sample, however deep it recurses)
 * and per-category self time of the samples taken within [fromUs, toUs].
 */
export function summarizeProfile(profile: CpuProfile, options: { top?: number; fromUs?: number; toUs?: number } = {}): ProfileSummary {
  const top = options.top ?? 15;
  const from = options.fromUs ?? Number.NEGATIVE_INFINITY;
  const to = options.toUs ?? Number.POSITIVE_INFINITY;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const categories = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  let samples = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    // A sample lasts until the next one (as DevTools counts it).
    const us = profile.timeDeltas[i + 1] ?? profile.endTime - t;
    if (!(us > 0)) continue;
    const leaf = byId.get(profile.samples[i]!);
    if (leaf === undefined) continue;
    samples += 1;
    totalUs += us;
    const { functionName, url, lineNumber } = leaf.callFrame;
    if (functionName === '(idle)') idleUs += us;
    const leafName = frameName(functionName, url, lineNumber);
    self.set(leafName, (self.get(leafName) ?? 0) + us);
    const category = categoryOf(functionName, url);
    categories.set(category, (categories.get(category) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      const name = frameName(node.callFrame.functionName, node.callFrame.url, node.callFrame.lineNumber);
      if (name === '(root)' || seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const busy = totalUs - idleUs;
  return {
    totalUs,
    idleUs,
    samples,
    self: rank(self, totalUs, busy, top),
    inclusive: rank(inclusive, totalUs, busy, top),
    categories: rank(categories, totalUs, busy, top),
  };
}

/** The summary as markdown tables. */
export function formatSummary(summary: ProfileSummary, title: string): string {
  const rows = (list: readonly FrameTime[]) =>
    list.map((f, i) => `| ${i + 1} | \`${f.frame.replace(/\|/g, '\\|')}\` | ${(f.us / 1000).toFixed(0)} | ${f.percent.toFixed(1)}% | ${f.busyPercent.toFixed(1)}% |`).join('\n');
  const header = (what: string) => `| # | ${what} | ms | % of all | % of busy |\n| ---: | --- | ---: | ---: | ---: |`;
  return [
    `### ${title}`,
    '',
    `${summary.samples} samples, ${(summary.totalUs / 1000).toFixed(0)} ms sampled, ${(((summary.totalUs - summary.idleUs) / Math.max(1, summary.totalUs)) * 100).toFixed(1)}% busy.`,
    '',
    'Self time:',
    '',
    header('frame'),
    rows(summary.self),
    '',
    'Inclusive time:',
    '',
    header('frame'),
    rows(summary.inclusive),
    '',
    'Self time by package / folder:',
    '',
    header('category'),
    rows(summary.categories),
  ].join('\n');
}

function main(argv: readonly string[]): void {
  const files: string[] = [];
  let top = 15;
  let fromUs: number | undefined;
  let toUs: number | undefined;
  let resultsFile: string | undefined;
  let scenario: string | undefined;
  let server = 'sqynamo';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--top') top = Number(argv[++i]);
    else if (arg === '--from') fromUs = Number(argv[++i]);
    else if (arg === '--to') toUs = Number(argv[++i]);
    else if (arg === '--results') resultsFile = argv[++i];
    else if (arg === '--scenario') scenario = argv[++i];
    else if (arg === '--server') server = argv[++i] ?? server;
    else files.push(arg);
  }
  if (files.length === 0) throw new Error('usage: cpuprofile-summary <file.cpuprofile> [--top n] [--results bench-results.json --scenario Name [--server name]] [--from us --to us]');
  if (resultsFile !== undefined && scenario !== undefined) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { servers: { server: string; scenarios: { scenario: string; windowMonotonicUs?: [number, number] }[] }[] };
    const window = results.servers.find((s) => s.server === server)?.scenarios.find((s) => s.scenario === scenario)?.windowMonotonicUs;
    if (window === undefined) throw new Error(`no window for ${server} ${scenario} in ${resultsFile}`);
    [fromUs, toUs] = window;
  }
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const title = `${file}${scenario !== undefined ? ` — ${scenario} window` : ''}`;
    process.stdout.write(`${formatSummary(summarizeProfile(profile, { top, ...(fromUs !== undefined ? { fromUs } : {}), ...(toUs !== undefined ? { toUs } : {}) }), title)}\n\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
