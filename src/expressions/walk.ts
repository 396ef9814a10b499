/**
 * A fold over condition trees, parsed (parser.ts RawCondition) or resolved (ast.ts
 * ConditionNode), which share their shape: every operand in document order, each function
 * call before its arguments, with its nesting (0 for a function used as a condition, one
 * more for each operand position around it). The walk is exhaustive over the node kinds,
 * in the manner of Kysely's operation-node visitor: a new kind fails to compile here, not
 * in each of the walks built on it (structural checks, the paths a filter reads, the
 * names a PartiQL WHERE clause uses).
 */
import type { ConditionNode, DocumentPath, Operand } from './ast.js';

/** An operand of either tree: a path, a value, or a function call whose arguments are operands. */
export interface OperandShape {
  readonly kind: string;
}

interface FunctionShape<O> {
  readonly kind: 'function';
  readonly args: readonly O[];
}

/** A condition node of either tree, over its operand type. */
export type ConditionShape<O extends OperandShape> =
  | { readonly kind: 'comparison'; readonly left: O; readonly right: O }
  | { readonly kind: 'between'; readonly operand: O; readonly lower: O; readonly upper: O }
  | { readonly kind: 'in'; readonly operand: O; readonly list: readonly O[] }
  | FunctionShape<O>
  | { readonly kind: 'not'; readonly operand: ConditionShape<O> }
  | { readonly kind: 'and' | 'or'; readonly left: ConditionShape<O>; readonly right: ConditionShape<O> };

/** Folds one operand and, for a function call, its arguments (one level deeper), in order. */
export function foldOperand<O extends OperandShape, A>(operand: O, acc: A, step: (acc: A, operand: O, nesting: number) => A, nesting: number): A {
  let out = step(acc, operand, nesting);
  if (operand.kind === 'function') {
    for (const arg of (operand as unknown as FunctionShape<O>).args) out = foldOperand(arg, out, step, nesting + 1);
  }
  return out;
}

/** Folds every operand of a condition, in document order (see the module comment). */
export function foldCondition<O extends OperandShape, A>(node: ConditionShape<O>, acc: A, step: (acc: A, operand: O, nesting: number) => A): A {
  switch (node.kind) {
    case 'comparison':
      return foldOperand(node.right, foldOperand(node.left, acc, step, 1), step, 1);
    case 'between':
      return foldOperand(node.upper, foldOperand(node.lower, foldOperand(node.operand, acc, step, 1), step, 1), step, 1);
    case 'in': {
      let out = foldOperand(node.operand, acc, step, 1);
      for (const item of node.list) out = foldOperand(item, out, step, 1);
      return out;
    }
    case 'function':
      return foldOperand(node as unknown as O, acc, step, 0);
    case 'not':
      return foldCondition(node.operand, acc, step);
    case 'and':
    case 'or':
      return foldCondition(node.right, foldCondition(node.left, acc, step), step);
    default: {
      const unknown: never = node;
      throw new Error(`unknown condition node ${JSON.stringify(unknown)}`);
    }
  }
}

/** Every document path a (resolved) condition reads, in the order written. */
export function conditionPaths(node: ConditionNode): DocumentPath[] {
  return foldCondition<Operand, DocumentPath[]>(node, [], (paths, operand) => {
    if (operand.kind === 'path') paths.push(operand);
    return paths;
  });
}
