// How the control plane is stored: consultancies, tenants, users, memberships
// and invitations, each declared once like tenant data. Control-plane keys
// carry no tenant prefix (stores pass `null` as the tenant).
import * as z from 'zod';
import { READINESS_LEVELS } from '../readiness/score';
import { defineAggregate, padded } from '../shared/store';
import { TenantConversions } from './conversion-model';
import type { Consultancy, ConsultancyMembership, Invitation, Membership, Tenant, User } from './model';
import { portfolioRiskKey } from './portfolio';
import type { ClientStatus } from './portfolio-status';
import { CONSULTANCY_ROLES, ROLES } from './roles';
import type { ConsultancyTemplate } from './templates-model';

const nameSort = (name: string, id: string) => `${name.trim().toLowerCase().slice(0, 100)}#${id}`;

export const Tenants = defineAggregate({
  name: 'Tenant',
  schema: z.object({
    id: z.string(),
    name: z.string(),
    tier: z.enum(['MANAGED', 'SELF_SERVICE']),
    status: z.enum(['PROVISIONING', 'ACTIVE', 'CONVERTING', 'SUSPENDED', 'OFFBOARDED']),
    consultancyId: z.string().nullable(),
    tableName: z.string(),
    createdAt: z.string(),
    version: z.number(),
  }) as z.ZodType<Tenant>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['TENANT', k.id], sort: '#META' }),
  keyOf: (t: Tenant) => ({ id: t.id }),
  describes: 'tenant by id (request gate, DataLoader: GetItem / BatchGetItem)',
  patterns: {
    byConsultancy: {
      index: 'GSI1',
      partition: (p: { consultancyId: string }) => ['CONS', p.consultancyId, 'TENANTS'],
      params: (t: Tenant) => (t.consultancyId ? { consultancyId: t.consultancyId } : null),
      sort: (t: Tenant) => nameSort(t.name, t.id),
      describes: 'client tenants of a consultancy, by name',
    },
    byStatus: {
      index: 'GSI2',
      partition: (p: { status: string }) => ['TENANTS', p.status],
      params: (t: Tenant) => ({ status: t.status }),
      sort: (t: Tenant) => t.id,
      describes: 'tenants by status (job dispatchers page the ACTIVE ones)',
    },
  },
});

export const Users = defineAggregate({
  name: 'User',
  schema: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    createdAt: z.string(),
  }) as z.ZodType<User>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['USER', k.id], sort: '#META' }),
  keyOf: (u: User) => ({ id: u.id }),
  describes: 'user by id (owners, actors; DataLoader BatchGetItem)',
  patterns: {},
});

export interface EmailGuard {
  email: string;
  userId: string;
}

/** One per email address: keeps addresses unique across accounts. */
export const EmailGuards = defineAggregate({
  name: 'EmailGuard',
  schema: z.object({ email: z.string(), userId: z.string() }) as z.ZodType<EmailGuard>,
  schemaVersion: 1,
  key: (k: { email: string }) => ({ partition: ['EMAIL', k.email.toLowerCase()], sort: '#USER' }),
  keyOf: (g: EmailGuard) => ({ email: g.email }),
  describes: 'user id by email (uniqueness guard, create-only)',
  patterns: {},
});

export const Memberships = defineAggregate({
  name: 'Membership',
  schema: z.object({
    tenantId: z.string(),
    userId: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
  }) as z.ZodType<Membership>,
  schemaVersion: 1,
  key: (k: { userId: string; tenantId: string }) => ({
    partition: ['USER', k.userId],
    sort: `MEMBER#${k.tenantId}`,
  }),
  keyOf: (m: Membership) => ({ userId: m.userId, tenantId: m.tenantId }),
  describes:
    "a caller's membership in a tenant (every tenant-scoped request); a user's tenants (begins_with MEMBER#)",
  patterns: {
    membersOfTenant: {
      index: 'GSI1',
      partition: (p: { tenantId: string }) => ['TENANT', p.tenantId, 'MEMBERS'],
      params: (m: Membership) => ({ tenantId: m.tenantId }),
      sort: (m: Membership) => `USER#${m.userId}`,
      describes: 'members of a tenant',
    },
  },
});

export const Consultancies = defineAggregate({
  name: 'Consultancy',
  schema: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }) as z.ZodType<Consultancy>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CONS', k.id], sort: '#META' }),
  keyOf: (c: Consultancy) => ({ id: c.id }),
  describes: 'consultancy by id (BatchGetItem)',
  patterns: {},
});

export const ConsultancyStaff = defineAggregate({
  name: 'ConsultancyMembership',
  schema: z.object({
    consultancyId: z.string(),
    userId: z.string(),
    role: z.enum(CONSULTANCY_ROLES),
  }) as z.ZodType<ConsultancyMembership>,
  schemaVersion: 1,
  key: (k: { userId: string; consultancyId: string }) => ({
    partition: ['USER', k.userId],
    sort: `CONS#${k.consultancyId}`,
  }),
  keyOf: (m: ConsultancyMembership) => ({ userId: m.userId, consultancyId: m.consultancyId }),
  describes: "a user's consultancy roles (begins_with CONS#)",
  patterns: {
    staff: {
      index: 'GSI1',
      partition: (p: { consultancyId: string }) => ['CONS', p.consultancyId, 'STAFF'],
      params: (m: ConsultancyMembership) => ({ consultancyId: m.consultancyId }),
      sort: (m: ConsultancyMembership) => `USER#${m.userId}`,
      describes: 'staff of a consultancy',
    },
  },
});

export const Invitations = defineAggregate({
  name: 'Invitation',
  schema: z.object({
    tenantId: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    invitedBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
  }) as z.ZodType<Invitation>,
  schemaVersion: 1,
  key: (k: { tenantId: string; email: string }) => ({
    partition: ['TENANT', k.tenantId],
    sort: `INVITE#${k.email.toLowerCase()}`,
  }),
  keyOf: (i: Invitation) => ({ tenantId: i.tenantId, email: i.email }),
  describes:
    'invitation for (tenant, email); pending invitations of a tenant (begins_with INVITE#); TTL on expiry',
  patterns: {
    byEmail: {
      index: 'GSI1',
      partition: (p: { email: string }) => ['EMAIL', p.email.toLowerCase(), 'INVITES'],
      params: (i: Invitation) => ({ email: i.email }),
      sort: (i: Invitation) => `TENANT#${i.tenantId}`,
      describes: 'invitations addressed to an email',
    },
  },
});

const readinessSchema = z.object({
  snapshotId: z.string(),
  takenAt: z.string(),
  readinessLevel: z.enum(READINESS_LEVELS),
  overall: z.number(),
  stage1: z.number().nullable(),
  showstoppers: z.number(),
  overclaim: z.number(),
  verifiedShare: z.number(),
  roadmapMonth: z.number(),
  horizonMonths: z.number(),
  atRisk: z.boolean(),
});

/** §3.16: what a consultancy's portfolio shows of one client; sparse indexes keep unmanaged tenants out. */
export const ClientStatuses = defineAggregate({
  name: 'ClientStatus',
  schema: z.object({
    tenantId: z.string(),
    consultancyId: z.string().nullable(),
    tenantName: z.string(),
    readiness: readinessSchema.nullable().default(null),
    overdue: z
      .object({ day: z.string(), byKind: z.record(z.string(), z.number()) })
      .nullable()
      .default(null),
    updatedAt: z.string(),
  }) as unknown as z.ZodType<ClientStatus>,
  schemaVersion: 1,
  key: (k: { tenantId: string }) => ({ partition: ['TENANT', k.tenantId], sort: '#PORTFOLIO' }),
  keyOf: (s: ClientStatus) => ({ tenantId: s.tenantId }),
  describes: "a client's portfolio row (snapshot and reminder-run writers: UpdateItem, own fields only)",
  patterns: {
    byRisk: {
      index: 'GSI1',
      partition: (p: { consultancyId: string }) => ['CONS', p.consultancyId, 'PORTFOLIO', 'RISK'],
      params: (s: ClientStatus) => (s.consultancyId ? { consultancyId: s.consultancyId } : null),
      sort: (s: ClientStatus) => portfolioRiskKey(s.readiness, s.tenantId),
      describes:
        "a consultancy's clients, riskiest first (never assessed, then by level, showstoppers, score)",
    },
    byName: {
      index: 'GSI2',
      partition: (p: { consultancyId: string }) => ['CONS', p.consultancyId, 'PORTFOLIO', 'NAME'],
      params: (s: ClientStatus) => (s.consultancyId ? { consultancyId: s.consultancyId } : null),
      sort: (s: ClientStatus) => nameSort(s.tenantName, s.tenantId),
      describes: "a consultancy's clients by name, with their portfolio figures",
    },
  },
});

const looseRecord = z.record(z.string(), z.unknown());

/** §3.16 client templates: immutable versions, one partition per consultancy. */
export const ConsultancyTemplates = defineAggregate({
  name: 'ConsultancyTemplate',
  schema: z.object({
    consultancyId: z.string(),
    templateId: z.string(),
    version: z.number(),
    name: z.string(),
    sourceTenantId: z.string(),
    publishedBy: z.string(),
    publishedAt: z.string(),
    contents: z.object({
      methodology: looseRecord.nullable(),
      aiPolicy: looseRecord.nullable(),
      communicationPlan: z.array(looseRecord),
      competenceRequirements: z.array(looseRecord),
      procedureStubs: z.array(
        z.object({ docCode: z.string(), title: z.string(), type: z.literal('PROCEDURE') }),
      ),
      auditUniverseRatings: z.null().default(null),
    }),
  }) as unknown as z.ZodType<ConsultancyTemplate>,
  schemaVersion: 1,
  key: (k: { consultancyId: string; templateId: string; version: number }) => ({
    partition: ['CONS', k.consultancyId],
    sort: `TEMPLATE#${k.templateId}#V#${padded(k.version, 6)}`,
  }),
  keyOf: (t: ConsultancyTemplate) => ({
    consultancyId: t.consultancyId,
    templateId: t.templateId,
    version: t.version,
  }),
  describes:
    "a consultancy's template version (create-only); its library (begins_with TEMPLATE#); a template's newest version (begins_with TEMPLATE#<id>#V#, descending, Limit 1)",
  patterns: {},
});

export const CONTROL_PLANE_AGGREGATES = [
  Tenants,
  Users,
  EmailGuards,
  Memberships,
  Consultancies,
  ConsultancyStaff,
  Invitations,
  TenantConversions,
  ClientStatuses,
  ConsultancyTemplates,
] as const;
