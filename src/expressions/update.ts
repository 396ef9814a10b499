/**
 * Applying a compiled update to an item, purely: the input item is never modified; the
 * result shares unchanged sub-values with it.
 *
 * As in DynamoDB, every operand is read from the item as it was before the update, the
 * actions are merged into one tree of paths and the new item is rebuilt along it: a path
 * through a missing or non-document value is "invalid for update"; list elements are
 * addressed by their original index, so `REMOVE l[0], l[1]` removes the first two, and
 * setting an index past the end appends.
 */
import { payloadOf, typeOf, type AttributeValue, type Item } from '../model/attribute-value.js';
import { valuesEqual } from '../model/compare.js';
import { addNumbers, subtractNumbers } from '../model/number.js';
import { checkName } from '../model/validate.js';
import { validation } from '../errors.js';
import { isLeaf, type Leaf, type PathElement, type PathTree, type SetValue, type UpdateAction } from './ast.js';
import { evaluateOperand } from './evaluate.js';
import { UPDATE_MESSAGES } from './messages.js';

/** A compiled UpdateExpression (or legacy AttributeUpdates). */
export interface Update {
  readonly kind: 'Update';
  /** The actions in the order they were written. */
  readonly actions: readonly UpdateAction[];
  /** Their paths merged into a tree; leaves hold indexes into `actions`. */
  readonly tree: PathTree<number>;
  /** Compiled from AttributeUpdates: ADD may append lists, type errors use the legacy wording. */
  readonly legacy: boolean;
}

/** The outcome of applying an update. */
export interface UpdateResult {
  readonly item: Item;
  /** Top-level attributes the update touched (for UPDATED_OLD / UPDATED_NEW). */
  readonly updatedNames: Set<string>;
}

const invalidPath = () => validation(UPDATE_MESSAGES.invalidPath);
const missingAttribute = () => validation(UPDATE_MESSAGES.missingAttribute);
const typeError = (update: Update) => validation(update.legacy ? UPDATE_MESSAGES.legacyTypeMismatch : UPDATE_MESSAGES.incorrectType);

/**
 * Throws DynamoDB's "Cannot update attribute <name>. This attribute is part of the key"
 * when an action targets a key attribute (or anything inside one).
 */
export function checkUpdateKeys(update: Update, keyNames: readonly string[]): void {
  for (const action of update.actions) {
    const top = action.path.elements[0] as string;
    if (keyNames.includes(top)) throw validation(UPDATE_MESSAGES.keyAttribute(top));
  }
}

/**
 * Every attribute name an update writes (SET, ADD and DELETE targets, top level or
 * nested) must be a name an item can hold: at most 65535 bytes. A `#name` can stand for
 * a name of 65535 characters but more bytes (ExpressionAttributeNames limits characters).
 */
export function checkUpdateNames(update: Update): void {
  for (const action of update.actions) {
    if (action.kind === 'remove') continue;
    for (const element of action.path.elements) if (typeof element === 'string') checkName(element);
  }
}

/** The operands of an operator, each present and of type `type`; checked in order, as DynamoDB does. */
function operandsOf<T extends 'N' | 'L'>(values: readonly (AttributeValue | undefined)[], type: T): AttributeValue[] {
  return values.map((value) => {
    if (value === undefined) throw missingAttribute();
    if (!(type in value)) throw validation(UPDATE_MESSAGES.incorrectType);
    return value;
  });
}

/**
 * Evaluates an operand of a SET against the original item, operands before operators:
 * undefined when a path is missing (if_not_exists tolerates that in its first operand).
 */
function evaluateUpdateOperand(value: SetValue, item: Item): AttributeValue | undefined {
  switch (value.kind) {
    case 'path':
    case 'value':
      return evaluateOperand(value, item);
    case 'arithmetic': {
      const [left, right] = operandsOf([evaluateUpdateOperand(value.left, item), evaluateUpdateOperand(value.right, item)], 'N') as { N: string }[];
      return { N: value.op === '+' ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
    case 'function': {
      const args = value.args.map((arg) => evaluateUpdateOperand(arg, item));
      if (value.name === 'if_not_exists') {
        if (args[1] === undefined) throw missingAttribute();
        return args[0] ?? args[1];
      }
      // list_append, the only other function an update may use
      const [first, second] = operandsOf(args, 'L') as { L: AttributeValue[] }[];
      return { L: [...first.L, ...second.L] };
    }
  }
}

/** Evaluates the right-hand side of a SET; it must yield a value. */
function evaluateSetValue(value: SetValue, item: Item): AttributeValue {
  const result = evaluateUpdateOperand(value, item);
  if (result === undefined) throw missingAttribute();
  return result;
}

/** The members of `b` missing from `a`, for sets of the same type. */
function setUnion(a: AttributeValue, b: AttributeValue): AttributeValue {
  const type = typeOf(a);
  const member = (text: string): AttributeValue => ({ [type.slice(0, 1)]: text }) as AttributeValue;
  const existing = payloadOf(a) as string[];
  const added = (payloadOf(b) as string[]).filter((x) => !existing.some((y) => valuesEqual(member(x), member(y))));
  return added.length === 0 ? a : ({ [type]: [...existing, ...added] } as AttributeValue);
}

function setDifference(a: AttributeValue, b: AttributeValue): AttributeValue | undefined {
  const type = typeOf(a);
  const member = (text: string): AttributeValue => ({ [type.slice(0, 1)]: text }) as AttributeValue;
  const removed = payloadOf(b) as string[];
  const kept = (payloadOf(a) as string[]).filter((x) => !removed.some((y) => valuesEqual(member(x), member(y))));
  return kept.length === 0 ? undefined : ({ [type]: kept } as AttributeValue);
}

/** ADD: creates a missing attribute, adds numbers, unions sets (legacy: also appends lists). */
function add(update: Update, existing: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  if (existing === undefined) return value;
  if (typeOf(existing) !== typeOf(value)) throw typeError(update);
  if ('N' in existing) return { N: addNumbers(existing.N, (value as { N: string }).N) };
  if ('L' in existing) return { L: [...existing.L, ...(value as { L: AttributeValue[] }).L] };
  return setUnion(existing, value);
}

/** DELETE: removes set members; a set left empty disappears. */
function remove(update: Update, existing: AttributeValue | undefined, value: AttributeValue): AttributeValue | undefined {
  if (existing === undefined) return undefined;
  if (typeOf(existing) !== typeOf(value)) throw typeError(update);
  return setDifference(existing, value);
}

/** The new value of the attribute an action ends on (undefined: the attribute goes away). */
function actionResult(update: Update, action: UpdateAction, existing: AttributeValue | undefined, item: Item): AttributeValue | undefined {
  switch (action.kind) {
    case 'set':
      return evaluateSetValue(action.value, item);
    case 'remove':
      return undefined;
    case 'add':
      return add(update, existing, action.value.value);
    case 'delete':
      return remove(update, existing, action.value.value);
  }
}

/** A document level being rebuilt: the top-level item / a map, or a list. */
type Container = { readonly kind: 'map'; readonly entries: Item } | { readonly kind: 'list'; readonly items: readonly AttributeValue[] };

/** Tree children in a stable order: list indexes ascending, names by code unit. */
function sortedChildren(tree: PathTree<number>): [PathElement, PathTree<number> | Leaf<number>][] {
  return [...tree.children].sort(([a], [b]) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}

function childOf(container: Container, key: PathElement): AttributeValue | undefined {
  if (container.kind === 'list') return container.items[key as number];
  return Object.hasOwn(container.entries, key as string) ? container.entries[key as string] : undefined;
}

function asContainer(value: AttributeValue): Container {
  if ('M' in value) return { kind: 'map', entries: value.M };
  if ('L' in value) return { kind: 'list', items: value.L };
  throw invalidPath();
}

/** The new values of the children the update tree names at one document level (undefined: removed), in the order evaluated. */
function changedChildren(update: Update, tree: PathTree<number>, container: Container, item: Item): Map<PathElement, AttributeValue | undefined> {
  const changed = new Map<PathElement, AttributeValue | undefined>();
  for (const [key, child] of sortedChildren(tree)) {
    if ((typeof key === 'number') !== (container.kind === 'list')) throw invalidPath();
    const existing = childOf(container, key);
    if (isLeaf(child)) {
      changed.set(key, actionResult(update, update.actions[child.leaf], existing, item));
    } else {
      if (existing === undefined) throw invalidPath();
      changed.set(key, rebuildValue(update, child, existing, item));
    }
  }
  return changed;
}

/**
 * Sets a member as Object.fromEntries would (an own data property, even for
 * `__proto__`), which is several times slower than plain assignment.
 */
function setMember(map: Item, name: string, value: AttributeValue): void {
  if (name === '__proto__') Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
  else map[name] = value;
}

/** Rebuilds a map (or the item) along the update tree: its members in their order, changed ones replaced or removed, new ones after them. */
function rebuildMap(update: Update, tree: PathTree<number>, entries: Item, item: Item): Item {
  const changed = changedChildren(update, tree, { kind: 'map', entries }, item);
  const result: Item = {};
  for (const name of Object.keys(entries)) {
    const value = changed.has(name) ? changed.get(name) : entries[name];
    if (value !== undefined) setMember(result, name, value);
  }
  for (const [name, value] of changed) if (value !== undefined && !Object.hasOwn(entries, name)) setMember(result, name as string, value);
  return result;
}

/** Rebuilds a list along the update tree (its elements by original index, removed ones closing up, new ones after them). */
function rebuildList(update: Update, tree: PathTree<number>, items: readonly AttributeValue[], item: Item): AttributeValue[] {
  const container: Container = { kind: 'list', items };
  const changed = changedChildren(update, tree, container, item);
  const result = new Map<PathElement, AttributeValue>();
  for (let key = 0; key < items.length; key++) {
    const value = changed.has(key) ? changed.get(key) : items[key];
    if (value !== undefined) result.set(key, value);
  }
  for (const [key, value] of changed) if (value !== undefined && !result.has(key)) result.set(key, value);
  // list elements keep their order by (original) index; gaps close up
  return [...result].sort(([a], [b]) => (a as number) - (b as number)).map(([, element]) => element);
}

function rebuildValue(update: Update, tree: PathTree<number>, value: AttributeValue, item: Item): AttributeValue {
  const container = asContainer(value);
  if (container.kind === 'map') return { M: rebuildMap(update, tree, container.entries, item) };
  return { L: rebuildList(update, tree, container.items, item) };
}

/** Removes the leaves `drop` names from a path tree, and the subtrees left empty. */
function pruneTree(tree: PathTree<number>, drop: (leaf: number) => boolean): PathTree<number> | undefined {
  const children = new Map<PathElement, PathTree<number> | Leaf<number>>();
  for (const [key, child] of tree.children) {
    const kept = isLeaf(child) ? (drop(child.leaf) ? undefined : child) : pruneTree(child, drop);
    if (kept !== undefined) children.set(key, kept);
  }
  return children.size > 0 ? { children } : undefined;
}

/**
 * The update as it applies to an item that does not exist. REMOVE and DELETE (and
 * AttributeUpdates DELETE) act on nothing there, so they are left out, and a path inside
 * a missing attribute is no error for them (`REMOVE a.b` on a missing item succeeds, as
 * DynamoDB has it); undefined when nothing else is left: the item is then not created.
 */
export function updateOfMissingItem(update: Update): Update | undefined {
  const removes = (index: number): boolean => update.actions[index].kind === 'remove' || update.actions[index].kind === 'delete';
  if (!update.actions.some((_, i) => removes(i))) return update;
  const tree = pruneTree(update.tree, removes);
  return tree === undefined ? undefined : { ...update, tree };
}

/**
 * Returns the new item, or throws AWS's ValidationException. `keyNames` are the table's
 * key attribute names; `item` undefined stands for an item that does not exist yet.
 */
export function applyUpdate(update: Update, item: Item | undefined, keyNames: readonly string[]): UpdateResult {
  checkUpdateKeys(update, keyNames);
  const base = item ?? {};
  const next = rebuildMap(update, update.tree, base, base);
  const updatedNames = new Set(update.actions.map((action) => action.path.elements[0] as string));
  return { item: next, updatedNames };
}
