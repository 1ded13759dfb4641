// The control-plane row a consultancy's portfolio lists (§3.16): one per tenant,
// written at onboarding (never assessed), then by two writers that never touch
// each other's fields: snapshots (readiness) and the reminders run (overdue).
import type { Page, PageRequest } from '../shared/ports';
import type { Tenant } from './model';
import type { ClientOverdue, ClientReadiness, PortfolioSink } from './portfolio';

export interface ClientStatus {
  tenantId: string;
  /** Null for a tenant no consultancy manages: it stays out of every portfolio. */
  consultancyId: string | null;
  tenantName: string;
  readiness: ClientReadiness | null;
  overdue: ClientOverdue | null;
  updatedAt: string;
}

export const PORTFOLIO_ORDERS = ['RISK', 'NAME'] as const;
export type PortfolioOrder = (typeof PORTFOLIO_ORDERS)[number];

/** Reads a consultancy's portfolio: one Query per page, in either order. */
export interface PortfolioReader {
  listClientStatuses(
    consultancyId: string,
    orderBy: PortfolioOrder,
    page: PageRequest,
  ): Promise<Page<ClientStatus>>;
}

export interface PortfolioStore extends PortfolioSink, PortfolioReader {
  /** Refreshes a row's name and consultancy, keeping both writers' fields (e.g. after a conversion to managed). */
  recordTenant(tenant: Tenant): Promise<void>;
}

export function initialClientStatus(tenant: Tenant, now: string): ClientStatus {
  return {
    tenantId: tenant.id,
    consultancyId: tenant.consultancyId,
    tenantName: tenant.name,
    readiness: null,
    overdue: null,
    updatedAt: now,
  };
}

/**
 * The status after a snapshot, or null when it is older than the one recorded
 * (snapshots can arrive out of order: a retried job after a newer manual one).
 * Only the readiness fields change; the overdue counts stay as they were.
 */
export function withReadiness(
  current: ClientStatus | null,
  tenant: Tenant,
  readiness: ClientReadiness,
  now: string,
): ClientStatus | null {
  if (current?.readiness && current.readiness.takenAt > readiness.takenAt) return null;
  return { ...(current ?? initialClientStatus(tenant, now)), readiness, updatedAt: now };
}

/** The status after a reminders run, or null when an older day's count arrives late. */
export function withOverdue(
  current: ClientStatus | null,
  tenant: Tenant,
  overdue: ClientOverdue,
  now: string,
): ClientStatus | null {
  if (current?.overdue && current.overdue.day > overdue.day) return null;
  return { ...(current ?? initialClientStatus(tenant, now)), overdue, updatedAt: now };
}
