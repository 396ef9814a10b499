/** The PartiQL parser's operator precedences and keyword sets (parser.ts). */

/** Precedence of SELECT's own clauses: set operators (5) end them, OR (10) does not. */
export const SELECT_PRECEDENCE = 6;
export const NOT_PRECEDENCE = 30;

export const INFIX_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['union', 5],
  ['intersect', 5],
  ['except', 5],
  ['or', 10],
  ['and', 20],
  ['=', 40],
  ['<>', 40],
  ['!=', 40],
  ['is', 40],
  ['is_not', 40],
  ['in', 40],
  ['not_in', 40],
  ['<', 50],
  ['<=', 50],
  ['>', 50],
  ['>=', 50],
  ['like', 50],
  ['not_like', 50],
  ['between', 50],
  ['not_between', 50],
  ['||', 60],
  ['+', 70],
  ['-', 70],
  ['*', 80],
  ['/', 80],
  ['%', 80],
]);

export const UNARY_OPERATORS: ReadonlySet<string> = new Set(['+', '-', 'not']);
export const DML_OPERATIONS: ReadonlySet<string> = new Set(['set', 'remove', 'insert_into']);
export const JOIN_WORDS: ReadonlySet<string> = new Set(['join', 'cross', 'inner', 'left', 'right', 'outer', 'full', 'natural']);
export const SELECT_CLAUSES_AFTER_WHERE: ReadonlySet<string> = new Set(['group', 'having', 'order', 'limit', 'offset']);

/** Deepest expression nesting accepted (guards the call stack). */
export const MAX_PARSE_DEPTH = 200;
