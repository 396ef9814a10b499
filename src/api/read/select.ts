/** Select against ProjectionExpression / AttributesToGet / IndexName, as DynamoDB checks it. */
import { validation, type DynamoDBError } from '../../errors.js';
import type { JsonObject } from '../context.js';
import { READ_MESSAGES } from './messages.js';

export type ReadOperation = 'Query' | 'Scan';
export type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/**
 * Query reports Select conflicts as a (single) constraint failure, Scan as a bare
 * message: AWS's own inconsistency, recorded by tests run against DynamoDB.
 */
const selectError = (operation: ReadOperation, message: string): DynamoDBError =>
  validation(operation === 'Query' ? `1 validation error detected: ${message}` : message);

/** Checks Select as DynamoDB does, and returns whether only the count is wanted. */
export function checkSelect(request: JsonObject, operation: ReadOperation): { countOnly: boolean } {
  const select = request.Select as Select | undefined;
  const projectionMember = request.ProjectionExpression != null ? 'ProjectionExpression' : request.AttributesToGet != null ? 'AttributesToGet' : undefined;
  switch (select) {
    case 'ALL_ATTRIBUTES':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'ALL_ATTRIBUTES'));
      break;
    case 'ALL_PROJECTED_ATTRIBUTES':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'ALL_PROJECTED_ATTRIBUTES'));
      if (request.IndexName == null) throw selectError(operation, READ_MESSAGES.projectedNeedsIndex);
      break;
    case 'COUNT':
      if (projectionMember) throw selectError(operation, READ_MESSAGES.cannotSpecify(projectionMember, 'only the Count'));
      break;
    case 'SPECIFIC_ATTRIBUTES':
      if (!projectionMember) throw selectError(operation, READ_MESSAGES.mustSpecify);
      break;
    default:
      break;
  }
  return { countOnly: select === 'COUNT' };
}
