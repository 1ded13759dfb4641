// The only role that can reach tenant data. Request handlers and job workers
// hold none of it themselves: for each tenant they assume this role with a
// `tenant-id` session tag and a session policy limited to that tenant (see
// services/data/src/tenant/scoped-client-provider.ts). The role's own policy is
// written against the tag as well, so a wrong or missing session policy still
// cannot reach a second tenant.
import {
  ArnPrincipal,
  CompositePrincipal,
  type IGrantable,
  type IRole,
  PolicyDocument,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantStatements, tenantDataStatements } from './data-access';

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

export interface TenantAccessRoleProps {
  stage: string;
  tenantTablePrefix: string;
  pooledTable: string;
  /** The function roles allowed to assume it; nobody else is. */
  assumedBy: IRole[];
}

export class TenantAccessRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TenantAccessRoleProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      description: `AIMS ${props.stage}: tenant data, assumed per tenant with a session policy`,
      // Named role ARNs, not the account: no other principal can assume it,
      // whatever identity policies say.
      assumedBy: new CompositePrincipal(
        ...props.assumedBy.map((r) => new ArnPrincipal(r.roleArn)),
      ).withSessionTags(),
      inlinePolicies: {
        TenantData: new PolicyDocument({ statements: tenantDataStatements(this, props) }),
      },
    });
  }

  /** Lets a function role assume this role with session tags. */
  grantAssume(grantee: IGrantable): void {
    grantStatements(grantee, [
      new PolicyStatement({ actions: ASSUME_ACTIONS, resources: [this.role.roleArn] }),
    ]);
  }
}
