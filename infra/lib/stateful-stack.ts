// Long-lived data: the control-plane table, the pooled self-service tenant table
// and the cursor-signing secret. Everything here is retained on stack deletion.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { dataNames } from './config';
import { grantStatements, tableArn, tenantTableStatements } from './data-access';
import { acknowledge } from './nag';
import { SingleTable } from './single-table';

export interface StatefulStackProps extends StackProps {
  stage: string;
}

export class StatefulStack extends Stack {
  readonly controlPlane: SingleTable;
  /** Self-service tenants share this table; it has the shape of a tenant table. */
  readonly pooled: SingleTable;
  /** Managed tenants' tables are created at run time as `<prefix><tenantId>`. */
  readonly tenantTablePrefix: string;
  /** `table/<prefix>*`: every managed tenant's table. */
  readonly tenantTableArnPattern: string;
  /** HMAC key for pagination cursors. */
  readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const names = dataNames(props.stage);
    this.tenantTablePrefix = names.tenantTablePrefix;
    this.tenantTableArnPattern = tableArn(this, `${names.tenantTablePrefix}*`);

    this.controlPlane = new SingleTable(this, 'ControlPlane', {
      tableName: names.controlPlaneTable,
      indexCount: 2,
    });
    this.pooled = new SingleTable(this, 'PooledTenants', { tableName: names.pooledTable, indexCount: 3 });

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      secretName: names.cursorSecret,
      description: 'HMAC key that makes AIMS pagination cursors tamper-evident',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.cursorSecret,
      'AwsSolutions-SMG4',
      'The cursor HMAC key is not a credential to any system: rotating it only invalidates outstanding ' +
        'pagination cursors. Rotate by hand (put-secret-value) if it leaks; no rotation Lambda is warranted.',
    );
  }

  /**
   * Items of every managed tenant's table, plus creating those tables when
   * `provisioning` is set. Broad by design for now; the per-request STS session
   * policy will narrow it to one tenant (see tenantTableStatements).
   */
  grantTenantTables(grantee: IGrantable, options: { provisioning?: boolean } = {}): void {
    grantStatements(
      grantee,
      tenantTableStatements(this, this.tenantTablePrefix, {
        provisioning: options.provisioning ?? false,
      }),
    );
  }
}
