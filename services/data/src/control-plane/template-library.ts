// The consultancy template library in the control plane (§3.16): immutable
// versions in the consultancy's partition, written create-only.
import {
  ConflictError,
  type ConsultancyTemplate,
  ConsultancyTemplates,
  joinKey,
  type Page,
  type PageRequest,
  primaryKey,
  type TemplateLibrary,
  toStoredItem,
} from '@aims/core';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, queryPage } from '../dynamo';

const GLOBAL = null;
const parse = (item: Item) => ConsultancyTemplates.schema.parse(item) as ConsultancyTemplate;

export class DynamoTemplateLibrary implements TemplateLibrary {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async latestTemplateVersion(
    consultancyId: string,
    templateId: string,
  ): Promise<ConsultancyTemplate | null> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: {
          ':pk': joinKey(GLOBAL, ['CONS', consultancyId]),
          ':sk': `TEMPLATE#${templateId}#V#`,
        },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? parse(item) : null;
  }

  async getTemplate(
    consultancyId: string,
    templateId: string,
    version: number,
  ): Promise<ConsultancyTemplate | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: primaryKey(ConsultancyTemplates, GLOBAL, { consultancyId, templateId, version }),
      }),
    );
    return out.Item?.entity === ConsultancyTemplates.name ? parse(out.Item) : null;
  }

  async createTemplateVersion(template: ConsultancyTemplate): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: toStoredItem(ConsultancyTemplates, GLOBAL, template),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(
          `template ${template.templateId} v${template.version} was just published; publish again`,
          'ALREADY_EXISTS',
          { cause: error },
        );
      }
      throw error;
    }
  }

  listTemplates(consultancyId: string, page: PageRequest): Promise<Page<ConsultancyTemplate>> {
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': joinKey(GLOBAL, ['CONS', consultancyId]), ':sk': 'TEMPLATE#' },
      },
      page,
      ['PK', 'SK'],
      parse,
    );
  }
}
