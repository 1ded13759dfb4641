// A single-table-design DynamoDB table: string PK/SK plus GSI1..GSIn with
// GSIxPK/GSIxSK string keys, all attributes projected. Same shapes as
// services/data/src/tables.ts, which creates tenant tables at run time.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantStatements, INDEX_ACTIONS, indexArns, tableArn, tableItemStatements } from './data-access';

export interface SingleTableProps {
  tableName: string;
  /** Number of global secondary indexes, named GSI1..GSIn. */
  indexCount: number;
  /** Attribute DynamoDB TTL deletes expired items by. */
  timeToLiveAttribute?: string;
}

export class SingleTable extends Construct {
  readonly table: Table;
  readonly tableName: string;
  /** ARN built from the name (not a reference), usable from any stack. */
  readonly arn: string;
  readonly indexCount: number;

  constructor(scope: Construct, id: string, props: SingleTableProps) {
    super(scope, id);
    this.tableName = props.tableName;
    this.arn = tableArn(this, props.tableName);
    this.indexCount = props.indexCount;
    this.table = new Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed key: key use shows in CloudTrail without the cost and
      // lifecycle of a customer key; tenant data never leaves the account.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    });
    for (let i = 1; i <= props.indexCount; i++) {
      this.table.addGlobalSecondaryIndex({
        indexName: `GSI${i}`,
        partitionKey: { name: `GSI${i}PK`, type: AttributeType.STRING },
        sortKey: { name: `GSI${i}SK`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /**
   * Item read/write (no Scan) and index Query. ARNs are built from the table name
   * with this stack's region and account pseudo-parameters, so granting to a role
   * in another stack adds no exports.
   */
  grantItemAccess(grantee: IGrantable): void {
    grantStatements(grantee, tableItemStatements(this, this.tableName, this.indexCount));
  }

  /** Just these item actions on the table itself (no index). */
  grantItemActions(grantee: IGrantable, actions: string[]): void {
    grantStatements(grantee, [new PolicyStatement({ actions, resources: [this.arn] })]);
  }

  /** Query on one index only. */
  grantIndexQuery(grantee: IGrantable, indexName: string): void {
    const arn = indexArns(this, this.tableName, this.indexCount).find((a) =>
      a.endsWith(`/index/${indexName}`),
    );
    if (!arn) throw new Error(`${this.tableName} has no index ${indexName}`);
    grantStatements(grantee, [new PolicyStatement({ actions: INDEX_ACTIONS, resources: [arn] })]);
  }
}
