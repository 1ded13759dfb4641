// Tables and clients on DynamoDB Local, with the same table shapes as in AWS
// (from @aims/data), for the dev stack, tests, jobs and bench.
import { controlPlaneTable, createDocumentClient, pooledTable } from '@aims/data';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';

export interface LocalTables {
  controlPlane: string;
  pooled: string;
  tenantPrefix: string;
}

export function localTables(prefix: string): LocalTables {
  return {
    controlPlane: `${prefix}control-plane`,
    pooled: `${prefix}pooled`,
    tenantPrefix: `${prefix}tenant-`,
  };
}

export type LocalClients = ReturnType<typeof localClients>;

export function localClients(endpoint: string) {
  // DynamoDB Local accepts any credentials; fixed ones keep the SDK from hunting for a profile.
  const config = {
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return { raw: new DynamoDBClient(config), doc: createDocumentClient(config) };
}

export async function ensureTables(client: DynamoDBClient, tables: LocalTables): Promise<void> {
  const create = async (input: CreateTableCommandInput) => {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  };
  await Promise.all([create(controlPlaneTable(tables.controlPlane)), create(pooledTable(tables.pooled))]);
}
