/**
 * Every message text the expression module produces, exactly as DynamoDB words it.
 *
 * DynamoDB builds an expression error as `<reason>;` followed by ` key: value` pairs
 * joined with `, ` (e.g. `Syntax error; token: "x", near: "a x"`), and the request
 * layer prefixes it with `Invalid <Kind>Expression: `. `reason()` reproduces that shape.
 *
 * Sources: AWS's expression grammar (DynamoDbGrammar.g4, shipped by AWS under the Apache
 * licence), the error catalogue of DynamoDB Local, and responses captured from DynamoDB
 * itself (dynalite's and nubo-db's conformance suites, user reports).
 */

/** Which expression parameter an error belongs to. */
export type ExpressionKind = 'Condition' | 'Filter' | 'KeyCondition' | 'Projection' | 'Update';

/** `Invalid ConditionExpression: ` and friends. */
export const invalidPrefix = (kind: ExpressionKind): string => `Invalid ${kind}Expression: `;

/** `<text>;` then ` k1: v1, k2: v2`, DynamoDB's formatting of a parameterised reason. */
export function reason(text: string, ...pairs: readonly (readonly [string, string | number])[]): string {
  if (pairs.length === 0) return `${text};`;
  return `${text}; ${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')}`;
}

/** Reasons inside `Invalid <Kind>Expression: ...`. */
export const EXPRESSION_MESSAGES = {
  empty: reason('The expression can not be empty'),
  sizeExceeded: (size?: number) =>
    size === undefined
      ? reason('Expression size has exceeded the maximum allowed size')
      : reason('Expression size has exceeded the maximum allowed size', ['expression size', size]),
  syntax: (token: string, near: string) => reason('Syntax error', ['token', `"${token}"`], ['near', `"${near}"`]),
  redundantParentheses: reason('The expression has redundant parentheses'),
  reservedKeyword: (word: string) => reason('Attribute name is a reserved keyword', ['reserved keyword', word]),
  listIndex: (text: string) => reason('List index is not within the allowable range', ['index', text]),
  invalidFunction: (name: string) => reason('Invalid function name', ['function', name]),
  notConditionFunction: (name: string) => reason('The function is not allowed in a condition expression', ['function', name]),
  notUpdateFunction: (name: string) => reason('The function is not allowed in an update expression', ['function', name]),
  functionContext: (name: string) =>
    reason('The function is not allowed to be used this way in an expression', ['function', name]),
  duplicateSection: (section: string) => reason(`The "${section}" section can only be used once in an update expression`),
  pathTooDeep: (depth: number) => reason('The document path has too many nesting levels', ['nesting levels', depth]),
  pathConflict: (one: string, two: string) =>
    reason('Two document paths conflict with each other; must remove or rewrite one of these paths', ['path one', one], ['path two', two]),
  pathOverlap: (one: string, two: string) =>
    reason('Two document paths overlap with each other; must remove or rewrite one of these paths', ['path one', one], ['path two', two]),
  undefinedName: (name: string) => reason('An expression attribute name used in the document path is not defined', ['attribute name', name]),
  undefinedValue: (name: string) => reason('An expression attribute value used in expression is not defined', ['attribute value', name]),
  operandCount: (operator: string, count: number) =>
    reason('Incorrect number of operands for operator or function', ['operator or function', operator], ['number of operands', count]),
  operandType: (operator: string, type: string) =>
    reason('Incorrect operand type for operator or function', ['operator or function', operator], ['operand type', type]),
  actionOperandType: (action: 'ADD' | 'DELETE', type: string) =>
    reason(
      'Incorrect operand type for operator or function',
      ['operator', action],
      ['operand type', type],
      ['typeSet', action === 'ADD' ? 'ALLOWED_FOR_ADD_OPERAND' : 'ALLOWED_FOR_DELETE_OPERAND'],
    ),
  requiresPath: (operator: string) => reason('Operator or function requires a document path', ['operator or function', operator]),
  distinctOperands: (operator: string, path: string) =>
    reason(
      'The first operand must be distinct from the remaining operands for this operator or function',
      ['operator', operator],
      ['first operand', path],
    ),
  attributeTypeName: (type: string, valid: string) => reason('Invalid attribute type name found', ['type', type], ['valid types', valid]),
  tooManyOperators: (count: number) => reason('The expression contains too many operators', ['operator count', count]),
  betweenTypes: (lower: string, upper: string) =>
    reason(
      'The BETWEEN operator requires same data type for lower and upper bounds',
      ['lower bound operand', lower],
      ['upper bound operand', upper],
    ),
  betweenOrder: (lower: string, upper: string) =>
    reason(
      'The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
      ['lower bound operand', lower],
      ['upper bound operand', upper],
    ),
  tooManyInOperands: (count: number) => reason('The IN operator is provided with too many operands', ['number of operands', count]),
} as const;

/** Messages about ExpressionAttributeNames / ExpressionAttributeValues themselves (no prefix). */
export const PARAMETER_MESSAGES = {
  emptyNames: 'ExpressionAttributeNames must not be empty',
  emptyValues: 'ExpressionAttributeValues must not be empty',
  invalidNameKey: (key: string) => `ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`,
  invalidValueKey: (key: string) => `ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`,
  emptyNameValue: (key: string) => `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`,
  unusedNames: (keys: readonly string[]) => `Value provided in ExpressionAttributeNames unused in expressions: keys: {${keys.join(', ')}}`,
  unusedValues: (keys: readonly string[]) => `Value provided in ExpressionAttributeValues unused in expressions: keys: {${keys.join(', ')}}`,
} as const;

const INVALID = 'One or more parameter values were invalid: ';

/** Messages produced while applying an update to an item (no prefix). */
export const UPDATE_MESSAGES = {
  invalidPath: 'The document path provided in the update expression is invalid for update',
  incorrectType: 'An operand in the update expression has an incorrect data type',
  missingAttribute: 'The provided expression refers to an attribute that does not exist in the item',
  keyAttribute: (name: string) => `${INVALID}Cannot update attribute ${name}. This attribute is part of the key`,
  legacyTypeMismatch: 'Type mismatch for attribute to update',
} as const;

/** Messages of the KeyConditionExpression / KeyConditions analysis (no prefix). */
export const KEY_CONDITION_MESSAGES = {
  invalidOperator: (operator: string) => `Invalid operator used in KeyConditionExpression: ${operator}`,
  invalidCondition: (detail: string) => `Invalid condition in KeyConditionExpression: ${detail}`,
  keyFirst: (operator: string) => `Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`,
  multipleNames: 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
  noKeyAttribute: 'Invalid condition in KeyConditionExpression: No key attribute specified',
  nested: 'KeyConditionExpressions cannot contain nested operations',
  nestedAttribute: 'KeyConditionExpressions cannot have conditions on nested attributes',
  duplicateKey: 'KeyConditionExpressions must only contain one condition per key',
  conditionCount: 'Conditions can be of length 1 or 2 only',
  notSupported: 'Query key condition not supported',
  missedKey: (name: string) => `Query condition missed key schema element: ${name}`,
  typeMismatch: `${INVALID}Condition parameter type does not match schema type`,
  notIndexable: 'Attempted conditional constraint is not an indexable operation',
} as const;

/** Messages of the legacy (non-expression) parameters (no prefix). */
export const LEGACY_MESSAGES = {
  mixing: (legacy: readonly string[], expressions: readonly string[]) =>
    'Can not use both expression and non-expression parameters in the same request: ' +
    `Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expressions.join(', ')}}`,
  namesWithoutExpressions: 'ExpressionAttributeNames can only be specified when using expressions',
  valuesWithoutExpressions: (expressions: readonly string[]) =>
    `ExpressionAttributeValues can only be specified when using expressions: ${expressions.join(' and ')} ${expressions.length > 1 ? 'are' : 'is'} null`,
  conditionalOperatorWithout: 'ConditionalOperator cannot be used without Filter or Expected',
  conditionalOperatorSingle: 'ConditionalOperator can only be used when Filter or Expected has two or more elements',
  argumentCount: (operator: string) => `${INVALID}Invalid number of argument(s) for the ${operator} ComparisonOperator`,
  operatorType: (operator: string, type: string) => `${INVALID}ComparisonOperator ${operator} is not valid for ${type} AttributeValue type`,
  sameType: `${INVALID}AttributeValues inside AttributeValueList must be of same type`,
  betweenOrder: 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
  valueAndList: (name: string) => `${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${name}`,
  existsAndOperator: (name: string) => `${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${name}`,
  operatorNeedsValue: (operator: string, name: string) =>
    `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${operator} for Attribute: ${name}`,
  listWithoutOperator: (name: string) => `${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`,
  valueRequired: (exists: 'null' | 'true', name: string) => `${INVALID}Value must be provided when Exists is ${exists} for Attribute: ${name}`,
  valueWithExistsFalse: (name: string) => `${INVALID}Value cannot be used when Exists is false for Attribute: ${name}`,
  updateWithoutValue: `${INVALID}Only DELETE action is allowed when no attribute value is specified`,
  deleteType: (type: string) => `${INVALID}DELETE action with value is not supported for the type ${type}`,
  addType: (type: string) => `${INVALID}ADD action is not supported for the type ${type}`,
  duplicateAttributeToGet: (name: string) => `${INVALID}Duplicate value in attribute name: ${name}`,
} as const;
