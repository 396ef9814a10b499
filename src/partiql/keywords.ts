/**
 * The words the PartiQL lexer reserves. DynamoDB runs the PartiQL reference parser, whose
 * keywords are SQL-92's reserved words plus PartiQL's own (types, MISSING, PIVOT, the DML
 * and RETURNING words). A keyword cannot be an unquoted attribute name: `WHERE pad = 1`
 * is a syntax error, `WHERE "pad" = 1` is not.
 */

const SQL92 = `absolute action add all allocate alter and any are as asc assertion at authorization avg
begin between bit bit_length both by cascade cascaded case cast catalog char char_length character
character_length check close coalesce collate collation column commit connect connection constraint
constraints continue convert corresponding count create cross current current_date current_time
current_timestamp current_user cursor date day deallocate dec decimal declare default deferrable
deferred delete desc describe descriptor diagnostics disconnect distinct domain double drop else end
end-exec escape except exception exec execute exists external extract false fetch first float for
foreign found from full get global go goto grant group having hour identity immediate in indicator
initially inner input insensitive insert int integer intersect interval into is isolation join key
language last leading left level like local lower match max min minute module month names national
natural nchar next no not null nullif numeric octet_length of on only open option or order outer
output overlaps pad partial position precision prepare preserve primary prior privileges procedure
public read real references relative restrict revoke right rollback rows schema scroll second section
select session session_user set size smallint some space sql sqlcode sqlerror sqlstate substring sum
system_user table temporary then time timestamp timezone_hour timezone_minute to trailing transaction
translate translation trim true union unique unknown update upper usage user using value values
varchar varying view when whenever where with work write year zone`;

const PARTIQL = `missing pivot unpivot limit offset tuple remove index conflict do nothing returning modified new old
let string symbol blob clob struct list sexp bag boolean smallint int4 int8 integer4 integer8 date_add
date_diff`;

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/** Every reserved word, lower case. */
export const KEYWORDS: ReadonlySet<string> = new Set([...words(SQL92), ...words(PARTIQL)]);

/** Keywords the lexer turns into operator tokens. */
export const KEYWORD_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'is', 'in', 'like', 'between', 'union', 'intersect', 'except']);

/** Keyword pairs the lexer reads as one token, e.g. `IS NOT` -> `is_not`. */
export const KEYWORD_PAIRS: ReadonlyMap<string, string> = new Map([
  ['is not', 'is_not'],
  ['not in', 'not_in'],
  ['not between', 'not_between'],
  ['not like', 'not_like'],
  ['insert into', 'insert_into'],
  ['double precision', 'double_precision'],
  ['character varying', 'character_varying'],
]);

/** Keywords that are also function names: a call when followed by `(`. */
export const FUNCTION_KEYWORDS: ReadonlySet<string> = new Set([
  'exists',
  'size',
  'count',
  'avg',
  'max',
  'min',
  'sum',
  'substring',
  'trim',
  'extract',
  'char_length',
  'character_length',
  'octet_length',
  'bit_length',
  'upper',
  'lower',
  'coalesce',
  'nullif',
  'date_add',
  'date_diff',
]);

/** Type names `IS` accepts (the parser's; DynamoDB then supports only some of them). */
export const TYPE_NAMES: ReadonlySet<string> = new Set([
  'missing',
  'null',
  'boolean',
  'smallint',
  'int',
  'integer',
  'int4',
  'integer4',
  'int8',
  'integer8',
  'float',
  'real',
  'double_precision',
  'decimal',
  'dec',
  'numeric',
  'timestamp',
  'char',
  'character',
  'varchar',
  'character_varying',
  'string',
  'symbol',
  'clob',
  'blob',
  'struct',
  'tuple',
  'list',
  'sexp',
  'bag',
  'date',
  'time',
]);
