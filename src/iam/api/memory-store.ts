/**
 * An IamStore in memory: one map per kind, transactions run one at a time, their writes staged
 * and applied together when the transaction returns. For tests of the IAM API and for servers
 * that keep nothing on disk.
 */
import { keyOf, type IamEntities, type IamKind, type IamStore, type IamWriter } from './store.js';

type Tables = { [K in IamKind]: Map<string, IamEntities[K]> };

const emptyTables = (): Tables => ({ user: new Map(), group: new Map(), role: new Map(), policy: new Map(), accessKey: new Map() });

/** Entities are values: what a caller holds can never change what is stored. */
const copy = <T>(value: T): T => structuredClone(value);

export function createMemoryIamStore(): IamStore {
  const tables = emptyTables();
  let queue: Promise<unknown> = Promise.resolve();

  const sorted = <K extends IamKind>(map: Map<string, IamEntities[K]>): IamEntities[K][] =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => copy(v));

  return {
    async get(kind, key) {
      const value = tables[kind].get(key);
      return value === undefined ? undefined : copy(value);
    },
    async list(kind) {
      return sorted(tables[kind]);
    },
    transaction<T>(fn: (tx: IamWriter) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        // staged writes: a value, or null for a delete
        const staged: { [K in IamKind]: Map<string, IamEntities[K] | null> } = { user: new Map(), group: new Map(), role: new Map(), policy: new Map(), accessKey: new Map() };
        const view = <K extends IamKind>(kind: K): Map<string, IamEntities[K]> => {
          const merged = new Map(tables[kind]);
          for (const [key, value] of staged[kind]) {
            if (value === null) merged.delete(key);
            else merged.set(key, value);
          }
          return merged;
        };
        const tx: IamWriter = {
          async get(kind, key) {
            const value = view(kind).get(key);
            return value === undefined ? undefined : copy(value);
          },
          async list(kind) {
            return sorted(view(kind));
          },
          async put(kind, entity) {
            (staged[kind] as Map<string, unknown>).set(keyOf(kind, entity), copy(entity));
          },
          async delete(kind, key) {
            (staged[kind] as Map<string, unknown>).set(key, null);
          },
        };
        const result = await fn(tx);
        for (const kind of Object.keys(staged) as IamKind[]) {
          for (const [key, value] of staged[kind]) {
            if (value === null) tables[kind].delete(key);
            else (tables[kind] as Map<string, unknown>).set(key, value);
          }
        }
        return result;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
