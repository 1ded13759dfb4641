// Long-lived state: the control-plane table, the pooled self-service tenant
// table, the event bus, the Cognito user pool (users are state), the
// cursor secret and the key of the alarm topic. Everything that holds
// data is retained if the stack is deleted.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { dataNames } from './config';
import {
  CONTROL_PLANE_INDEXES,
  POOLED_TENANT_INDEX,
  TENANT_TABLE_INDEXES,
  TENANT_TTL_ATTRIBUTE,
  tableArn,
} from './data-access';
import { acknowledge } from './nag';
import { SingleTable } from './single-table';
import { AimsUserPool } from './user-pool';

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
  /** Key material for pagination cursors (AES-256-GCM keys are derived from it with HKDF). */
  readonly cursorSecret: Secret;
  /** Integration events (the jobs publish here). */
  readonly eventBus: EventBus;
  /** Fixed per stage, so other stacks build the bus ARN without an import. */
  readonly eventBusName: string;
  readonly users: AimsUserPool;
  /** Encrypts the alarm topic; CloudWatch may use it to publish. */
  readonly alarmKey: Key;
  /** Encrypts the job-notification topic; EventBridge may use it to publish. */
  readonly notificationKey: Key;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const names = dataNames(props.stage);
    this.tenantTablePrefix = names.tenantTablePrefix;
    this.tenantTableArnPattern = tableArn(this, `${names.tenantTablePrefix}*`);

    this.controlPlane = new SingleTable(this, 'ControlPlane', {
      tableName: names.controlPlaneTable,
      indexCount: CONTROL_PLANE_INDEXES,
      // Invitations and job-run records expire.
      timeToLiveAttribute: 'ttl',
    });
    this.pooled = new SingleTable(this, 'PooledTenants', {
      tableName: names.pooledTable,
      indexCount: TENANT_TABLE_INDEXES,
      // Issued reminders expire (§3.14); managed tenants' tables get the same at provisioning.
      timeToLiveAttribute: TENANT_TTL_ATTRIBUTE,
    });
    // Every item of one self-service tenant, keys only: conversion to a managed tenant copies,
    // verifies and deletes by it, never by a Scan.
    this.pooled.table.addGlobalSecondaryIndex({
      indexName: POOLED_TENANT_INDEX,
      partitionKey: { name: 'tenantId', type: AttributeType.STRING },
      sortKey: { name: 'PK', type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      secretName: names.cursorSecret,
      description: 'Key material that makes AIMS pagination cursors opaque and tamper-evident',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.cursorSecret,
      'AwsSolutions-SMG4',
      'The cursor key is not a credential to any system: it only seals pagination cursors. Rotate by hand ' +
        '(put-secret-value): the API opens cursors sealed with AWSPREVIOUS too, so none in flight break; ' +
        'no rotation Lambda is warranted.',
    );

    this.eventBusName = names.eventBus;
    this.eventBus = new EventBus(this, 'EventBus', { eventBusName: names.eventBus });
    this.eventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.users = new AimsUserPool(this, 'Users', { stage: props.stage });

    this.alarmKey = new Key(this, 'AlarmTopicKey', {
      alias: `alias/aims-${props.stage}-alarms`,
      description: `AIMS ${props.stage}: encrypts the alarm notification topic`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic; the
    // AWS-managed SNS key would not let it.
    this.alarmKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.notificationKey = new Key(this, 'NotificationTopicKey', {
      alias: `alias/aims-${props.stage}-job-notifications`,
      description: `AIMS ${props.stage}: encrypts the job notification topic (reminders for tenant operators)`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An EventBridge rule delivers to the encrypted topic; the AWS-managed SNS key would not let it.
    this.notificationKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
  }
}
