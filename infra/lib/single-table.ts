// A single-table-design DynamoDB table: string PK/SK plus GSI1..GSIn with
// GSIxPK/GSIxSK string keys, all attributes projected. Same shapes as
// services/data/src/tables.ts, which creates tenant tables at run time.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantStatements, tableArn, tableItemStatements } from './data-access';

export interface SingleTableProps {
  tableName: string;
  /** Number of global secondary indexes, named GSI1..GSIn. */
  indexCount: number;
}

export class SingleTable extends Construct {
  readonly table: Table;
  readonly tableName: string;
  /** ARN built from the name (not a reference), usable from any stack. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SingleTableProps) {
    super(scope, id);
    this.tableName = props.tableName;
    this.arn = tableArn(this, props.tableName);
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
   * with this stack's region and account pseudo-parameters, so
   * granting to a role in another stack adds no exports.
   */
  grantItemAccess(grantee: IGrantable): void {
    grantStatements(grantee, tableItemStatements(this, this.tableName));
  }
}
