/**
 * Closed-loop load: `concurrency` workers each send one request, await the answer, send the
 * next. A run is a warm-up followed by a measured window of fixed length; only requests that
 * complete inside the window count (throughput = completions / window). The caller's `sample` runs at both window edges (server
 * CPU, client CPU), so figures and the window share the same instants.
 */
import { mulberry32 } from './dataset.js';

/** What one operation reports. */
export interface OpOutcome {
  /** HTTP 200. */
  readonly ok: boolean;
  /** Items the operation read or wrote (Scan, BatchWriteItem), when that is the unit that matters. */
  readonly items?: number;
  /** Error text (answer body or network error) when not ok. */
  readonly error?: string;
  /** Load around the measured operations (NoisyNeighbor's oversized requests): not counted. */
  readonly background?: boolean;
}

/** One worker's operation; called repeatedly, never concurrently with itself. */
export type Operation = () => Promise<OpOutcome>;

/**
 * Latency samples: all of them up to `capacity`, then a uniform reservoir (algorithm R with
 * a seeded PRNG), so memory stays bounded however long a run is.
 */
export class LatencySamples {
  readonly #values: Float64Array;
  readonly #random: () => number;
  #seen = 0;

  constructor(capacity = 1 << 21, seed = 1) {
    this.#values = new Float64Array(capacity);
    this.#random = mulberry32(seed);
  }

  add(ms: number): void {
    if (this.#seen < this.#values.length) this.#values[this.#seen] = ms;
    else {
      const slot = Math.floor(this.#random() * (this.#seen + 1));
      if (slot < this.#values.length) this.#values[slot] = ms;
    }
    this.#seen += 1;
  }

  /** Number of values added. */
  get count(): number {
    return this.#seen;
  }

  /** The kept samples, sorted ascending. */
  sorted(): Float64Array {
    return this.#values.slice(0, Math.min(this.#seen, this.#values.length)).sort();
  }
}

/** Nearest-rank percentile (0 < p <= 100) of ascending values; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Settings of {@link runLoad}. */
export interface LoadSettings {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Upper bound on operations per worker, whatever the clock says. */
  readonly maxOpsPerWorker?: number;
}

/** What a run measured. */
export interface LoadResult<S> {
  /** Operations completed inside the window (ok or not). */
  readonly ops: number;
  readonly errors: number;
  readonly items: number;
  /** Actual window length. */
  readonly windowMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** First failure seen (warm-up included), if any. */
  readonly firstError: string | undefined;
  /** `sample()` at the window's start and end. */
  readonly atStart: S;
  readonly atEnd: S;
  /** Window edges on the monotonic clock, microseconds (comparable with .cpuprofile times). */
  readonly windowMonotonicUs: readonly [number, number];
}

const nowNs = () => process.hrtime.bigint();

/**
 * Runs `makeOperation(worker)` for every worker in a closed loop for warm-up + duration.
 * Resolves once every worker has stopped (in-flight requests finish after the window).
 */
export async function runLoad<S>(makeOperation: (worker: number) => Operation, settings: LoadSettings, sample: () => S): Promise<LoadResult<S>> {
  const maxOps = settings.maxOpsPerWorker ?? 50_000_000;
  const latencies = new LatencySamples();
  let measuring = false;
  let stopping = false;
  let ops = 0;
  let errors = 0;
  let items = 0;
  let firstError: string | undefined;
  let startNs = 0n;
  let endNs = 0n;
  let atStart: S | undefined;
  let atEnd: S | undefined;

  const startTimer = setTimeout(() => {
    atStart = sample();
    startNs = nowNs();
    measuring = true;
  }, settings.warmupMs);
  const endTimer = setTimeout(() => {
    endNs = nowNs();
    measuring = false;
    stopping = true;
    atEnd = sample();
  }, settings.warmupMs + settings.durationMs);

  const worker = async (index: number) => {
    const operation = makeOperation(index);
    for (let n = 0; n < maxOps && !stopping; n += 1) {
      const began = nowNs();
      let outcome: OpOutcome;
      try {
        outcome = await operation();
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      if (!outcome.ok) firstError ??= outcome.error ?? 'unknown error';
      if (measuring && outcome.background) {
        if (!outcome.ok) errors += 1;
      } else if (measuring) {
        ops += 1;
        if (outcome.ok) items += outcome.items ?? 0;
        else errors += 1;
        latencies.add(Number(nowNs() - began) / 1e6);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: settings.concurrency }, (_, i) => worker(i)));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }
  if (atStart === undefined || atEnd === undefined) throw new Error('load stopped before its window closed (operation cap reached)');
  const sorted = latencies.sorted();
  return {
    ops,
    errors,
    items,
    windowMs: Number(endNs - startNs) / 1e6,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    firstError,
    atStart,
    atEnd,
    windowMonotonicUs: [Number(startNs / 1000n), Number(endNs / 1000n)],
  };
}
