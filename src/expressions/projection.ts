/**
 * Projections: keeping only some document paths of an item. Nested maps keep their
 * structure; list elements picked by index are returned in index order with the gaps
 * closed up (`l[1], l[3]` yields a two-element list), as DynamoDB returns them.
 */
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { isLeaf, type DocumentPath, type Leaf, type PathTree } from './ast.js';
import { emptyRecord } from '../model/records.js';

/** A compiled ProjectionExpression (or legacy AttributesToGet). */
export interface Projection {
  readonly kind: 'Projection';
  /** The paths in the order they were written. */
  readonly paths: readonly DocumentPath[];
  /** The same paths merged into a tree (leaves hold indexes into `paths`). */
  readonly tree: PathTree<number>;
}

type Subtree<L> = PathTree<L> | Leaf<L>;

/** The part of a map (or the item) selected by `tree`; empty when nothing matched. */
function projectMap<L>(tree: PathTree<L>, entries: Item): Item {
  const out = emptyRecord<AttributeValue>();
  for (const [key, child] of tree.children) {
    if (typeof key !== 'string' || !Object.hasOwn(entries, key)) continue;
    const projected = projectValue(child, entries[key]);
    if (projected !== undefined) out[key] = projected;
  }
  return out;
}

function projectList<L>(tree: PathTree<L>, items: readonly AttributeValue[]): AttributeValue[] {
  const picked: [number, AttributeValue][] = [];
  for (const [key, child] of tree.children) {
    if (typeof key !== 'number' || key >= items.length) continue;
    const projected = projectValue(child, items[key]);
    if (projected !== undefined) picked.push([key, projected]);
  }
  return picked.sort(([a], [b]) => a - b).map(([, value]) => value);
}

/** The part of `value` selected by `node`, or undefined when nothing matched. */
function projectValue<L>(node: Subtree<L>, value: AttributeValue): AttributeValue | undefined {
  if (isLeaf(node)) return value;
  if ('M' in value) {
    const entries = projectMap(node, value.M);
    return Object.keys(entries).length > 0 ? { M: entries } : undefined;
  }
  if ('L' in value) {
    const items = projectList(node, value.L);
    return items.length > 0 ? { L: items } : undefined;
  }
  return undefined;
}

/** The item restricted to the paths of `tree` (possibly empty). Never mutates `item`. */
export function projectTree<L>(tree: PathTree<L>, item: Item): Item {
  return projectMap(tree, item);
}

/** Applying a projection to an item returns the projected item (possibly empty). */
export function applyProjection(projection: Projection, item: Item): Item {
  return projectTree(projection.tree, item);
}

/** The distinct top-level attribute names a projection reads, in the order written. */
export function projectionTopLevelNames(projection: Projection): string[] {
  return [...new Set(projection.paths.map((path) => path.elements[0] as string))];
}

