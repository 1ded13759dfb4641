import type { ChangeRecord, Page, PageRequest } from '@aims/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPage, stripKeys } from '../dynamo';
import { tenantKeys } from '../keys';

/** The transaction item that appends a change record; one per entity version, never overwritten. */
export function changePut(table: string, change: ChangeRecord) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...tenantKeys.change(change.tenantId, change.entityType, change.entityId, change.version),
        ...tenantKeys.changeFeed(change.tenantId, change.at, change.id),
        entity: 'ChangeRecord',
        ...change,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** An entity's change records, newest first. */
export function readHistory(
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  entityType: string,
  entityId: string,
  page: PageRequest,
): Promise<Page<ChangeRecord>> {
  return queryPage(
    doc,
    {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :chg)',
      ExpressionAttributeValues: {
        ':pk': tenantKeys.changeCollection(tenantId, entityType, entityId),
        ':chg': 'CHG#',
      },
      ScanIndexForward: false,
    },
    page,
    ['PK', 'SK'],
    stripKeys<ChangeRecord>,
  );
}
