import * as z from 'zod';
import type { Page, PageRequest } from '../shared/ports';
import { singleLine } from '../shared/validation';
import type { TenantConversion } from './conversion-model';
import { type ConsultancyRole, ROLES, type Role } from './roles';

export type TenantTier = 'MANAGED' | 'SELF_SERVICE';
/** CONVERTING: a self-service tenant moving to its own table; every request to it is refused meanwhile. */
export type TenantStatus = 'PROVISIONING' | 'ACTIVE' | 'CONVERTING' | 'SUSPENDED' | 'OFFBOARDED';

export interface Consultancy {
  id: string;
  name: string;
  createdAt: string;
}

export interface Tenant {
  id: string;
  name: string;
  tier: TenantTier;
  status: TenantStatus;
  consultancyId: string | null;
  /** Physical table holding the tenant's data: its own table (managed) or the pooled one. */
  tableName: string;
  createdAt: string;
  version: number;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
}

export interface Membership {
  tenantId: string;
  userId: string;
  role: Role;
  createdAt: string;
}

export interface ConsultancyMembership {
  consultancyId: string;
  userId: string;
  role: ConsultancyRole;
}

export interface Invitation {
  tenantId: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** The verified caller, as the token describes them. */
export interface Actor {
  userId: string;
  email: string;
  emailVerified: boolean;
  displayName: string;
}

export const organisationNameSchema = singleLine(120).min(2, 'at least 2 characters');
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }));

export const onboardClientTenantInput = z.object({
  consultancyId: z.string().min(1),
  name: organisationNameSchema,
  /** §3.16: a template of the consultancy's library to start from; its newest version unless one is named. */
  templateId: z.string().trim().min(1).nullish(),
  templateVersion: z.number().int().min(1).nullish(),
});

export const signUpSelfServiceInput = z.object({ organisationName: organisationNameSchema });

export const inviteMemberInput = z.object({ email: emailSchema, role: z.enum(ROLES) });

/** Control-plane port: consultancies, tenants, users, memberships, invitations. */
export interface ControlPlaneRepository {
  getTenant(id: string): Promise<Tenant | null>;
  getTenants(ids: readonly string[]): Promise<(Tenant | null)[]>;
  getUsers(ids: readonly string[]): Promise<(User | null)[]>;
  getConsultancies(ids: readonly string[]): Promise<(Consultancy | null)[]>;
  findUserByEmail(email: string): Promise<User | null>;
  /** Creates the user (and the email's uniqueness record) if absent; returns the stored user. */
  ensureUser(user: User): Promise<User>;
  getMembership(userId: string, tenantId: string): Promise<Membership | null>;
  listMembershipsOfUser(userId: string, page: PageRequest): Promise<Page<Membership>>;
  listMembersOfTenant(tenantId: string, page: PageRequest): Promise<Page<Membership>>;
  getConsultancyMembership(userId: string, consultancyId: string): Promise<ConsultancyMembership | null>;
  listConsultancyMembershipsOfUser(userId: string): Promise<ConsultancyMembership[]>;
  listTenantsOfConsultancy(consultancyId: string, page: PageRequest): Promise<Page<Tenant>>;
  /** Tenants in one status, by id (scheduled jobs page through ACTIVE ones). */
  listTenantsByStatus(status: TenantStatus, page: PageRequest): Promise<Page<Tenant>>;
  /** Records a new tenant and its first members in one transaction. */
  createTenant(tenant: Tenant, members: Membership[]): Promise<void>;
  /** Sets the status, guarded by the expected version; returns the updated tenant. */
  setTenantStatus(tenant: Tenant, status: TenantStatus): Promise<Tenant>;
  /** Adds a membership, failing with CONFLICT if one exists; removes the invitation it answers, in one transaction. */
  addMembership(membership: Membership, answeredInvitation?: Invitation): Promise<void>;
  /** Creates or replaces the pending invitation for (tenant, email). */
  putInvitation(invitation: Invitation): Promise<void>;
  getInvitation(tenantId: string, email: string): Promise<Invitation | null>;
  listInvitations(tenantId: string, page: PageRequest): Promise<Page<Invitation>>;
  /** Operator action (seeding, back office): records a consultancy and its staff. */
  putConsultancy(consultancy: Consultancy, staff: ConsultancyMembership[]): Promise<void>;
  /** Moves the tenant to another tier and table, guarded by the expected version; returns the updated tenant. */
  switchTenantStore(
    tenant: Tenant,
    to: Pick<Tenant, 'tier' | 'tableName' | 'consultancyId'>,
  ): Promise<Tenant>;
  getTenantConversion(tenantId: string): Promise<TenantConversion | null>;
  /** Creates (version 1) or replaces the conversion record at `version - 1`; CONFLICT otherwise. */
  saveTenantConversion(conversion: TenantConversion): Promise<TenantConversion>;
}

/** Makes a tenant's data store ready: creates its own table (managed) or nothing (pooled). */
export interface TenantStoreProvisioner {
  tableNameFor(tier: TenantTier, tenantId: string): string;
  provision(tenant: Tenant): Promise<void>;
}
