/**
 * Structural checks on a freshly parsed expression, before any placeholder is resolved:
 * function names and where each function may appear, reserved words used as bare
 * attribute names, list index range, and repeated update sections. The walk is in
 * document order, so the first offending construct in the text is the one reported,
 * as DynamoDB does.
 */
import { isReservedWord } from '../model/reserved-words.js';
import { EXPRESSION_MESSAGES } from './messages.js';
import { ExpressionError } from './expression-error.js';
import type { RawCondition, RawFunction, RawOperand, RawPath, RawSection, RawSetValue, SectionKeyword } from './parser.js';
import { foldCondition, foldOperand } from './walk.js';

/** Functions allowed in condition, filter and key condition expressions. */
export const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
]);
/** Functions allowed in update expressions. */
export const UPDATE_FUNCTIONS: ReadonlySet<string> = new Set(['if_not_exists', 'list_append']);

/** Largest list index DynamoDB accepts (a Java int). */
export const MAX_LIST_INDEX = 2_147_483_647;

const fail = (reason: string): never => {
  throw new ExpressionError(reason);
};

function checkPath(path: RawPath): void {
  for (const element of path.elements) {
    if (element.kind === 'index') {
      if (Number(element.text) > MAX_LIST_INDEX) fail(EXPRESSION_MESSAGES.listIndex(`[${element.text}]`));
    } else if (!element.text.startsWith('#') && isReservedWord(element.text)) {
      fail(EXPRESSION_MESSAGES.reservedKeyword(element.text));
    }
  }
}

/** Checks a function call where it starts, before its arguments. */
type FunctionRule = (fn: RawFunction, nesting: number) => void;

const conditionFunctionRule: FunctionRule = (fn, nesting) => {
  if (!CONDITION_FUNCTIONS.has(fn.name)) {
    fail(UPDATE_FUNCTIONS.has(fn.name) ? EXPRESSION_MESSAGES.notConditionFunction(fn.name) : EXPRESSION_MESSAGES.invalidFunction(fn.name));
  }
  // size() yields a number: it can only be an operand; every other function is a condition
  if ((nesting === 0) === (fn.name === 'size')) fail(EXPRESSION_MESSAGES.functionContext(fn.name));
};

const updateFunctionRule: FunctionRule = (fn, nesting) => {
  if (!UPDATE_FUNCTIONS.has(fn.name)) {
    fail(CONDITION_FUNCTIONS.has(fn.name) ? EXPRESSION_MESSAGES.notUpdateFunction(fn.name) : EXPRESSION_MESSAGES.invalidFunction(fn.name));
  }
  if (nesting > 0 && fn.name !== 'if_not_exists') fail(EXPRESSION_MESSAGES.functionContext(fn.name));
};

/** Checks an operand (and a function's arguments): paths, and each function where it starts. */
const checkOperand = (operand: RawOperand, nesting: number, rule: FunctionRule): void =>
  foldOperand<RawOperand, void>(operand, undefined, (_, o, depth) => check(o, depth, rule), nesting);

function check(operand: RawOperand, nesting: number, rule: FunctionRule): void {
  if (operand.kind === 'path') checkPath(operand);
  else if (operand.kind === 'function') rule(operand, nesting);
}

/** Structural checks of a condition, filter or key condition expression. */
export function checkCondition(node: RawCondition): void {
  foldCondition<RawOperand, void>(node, undefined, (_, operand, nesting) => check(operand, nesting, conditionFunctionRule));
}

function checkSetValue(value: RawSetValue): void {
  if (value.kind === 'arithmetic') {
    checkOperand(value.left, 1, updateFunctionRule);
    checkOperand(value.right, 1, updateFunctionRule);
  } else {
    checkOperand(value, 0, updateFunctionRule);
  }
}

/** Structural checks of an update expression; a section keyword may appear once. */
export function checkUpdate(sections: readonly RawSection[]): void {
  const seen = new Set<SectionKeyword>();
  for (const section of sections) {
    for (const action of section.actions) {
      checkPath(action.path);
      if (action.kind === 'set') checkSetValue(action.value);
    }
    if (seen.has(section.keyword)) fail(EXPRESSION_MESSAGES.duplicateSection(section.keyword));
    seen.add(section.keyword);
  }
}

/** Structural checks of a projection expression. */
export function checkProjection(paths: readonly RawPath[]): void {
  for (const path of paths) checkPath(path);
}
