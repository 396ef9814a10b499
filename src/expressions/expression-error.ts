/**
 * An expression problem before the request layer has named the expression: `reason`
 * is DynamoDB's text after the `Invalid <Kind>Expression: ` prefix, which the compiler
 * adds when it turns this into a ValidationException.
 */
export class ExpressionError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ExpressionError';
  }
}
