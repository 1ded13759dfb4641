// Which DynamoDB client a tenant's run gets: in AWS a client on STS credentials
// of the tenant-access role, narrowed by a session policy to that one tenant;
// without a role (local), the shared client passed through.
import {
  type createDocumentClient,
  PassThroughClientProvider,
  ScopedClientProvider,
  type TenantClientProvider,
} from '@aims/data';
import { STSClient } from '@aws-sdk/client-sts';

export function tenantClientProvider(options: {
  tenantAccessRoleArn?: string | undefined;
  region: string;
  shared: ReturnType<typeof createDocumentClient>;
  /** Sessions may also Scan a managed tenant's own table (the data-migrations job). */
  scanOwnTable?: boolean;
}): TenantClientProvider {
  const role = options.tenantAccessRoleArn;
  if (!role) return new PassThroughClientProvider(options.shared);
  const [, partition = 'aws', , , account = ''] = role.split(':');
  return new ScopedClientProvider({
    sts: new STSClient({ region: options.region }),
    tenantAccessRoleArn: role,
    location: { partition, region: options.region, account },
    ...(options.scanOwnTable ? { scanOwnTable: true } : {}),
  });
}
