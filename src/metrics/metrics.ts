/**
 * Sqynamo's Prometheus metrics (prom-client), one registry per server. Names follow
 * CloudWatch's DynamoDB metrics where they mean the same, in Prometheus' spelling with the
 * `sqynamo_` prefix (SuccessfulRequestLatency -> sqynamo_successful_request_latency_seconds).
 * The names are an interface (the console charts them, dashboards query them): change none.
 * The README's "Monitoring" section lists every one.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';
import type { DynamoDBError } from '../errors.js';
import type { BackfillProgress } from '../storage/sqlite/sqlite-storage.js';
import { authFailureKind, errorKinds, type ItemCounts } from './request-outcome.js';

/** What a finished request tells the metrics. */
export interface RequestEvent {
  /** Operation name (`GetItem`, `sts:GetCallerIdentity`), or undefined when none was reached (unauthenticated, unknown target). */
  readonly operation: string | undefined;
  readonly status: number;
  readonly seconds: number;
  readonly accountId: string | undefined;
  readonly error?: Pick<DynamoDBError, 'code' | 'extra' | 'message'>;
  readonly items?: ItemCounts;
}

/** A table's sampled size. */
export interface TableSample {
  readonly accountId: string;
  readonly region: string;
  readonly table: string;
  readonly items: number;
  readonly bytes: number;
}

export interface MetricsOptions {
  /** Label series with the account id. */
  readonly accountLabel: boolean;
  readonly version: string;
  readonly mode: string;
  /** The tables' sizes (sampled by the caller, see storage-sampler.ts). */
  readonly tables?: () => Promise<readonly TableSample[]>;
  /** WAL file sizes by account. */
  readonly walSizes?: () => Promise<ReadonlyMap<string, number>>;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COUNT_BUCKETS = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000, 10000];
const WRITES_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const COMMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export class Metrics {
  readonly registry = new Registry();
  readonly #accountLabel: boolean;
  readonly #children = new Map<string, { inc(n?: number): void } | { observe(v: number): void }>();

  readonly #requests: Counter<string>;
  readonly #latency: Histogram<string>;
  readonly #userErrors: Counter<string>;
  readonly #systemErrors: Counter<string>;
  readonly #conditionalFailed: Counter<string>;
  readonly #throttled: Counter<string>;
  readonly #conflicts: Counter<string>;
  readonly #canceled: Counter<string>;
  readonly #returned: Histogram<string>;
  readonly #scanned: Histogram<string>;
  readonly #authFailures: Counter<string>;
  readonly #commitWrites: Histogram<string>;
  readonly #commitSeconds: Histogram<string>;
  readonly #backfillRows: Counter<string>;
  readonly #backfillsDone: Counter<string>;

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    this.#accountLabel = options.accountLabel;
    const acct = options.accountLabel ? ['account'] : [];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({ name: 'sqynamo_info', help: 'Always 1; the labels name the version and the compatibility mode', labelNames: ['version', 'mode'], registers, aggregator: 'first' }).set(
      { version: options.version, mode: options.mode },
      1,
    );
    this.#requests = new Counter({ name: 'sqynamo_requests_total', help: 'Requests answered, by operation and HTTP status', labelNames: ['operation', 'status', ...acct], registers });
    this.#latency = new Histogram({
      name: 'sqynamo_successful_request_latency_seconds',
      help: 'Time to answer successful requests (CloudWatch SuccessfulRequestLatency), by operation',
      labelNames: ['operation', ...acct],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#userErrors = new Counter({ name: 'sqynamo_user_errors_total', help: 'Requests answered with HTTP 400 (CloudWatch UserErrors), by operation and error', labelNames: ['operation', 'error', ...acct], registers });
    this.#systemErrors = new Counter({ name: 'sqynamo_system_errors_total', help: 'Requests answered with HTTP 5xx (CloudWatch SystemErrors), by operation and error', labelNames: ['operation', 'error', ...acct], registers });
    this.#conditionalFailed = new Counter({
      name: 'sqynamo_conditional_check_failed_requests_total',
      help: 'Writes refused by their condition (CloudWatch ConditionalCheckFailedRequests)',
      labelNames: ['operation', ...acct],
      registers,
    });
    this.#throttled = new Counter({ name: 'sqynamo_throttled_requests_total', help: 'Requests refused by throttling (CloudWatch ThrottledRequests)', labelNames: ['operation', ...acct], registers });
    this.#conflicts = new Counter({ name: 'sqynamo_transaction_conflict_total', help: 'Transactions that met a conflicting transaction (CloudWatch TransactionConflict)', labelNames: ['operation', ...acct], registers });
    this.#canceled = new Counter({ name: 'sqynamo_transaction_canceled_total', help: 'Transactions cancelled (TransactionCanceledException)', labelNames: ['operation', ...acct], registers });
    this.#returned = new Histogram({
      name: 'sqynamo_returned_item_count',
      help: 'Items returned per read request (CloudWatch ReturnedItemCount), by operation',
      labelNames: ['operation', ...acct],
      buckets: COUNT_BUCKETS,
      registers,
    });
    this.#scanned = new Histogram({ name: 'sqynamo_scanned_item_count', help: 'Items examined per Query or Scan (ScannedCount), by operation', labelNames: ['operation', ...acct], buckets: COUNT_BUCKETS, registers });
    this.#authFailures = new Counter({ name: 'sqynamo_auth_failures_total', help: 'Requests refused by authentication, by reason', labelNames: ['reason'], registers });
    this.#commitWrites = new Histogram({ name: 'sqynamo_group_commit_writes', help: 'Write transactions per group commit', buckets: WRITES_BUCKETS, registers });
    this.#commitSeconds = new Histogram({ name: 'sqynamo_commit_duration_seconds', help: 'Time of a group commit (COMMIT, WAL sync included)', buckets: COMMIT_BUCKETS, registers });
    this.#backfillRows = new Counter({ name: 'sqynamo_index_backfill_rows_total', help: 'Rows indexed by backfills of new global secondary indexes', labelNames: ['region', 'table', 'index', ...acct], registers });
    this.#backfillsDone = new Counter({ name: 'sqynamo_index_backfills_completed_total', help: 'Index backfills finished', labelNames: ['region', 'table', 'index', ...acct], registers });

    const tables = options.tables;
    const withAccount = (labels: LabelValues<string>, accountId: string): LabelValues<string> => (options.accountLabel ? { ...labels, account: accountId } : labels);
    if (tables) {
      const tableGauge = (name: string, help: string, pick: (s: TableSample) => number) =>
        new Gauge({
          name,
          help,
          labelNames: ['region', 'table', ...acct],
          registers,
          // every process of a cluster samples the same files
          aggregator: 'max',
          async collect() {
            this.reset();
            const samples = await tables();
            for (const s of samples) this.inc(withAccount({ region: s.region, table: s.table }, s.accountId), pick(s));
          },
        });
      tableGauge('sqynamo_table_items', 'Items of a table (sampled, at most every 30 s)', (s) => s.items);
      tableGauge('sqynamo_table_size_bytes', 'Bytes of a table as DynamoDB sizes items (sampled, at most every 30 s)', (s) => s.bytes);
    }
    const walSizes = options.walSizes;
    if (walSizes) {
      new Gauge({
        name: 'sqynamo_wal_size_bytes',
        help: 'Size of the SQLite write-ahead logs',
        labelNames: acct,
        registers,
        aggregator: 'max',
        async collect() {
          this.reset();
          const sizes = await walSizes();
          if (options.accountLabel) for (const [account, bytes] of sizes) this.set({ account }, bytes);
          else this.set([...sizes.values()].reduce((a, b) => a + b, 0));
        },
      });
    }
  }

  /** Cached label children: prom-client hashes the labels on every call otherwise. */
  #child<T extends { inc(n?: number): void } | { observe(v: number): void }>(metric: { labels(labels: LabelValues<string>): T }, key: string, labels: LabelValues<string>): T {
    let child = this.#children.get(key) as T | undefined;
    if (child === undefined) {
      child = metric.labels(labels);
      this.#children.set(key, child);
    }
    return child;
  }

  request(event: RequestEvent): void {
    const operation = event.operation ?? 'none';
    const account = this.#accountLabel ? (event.accountId ?? 'none') : undefined;
    const base: LabelValues<string> = account === undefined ? { operation } : { operation, account };
    // labels in the order they are declared, so the exposition reads operation, status|error, account
    const withLabel = (name: string, value: string): LabelValues<string> => (account === undefined ? { operation, [name]: value } : { operation, [name]: value, account });
    const k = `${operation}\u0000${account ?? ''}`;
    this.#child(this.#requests, `r\u0000${k}\u0000${event.status}`, withLabel('status', String(event.status))).inc();
    if (event.status < 400) {
      this.#child(this.#latency, `l\u0000${k}`, base).observe(event.seconds);
      if (event.items) {
        this.#child(this.#returned, `ri\u0000${k}`, base).observe(event.items.returned);
        if (event.items.scanned !== undefined) this.#child(this.#scanned, `si\u0000${k}`, base).observe(event.items.scanned);
      }
      return;
    }
    const error = event.error?.code ?? 'none';
    const family = event.status >= 500 ? this.#systemErrors : this.#userErrors;
    this.#child(family, `e\u0000${k}\u0000${event.status >= 500}\u0000${error}`, withLabel('error', error)).inc();
    if (event.error) {
      const kinds = errorKinds(event.error);
      if (kinds.conditionalCheckFailed) this.#child(this.#conditionalFailed, `c\u0000${k}`, base).inc();
      if (kinds.throttled) this.#child(this.#throttled, `t\u0000${k}`, base).inc();
      if (kinds.transactionConflict) this.#child(this.#conflicts, `x\u0000${k}`, base).inc();
      if (kinds.transactionCanceled) this.#child(this.#canceled, `n\u0000${k}`, base).inc();
    }
  }

  authFailure(error: Pick<DynamoDBError, 'code' | 'message'>): void {
    const reason = authFailureKind(error);
    this.#child(this.#authFailures, `a\u0000${reason}`, { reason }).inc();
  }

  commit(writes: number, seconds: number): void {
    this.#commitWrites.observe(writes);
    this.#commitSeconds.observe(seconds);
  }

  backfill(progress: BackfillProgress): void {
    const labels: LabelValues<string> = { region: progress.region, table: progress.table, index: progress.index };
    if (this.#accountLabel) labels.account = progress.accountId;
    this.#backfillRows.inc(labels, progress.rows);
    if (progress.done) this.#backfillsDone.inc(labels);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
