import {
  ConflictError,
  type Consultancy,
  type ConsultancyMembership,
  type ControlPlaneRepository,
  type Invitation,
  type Membership,
  type Page,
  type PageRequest,
  type Tenant,
  type TenantStatus,
  type User,
} from '@aims/core';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item, queryPage, stripKeys, transactWrite } from '../dynamo';
import { controlKeys } from '../keys';

const GSI1_KEYS = ['PK', 'SK', 'GSI1PK', 'GSI1SK'] as const;

export class DynamoControlPlaneRepository implements ControlPlaneRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getTenant(id: string): Promise<Tenant | null> {
    return this.get<Tenant>(controlKeys.tenant(id));
  }

  async getTenants(ids: readonly string[]): Promise<(Tenant | null)[]> {
    return this.getMany<Tenant>(ids.map(controlKeys.tenant));
  }

  async getUsers(ids: readonly string[]): Promise<(User | null)[]> {
    return this.getMany<User>(ids.map(controlKeys.user));
  }

  async getConsultancies(ids: readonly string[]): Promise<(Consultancy | null)[]> {
    return this.getMany<Consultancy>(ids.map(controlKeys.consultancy));
  }

  async findUserByEmail(email: string): Promise<User | null> {
    const guard = await this.get<{ userId: string }>(controlKeys.email(email));
    return guard ? this.get<User>(controlKeys.user(guard.userId)) : null;
  }

  async ensureUser(user: User): Promise<User> {
    const existing = await this.get<User>(controlKeys.user(user.id));
    if (existing) return existing;
    const email = user.email.toLowerCase();
    try {
      await transactWrite(
        this.doc,
        {
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...controlKeys.user(user.id), entity: 'User', ...user, email },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...controlKeys.email(email), entity: 'EmailGuard', userId: user.id },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
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
      const raced = await this.get<User>(controlKeys.user(user.id));
      if (raced) return raced;
      throw error;
    }
  }

  async getMembership(userId: string, tenantId: string): Promise<Membership | null> {
    return this.get<Membership>(controlKeys.membership(userId, tenantId));
  }

  async listMembershipsOfUser(userId: string, page: PageRequest): Promise<Page<Membership>> {
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': 'MEMBER#' },
      },
      page,
      ['PK', 'SK'],
      stripKeys<Membership>,
    );
  }

  async listMembersOfTenant(tenantId: string, page: PageRequest): Promise<Page<Membership>> {
    return this.queryIndex(
      'GSI1',
      controlKeys.membersIndex(tenantId, '').GSI1PK,
      page,
      stripKeys<Membership>,
    );
  }

  async getConsultancyMembership(
    userId: string,
    consultancyId: string,
  ): Promise<ConsultancyMembership | null> {
    return this.get<ConsultancyMembership>(controlKeys.consultancyMember(userId, consultancyId));
  }

  async listConsultancyMembershipsOfUser(userId: string): Promise<ConsultancyMembership[]> {
    // A person works for a handful of consultancies at most; one page of 100 is the bound.
    const page = await queryPage(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': 'CONS#' },
      },
      { limit: 100 },
      ['PK', 'SK'],
      stripKeys<ConsultancyMembership>,
    );
    return page.entries.map((e) => e.item);
  }

  async listTenantsOfConsultancy(consultancyId: string, page: PageRequest): Promise<Page<Tenant>> {
    return this.queryIndex('GSI1', `CONS#${consultancyId}#TENANTS`, page, stripKeys<Tenant>);
  }

  async listTenantsByStatus(status: TenantStatus, page: PageRequest): Promise<Page<Tenant>> {
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        // controlKeys.tenantIndexes: GSI2PK = TENANTS#<status>, GSI2SK = tenant id.
        ExpressionAttributeValues: { ':pk': `TENANTS#${status}` },
      },
      page,
      ['PK', 'SK', 'GSI2PK', 'GSI2SK'],
      stripKeys<Tenant>,
    );
  }

  async createTenant(tenant: Tenant, members: Membership[]): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...controlKeys.tenant(tenant.id),
                ...controlKeys.tenantIndexes(tenant),
                entity: 'Tenant',
                ...tenant,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...members.map((m) => ({ Put: { TableName: this.table, Item: this.membershipItem(m) } })),
        ],
      },
      { 0: (cause) => new ConflictError(`tenant ${tenant.id} already exists`, 'ALREADY_EXISTS', { cause }) },
    );
  }

  async setTenantStatus(tenant: Tenant, status: TenantStatus): Promise<Tenant> {
    const next: Tenant = { ...tenant, status, version: tenant.version + 1 };
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...controlKeys.tenant(next.id),
                ...controlKeys.tenantIndexes(next),
                entity: 'Tenant',
                ...next,
              },
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': tenant.version },
            },
          },
        ],
      },
      {
        0: (cause) =>
          new ConflictError(`tenant ${tenant.id} changed meanwhile`, 'VERSION_MISMATCH', { cause }),
      },
    );
    return next;
  }

  async addMembership(membership: Membership, answeredInvitation?: Invitation): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: this.membershipItem(membership),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...(answeredInvitation
            ? [
                {
                  Delete: {
                    TableName: this.table,
                    Key: controlKeys.invitation(answeredInvitation.tenantId, answeredInvitation.email),
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
          ...controlKeys.invitation(invitation.tenantId, invitation.email),
          ...controlKeys.invitationsByEmail(invitation.email, invitation.tenantId),
          entity: 'Invitation',
          ...invitation,
          // DynamoDB TTL removes expired invitations; reads still check expiresAt.
          ttl: Math.floor(new Date(invitation.expiresAt).getTime() / 1000),
        },
      }),
    );
  }

  async getInvitation(tenantId: string, email: string): Promise<Invitation | null> {
    return this.get<Invitation>(controlKeys.invitation(tenantId, email));
  }

  async listInvitations(tenantId: string, page: PageRequest): Promise<Page<Invitation>> {
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':sk': 'INVITE#' },
      },
      page,
      ['PK', 'SK'],
      stripKeys<Invitation>,
    );
  }

  async putConsultancy(consultancy: Consultancy, staff: ConsultancyMembership[]): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...controlKeys.consultancy(consultancy.id), entity: 'Consultancy', ...consultancy },
            },
          },
          ...staff.map((s) => ({
            Put: {
              TableName: this.table,
              Item: {
                ...controlKeys.consultancyMember(s.userId, s.consultancyId),
                ...controlKeys.consultancyStaffIndex(s.consultancyId, s.userId),
                entity: 'ConsultancyMembership',
                ...s,
              },
            },
          })),
        ],
      },
      {},
    );
  }

  private membershipItem(m: Membership): Item {
    return {
      ...controlKeys.membership(m.userId, m.tenantId),
      ...controlKeys.membersIndex(m.tenantId, m.userId),
      entity: 'Membership',
      ...m,
    };
  }

  private async get<T>(key: { PK: string; SK: string }): Promise<T | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key }));
    return out.Item ? stripKeys<T>(out.Item) : null;
  }

  private async getMany<T>(keys: { PK: string; SK: string }[]): Promise<(T | null)[]> {
    const items = await batchGet(this.doc, this.table, keys);
    return items.map((i) => (i ? stripKeys<T>(i) : null));
  }

  private queryIndex<T>(index: 'GSI1', pk: string, page: PageRequest, map: (i: Item) => T): Promise<Page<T>> {
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
      },
      page,
      GSI1_KEYS,
      map,
    );
  }
}
