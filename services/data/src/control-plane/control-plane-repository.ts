// The control plane over its own table, driven by the control-plane
// declarations: item and index keys come from them, every read is parsed with
// their schema. Kept as a repository (not the tenant store): it spans tenants.
import {
  type AnyAggregate,
  ClientStatuses,
  ConflictError,
  Consultancies,
  type Consultancy,
  type ConsultancyMembership,
  ConsultancyStaff,
  type ControlPlaneRepository,
  EmailGuards,
  type EntityOf,
  type Invitation,
  Invitations,
  initialClientStatus,
  joinKey,
  type Membership,
  Memberships,
  type Page,
  type PageRequest,
  positionOf,
  primaryKey,
  type Tenant,
  type TenantConversion,
  TenantConversions,
  type TenantStatus,
  Tenants,
  toStoredItem,
  type User,
  Users,
} from '@aims/core';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item, queryPage, transactWrite } from '../dynamo';

/** Control-plane keys carry no tenant prefix. */
const GLOBAL = null;

export class DynamoControlPlaneRepository implements ControlPlaneRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  getTenant(id: string): Promise<Tenant | null> {
    return this.get(Tenants, { id });
  }

  getTenants(ids: readonly string[]): Promise<(Tenant | null)[]> {
    return this.getMany(
      Tenants,
      ids.map((id) => ({ id })),
    );
  }

  getUsers(ids: readonly string[]): Promise<(User | null)[]> {
    return this.getMany(
      Users,
      ids.map((id) => ({ id })),
    );
  }

  getConsultancies(ids: readonly string[]): Promise<(Consultancy | null)[]> {
    return this.getMany(
      Consultancies,
      ids.map((id) => ({ id })),
    );
  }

  async findUserByEmail(email: string): Promise<User | null> {
    const guard = await this.get(EmailGuards, { email });
    return guard ? this.get(Users, { id: guard.userId }) : null;
  }

  async ensureUser(user: User): Promise<User> {
    const existing = await this.get(Users, { id: user.id });
    if (existing) return existing;
    const email = user.email.toLowerCase();
    try {
      await transactWrite(
        this.doc,
        {
          TransactItems: [
            this.create(Users, { ...user, email }),
            this.create(EmailGuards, { email, userId: user.id }),
          ],
        },
        {
          0: (cause) => new ConflictError('user already exists', 'ALREADY_EXISTS', { cause }),
          1: (cause) =>
            new ConflictError('this email belongs to another account', 'ALREADY_EXISTS', { cause }),
        },
      );
      return { ...user, email };
    } catch (error) {
      // A concurrent first request for the same user created it: that is fine.
      const raced = await this.get(Users, { id: user.id });
      if (raced) return raced;
      throw error;
    }
  }

  getMembership(userId: string, tenantId: string): Promise<Membership | null> {
    return this.get(Memberships, { userId, tenantId });
  }

  listMembershipsOfUser(userId: string, page: PageRequest): Promise<Page<Membership>> {
    return this.queryPrimary(Memberships, ['USER', userId], 'MEMBER#', page);
  }

  listMembersOfTenant(tenantId: string, page: PageRequest): Promise<Page<Membership>> {
    return this.queryPattern(Memberships, 'membersOfTenant', { tenantId }, page);
  }

  getConsultancyMembership(userId: string, consultancyId: string): Promise<ConsultancyMembership | null> {
    return this.get(ConsultancyStaff, { userId, consultancyId });
  }

  async listConsultancyMembershipsOfUser(userId: string): Promise<ConsultancyMembership[]> {
    // A person works for a handful of consultancies at most; one page of 100 is the bound.
    const page = await this.queryPrimary(ConsultancyStaff, ['USER', userId], 'CONS#', { limit: 100 });
    return page.entries.map((e) => e.item);
  }

  listTenantsOfConsultancy(consultancyId: string, page: PageRequest): Promise<Page<Tenant>> {
    return this.queryPattern(Tenants, 'byConsultancy', { consultancyId }, page);
  }

  listTenantsByStatus(status: TenantStatus, page: PageRequest): Promise<Page<Tenant>> {
    return this.queryPattern(Tenants, 'byStatus', { status }, page);
  }

  async createTenant(tenant: Tenant, members: Membership[]): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          this.create(Tenants, tenant),
          ...members.map((m) => ({
            Put: { TableName: this.table, Item: toStoredItem(Memberships, GLOBAL, m) },
          })),
          // §3.16: a client shows in its consultancy's portfolio from day one, as never assessed.
          {
            Put: {
              TableName: this.table,
              Item: toStoredItem(ClientStatuses, GLOBAL, initialClientStatus(tenant, tenant.createdAt)),
            },
          },
        ],
      },
      { 0: (cause) => new ConflictError(`tenant ${tenant.id} already exists`, 'ALREADY_EXISTS', { cause }) },
    );
  }

  setTenantStatus(tenant: Tenant, status: TenantStatus): Promise<Tenant> {
    return this.replaceTenant(tenant, { ...tenant, status, version: tenant.version + 1 });
  }

  switchTenantStore(
    tenant: Tenant,
    to: Pick<Tenant, 'tier' | 'tableName' | 'consultancyId'>,
  ): Promise<Tenant> {
    return this.replaceTenant(tenant, { ...tenant, ...to, version: tenant.version + 1 });
  }

  getTenantConversion(tenantId: string): Promise<TenantConversion | null> {
    return this.get(TenantConversions, { tenantId });
  }

  async saveTenantConversion(conversion: TenantConversion): Promise<TenantConversion> {
    const expected = conversion.version - 1;
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: toStoredItem(TenantConversions, GLOBAL, conversion),
              ...(expected === 0
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected } }),
            },
          },
        ],
      },
      {
        0: (cause) =>
          new ConflictError(
            `the conversion of tenant ${conversion.tenantId} is being run by another request; retry`,
            'VERSION_MISMATCH',
            { cause },
          ),
      },
    );
    return conversion;
  }

  private async replaceTenant(tenant: Tenant, next: Tenant): Promise<Tenant> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: toStoredItem(Tenants, GLOBAL, next),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': tenant.version },
            },
          },
        ],
      },
      {
        0: (cause) =>
          new ConflictError(
            `Tenant ${tenant.id} is no longer at version ${tenant.version}; reload and retry`,
            'VERSION_MISMATCH',
            { cause },
          ),
      },
    );
    return next;
  }

  async addMembership(membership: Membership, answeredInvitation?: Invitation): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          this.create(Memberships, membership),
          ...(answeredInvitation
            ? [
                {
                  Delete: {
                    TableName: this.table,
                    Key: primaryKey(Invitations, GLOBAL, answeredInvitation),
                    ConditionExpression: 'attribute_exists(PK)',
                  },
                },
              ]
            : []),
        ],
      },
      {
        0: (cause) => new ConflictError('already a member of this tenant', 'ALREADY_EXISTS', { cause }),
        1: (cause) => new ConflictError('the invitation was already used', 'INVALID_STATE', { cause }),
      },
    );
  }

  async putInvitation(invitation: Invitation): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...toStoredItem(Invitations, GLOBAL, invitation),
          // DynamoDB TTL removes expired invitations; reads still check expiresAt.
          ttl: Math.floor(new Date(invitation.expiresAt).getTime() / 1000),
        },
      }),
    );
  }

  getInvitation(tenantId: string, email: string): Promise<Invitation | null> {
    return this.get(Invitations, { tenantId, email });
  }

  listInvitations(tenantId: string, page: PageRequest): Promise<Page<Invitation>> {
    return this.queryPrimary(Invitations, ['TENANT', tenantId], 'INVITE#', page);
  }

  async putConsultancy(consultancy: Consultancy, staff: ConsultancyMembership[]): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          { Put: { TableName: this.table, Item: toStoredItem(Consultancies, GLOBAL, consultancy) } },
          ...staff.map((s) => ({
            Put: { TableName: this.table, Item: toStoredItem(ConsultancyStaff, GLOBAL, s) },
          })),
        ],
      },
      {},
    );
  }

  private create<D extends AnyAggregate>(decl: D, entity: EntityOf<D>) {
    return {
      Put: {
        TableName: this.table,
        Item: toStoredItem(decl, GLOBAL, entity),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  private read<D extends AnyAggregate>(decl: D, item: Item | undefined | null): EntityOf<D> | null {
    return item && item.entity === decl.name ? (decl.schema.parse(item) as EntityOf<D>) : null;
  }

  private async get<D extends AnyAggregate>(decl: D, key: unknown): Promise<EntityOf<D> | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: primaryKey(decl, GLOBAL, key) }),
    );
    return this.read(decl, out.Item);
  }

  private async getMany<D extends AnyAggregate>(decl: D, keys: unknown[]): Promise<(EntityOf<D> | null)[]> {
    const items = await batchGet(
      this.doc,
      this.table,
      keys.map((k) => primaryKey(decl, GLOBAL, k)),
    );
    return items.map((i) => this.read(decl, i));
  }

  private queryPrimary<D extends AnyAggregate>(
    decl: D,
    partition: string[],
    sortPrefix: string,
    page: PageRequest,
  ): Promise<Page<EntityOf<D>>> {
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': joinKey(GLOBAL, partition), ':sk': sortPrefix },
      },
      page,
      ['PK', 'SK'],
      (item) => this.read(decl, item) as EntityOf<D>,
    );
  }

  private queryPattern<D extends AnyAggregate>(
    decl: D,
    pattern: string,
    params: unknown,
    page: PageRequest,
  ): Promise<Page<EntityOf<D>>> {
    const p = decl.patterns[pattern];
    if (!p || p.index === 'TABLE') throw new Error(`${decl.name} has no index pattern ${pattern}`);
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        IndexName: p.index,
        KeyConditionExpression: `${p.index}PK = :pk`,
        ExpressionAttributeValues: { ':pk': joinKey(GLOBAL, p.partition(params)) },
      },
      page,
      Object.keys(positionOf({ PK: '', SK: '', [`${p.index}PK`]: '', [`${p.index}SK`]: '' }, p.index)),
      (item) => this.read(decl, item) as EntityOf<D>,
    );
  }
}
