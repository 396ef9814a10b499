/** AWS's texts for the read path (Query, Scan, PartiQL SELECT), and its page size. */

/** DynamoDB stops a Query or Scan page once it has read 1 MB of items. */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** AWS's texts for Select conflicts, read targets and ExclusiveStartKey problems. */
export const READ_MESSAGES = {
  cannotSpecify: (member: 'ProjectionExpression' | 'AttributesToGet', what: string) =>
    `Cannot specify the ${member} when choosing to get ${what}`,
  mustSpecify: 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
  projectedNeedsIndex: 'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
  startKeyInvalid: 'The provided starting key is invalid',
  startKeyInvalidBecause: (message: string) => `The provided starting key is invalid: ${message}`,
  noSuchIndex: (name: string) => `The table does not have the specified index: ${name}`,
  nestedKeyPath: (name: string) => `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${name}`,
  nestedIndexKeyPath: (name: string) => `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ${name}`,
  consistentReadOnGlobalIndex: 'Consistent reads are not supported on global secondary indexes',
  backfillingIndex: (name: string) => `Cannot read from backfilling global secondary index: ${name}`,
  selectAllOnGlobalIndex: (name: string) =>
    `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${name} because its projection type is not ALL`,
} as const;
