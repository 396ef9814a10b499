/**
 * Every message the PartiQL layer produces, as DynamoDB words it.
 *
 * Sources: responses pinned against DynamoDB (the nubo-db/dynamodb-conformance suite:
 * syntax errors, RETURNING and index rejections, transaction wrapping), the message
 * catalogue DynamoDB Local ships (AWS's own emulator, which shares DynamoDB's PartiQL
 * front end), and the detail texts of the PartiQL reference parser DynamoDB runs
 * (partiql-lang-kotlin's SqlParser). Texts marked "unconfirmed" had no recorded answer.
 */

/** Prefix of every syntax error; a lexical error has nothing after it. */
export const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";

/** Detail texts of the parser (after {@link NOT_WELL_FORMED}). */
export const SYNTAX = {
  unexpectedTerm: 'Unexpected term',
  unexpectedKeyword: 'Unexpected keyword',
  unexpectedOperator: 'Unexpected operator',
  afterExpression: 'Unexpected token after expression',
  afterSemicolon: 'Unexpected token after semicolon. (Only one query is allowed.)',
  missingRightHandSide: 'Missing right-hand side expression of infix operator',
  expectedDml: 'Expected data manipulation',
  simplePath: 'Expected identifier for simple path',
  simplePathComponent: 'Invalid path component for simple path',
  simplePathDot: 'Invalid path dot component for simple path',
  pathDot: 'Invalid path dot component',
  typeName: 'Expected type name',
  expectedToken: (type: string) => `Expected ${type}`,
  expectedKeyword: (keyword: string) => `Expected ${keyword.toUpperCase()}`,
  expressionAfter: (keyword: 'AND' | 'ESCAPE') => `Expected expression after ${keyword}`,
  fromAfterSelect: 'Expected FROM after SELECT list',
  fromAfterDelete: 'Expected FROM after DELETE',
  emptyGroup: 'Expression group cannot be empty',
  starNotAlone: "Other expressions may not be present in the select list when '*' is used without dot notation.",
  callWithStar: (name: string) => `${name}(*) is not allowed`,
  aliasIdentifier: (keyword: string) => `Expected identifier for ${keyword}-alias`,
  setAssignment: "Expected '='",
  missingSetAssignment: 'Expected assignment for SET',
  returningMapping: 'Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause',
  onConflict: 'Expected CONFLICT',
  /** unconfirmed: deeper nesting than the parser accepts */
  tooDeep: 'Expression is too deeply nested',
} as const;

/** Semantic errors (ValidationException), DynamoDB's catalogue. */
export const PARTIQL_MESSAGES = {
  incompleteKey: 'Where clause does not contain a mandatory equality on all key attributes',
  notOnIndex: 'This operation is not supported on an index',
  unexpectedFromSource: 'Unexpected from source',
  consistentReadOnGsi: 'Strongly consistent read is not supported on Global Secondary Indexes',
  emptyPathComponent: 'Path component cannot be an empty string',
  invalidNextToken: 'Invalid NextToken',
  startKeyInvalid: 'The provided starting key is invalid',
  aliasing: 'Aliasing is not supported',
  atInInsert: 'AT is not supported in insert statements.',
  insertFormat: 'Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.',
  emptyBag: 'Empty bags are not supported',
  singleSource: 'Only select from a single table or index is supported.',
  dmlFrom: 'FROM clause may only contain a single table name in data manipulation statements',
  tooManyReads: 'Too many decomposed read operations for a given query.',
  conflictAction: 'Invalid conflict action. Only "DO NOTHING" action is supported.',
  multipleReturning: 'Invalid syntax with multiple returning elements in RETURNING clause',
  returningStar: "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
  inOperator: 'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member',
  existsOutsideTransaction: 'EXISTS can only be used in ExecuteTransaction write requests.',
  missingLiteral: 'MISSING must be compared using IS operator',
  isOperand: 'The left hand side argument to IS must be a Variable Reference, Literal, or Path',
  isInUpdate: 'IS operator is not supported in update expressions',
  unsupportedUpdateAction: 'Only SET and REMOVE are supported in update expressions at this time',
  insertMultiple: 'Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead',
  insertFromWhere: 'Unsupported FROM ... WHERE ... clause in INSERT statement.',
  duplicateItem: 'Duplicate primary key exists in table',
  notOperand: 'The argument to NOT must be a Type or Expression',
  andOrOperand: 'The arguments to AND/OR must be Expressions',
  whereBoolean: 'WHERE clause must contain an expression that resolves to a boolean',
  multipleKeyConditions: (key: string) => `Multiple conditions on same key ${key}. Only single item Update/Insert/Delete are supported`,
  unpivotPath: 'Unpivot path component like a.*.b are not supported',
  wildcardPath: 'Wildcard path component like a[*].b are not supported',
  listIndex: (index: string) => `List index is not within the allowable range; index: [${index}]`,
  pathStartsWithIndex: 'A path cannot start with a list index',
  unexpectedPathComponent: 'Unexpected path component',
  nestedKey: (key: string) => `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key ${key}`,
  keyAbsent: (key: string) => `Key attribute should be present in the item: Key ${key}`,
  keyType: (key: string) => `Key attribute's data type should match its data type in table's schema: Key ${key}`,
  setFunctionArgs: (fn: string) => `SET_${fn} must have exactly two arguments`,
  setFunctionFirst: (fn: string) => `The first argument to SET_${fn} must equal the assignment value`,
  setFunctionSecond: (fn: string) => `The second argument to SET_${fn} must be a value with type SET`,
  unsupportedClause: (clause: string) => `Unsupported clause: ${clause}`,
  unsupportedOperation: (op: string) => `Unsupported operation: ${op}`,
  unrecognizedFunction: (name: string) => `Unrecognized function: ${name}`,
  conditionOperator: (op: string) => `Unsupported operator in Condition Expression. Operator: ${op}`,
  updateOperator: (op: string) => `Unsupported operator in Update Expression. Operator: ${op}`,
  bagType: 'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags',
  duplicateSelectName: (name: string) => `Duplicate identifiers in select clause: ${name}`,
  isType: (type: string) => `Unsupported data type for IS operator: ${type}. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]`,
  returningInInsert: 'RETURNING is not supported in INSERT',
  returningInDelete: (clause: string) => `Invalid returning clause: RETURNING ${clause}. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
  duplicateTupleKey: (key: string, path: string) => `Duplicate keys in tuple. Key: ${key} under ${path}`,
  tupleKeyType: (type: string, path: string) => `Tuple keys must be of type String. Actual type: ${type} under ${path}`,
  dataType: (type: string, path: string) => `Unsupported data type: ${type} under key ${path}`,
  ionLiteral: (text: string, path: string) => `Ion Literals are not supported: ${text} under key ${path}`,
  parameterCount: "Number of parameters in request and statement don't match.",
  starWithOthers: "Other attributes should not be present in the projection when '*' is used.",
  tableName: "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  sourceList: 'Invalid list expression in source.',
  sourceComponents: 'A path may contain at most 2 components in the FROM clause',
  selectValue: "Select projection doesn't support value or pivot keywords",
  noIndex: 'The table does not have the specified index',
  transactionSelectKey: 'Select statements within ExecuteTransaction must specify the primary key in the where clause.',
  indexReadInTransaction: 'Reads on indices are not supported within transactions.',
  indexWriteInTransaction: 'Operations on indices are not supported in transactions',
  existsKey: 'EXISTS() must contain a single item read with additional condition',
  orderByWithoutWhere: 'Must have WHERE clause in the statement when using ORDER BY clause.',
  orderByWithoutHashKey: 'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
  orderByNotKey: (name: string) => `Variable reference ${name} in ORDER BY clause must be part of the primary key`,
  orderByType: (type: string) => `Argument to ORDER BY must be of type VariableReference. Type: ${type}`,
  orderByHashKey: 'Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.',
  /** under a key: "<number message> under root.a[1]" */
  underPath: (message: string, path: string) => `${message} under ${path}`,
  notProjected: (kind: 'Global' | 'Local', index: string, names: readonly string[]) =>
    `One or more parameter values were invalid: ${kind} secondary index ${index} does not project [${names.join(', ')}]`,
  filterNotProjected: (index: string, names: readonly string[]) =>
    `One or more parameter values were invalid: Secondary index ${index} does not project one or more filter attributes: [${names.join(', ')}]`,
} as const;

/** ExecuteTransaction and BatchExecuteStatement. */
export const MULTI_STATEMENT_MESSAGES = {
  inTransaction: (index: number, message: string) => `Validation failed in TransactStatements[${index}]: ${message}`,
  returningInTransaction: 'RETURNING clause is not supported in ExecuteTransaction.',
  readAndWrite: 'ExecuteTransaction API does not support both read and write operations in the same request.',
  /** unconfirmed: DynamoDB documents the rule, no recorded answer gives its text */
  batchReadAndWrite: 'BatchExecuteStatement API does not support both read and write operations in the same request.',
  sameItem: 'Transaction request cannot include multiple operations on one item',
} as const;
