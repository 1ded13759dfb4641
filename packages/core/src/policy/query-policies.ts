// Reads of policies: the register (newest version of each document), one
// document's versions, acknowledgement rates, completeness, and the published
// versions other modules build on (awareness assignments, 7.3). All key-served.
import type { ChangeRecord } from '../audit/change-record';
import { entityHistory, type RecentChanges } from '../audit/query-history';
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { Page, PageKey, PageRequest } from '../shared/ports';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import type { Membership } from '../tenancy/model';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { latestPolicyVersion } from './manage-policies';
import {
  ackPrefix,
  type PolicyAcknowledgement,
  PolicyAcknowledgements,
  PolicyDocuments,
  VERSION_PREFIX,
} from './model';
import { type PolicyCompleteness, type PolicyDocument, policyCompleteness } from './policy';

/**
 * The user ids a policy is meant for: the tenant's members, consultants left
 * out (they are not the organisation's people). Supplied by the API from the
 * control plane's membership listing.
 */
export type PolicyAudience = () => Promise<readonly string[]>;

/** Members read for one audience: far above any tenant's headcount, so the read stays bounded. */
export const MAX_AUDIENCE = 10_000;

/** Who a policy is for: every member except consultants. */
export const audienceOfMembers = (members: readonly Pick<Membership, 'userId' | 'role'>[]): string[] =>
  members.filter((m) => m.role !== 'CONSULTANT').map((m) => m.userId);

/** The default audience from a tenant's membership listing (`audienceOfMembers`, page by page). */
export async function policyAudience(
  listMembers: (page: PageRequest) => Promise<Page<Membership>>,
): Promise<string[]> {
  const ids: string[] = [];
  let startKey: PageKey | undefined;
  do {
    const page = await listMembers({ limit: 1000, ...(startKey ? { startKey } : {}) });
    ids.push(...audienceOfMembers(page.entries.map((e) => e.item)));
    startKey = page.hasMore ? (page.endKey ?? page.entries.at(-1)?.key) : undefined;
  } while (startKey && ids.length < MAX_AUDIENCE);
  return ids;
}

export interface PolicyReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

/** A document's versions kept on one read: far more than any policy's history. */
export const MAX_POLICY_VERSIONS_READ = 100;

/** The newest version, or `versionNumber` when given. */
export async function getPolicyDocument(
  scope: TenantScope,
  id: string,
  versionNumber: number | null | undefined,
  deps: Pick<PolicyReadDeps, 'store'>,
): Promise<PolicyDocument> {
  assertCan(scope.role, 'governance.read');
  if (!versionNumber) return latestPolicyVersion(deps.store, id);
  const doc = await deps.store.get(PolicyDocuments, { id, versionNumber });
  if (!doc) throw new NotFoundError('PolicyDocument', `${id}/v${versionNumber}`);
  return doc;
}

/** The register: one row per document (its newest version), by kind then creation. */
export function listPolicyDocuments(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: PolicyReadDeps,
): Promise<Connection<PolicyDocument>> {
  assertCan(scope.role, 'governance.read');
  return pagedConnection(scope.tenantId, 'policies', args, deps.cursors, (page) =>
    deps.store.query(PolicyDocuments, 'register', {}, page),
  );
}

/** Every version of a document, newest first. */
export async function policyVersions(
  scope: TenantScope,
  id: string,
  deps: Pick<PolicyReadDeps, 'store'>,
): Promise<PolicyDocument[]> {
  assertCan(scope.role, 'governance.read');
  return deps.store.collection(PolicyDocuments, ['POLICY', id], {
    sortPrefix: VERSION_PREFIX,
    descending: true,
    limit: MAX_POLICY_VERSIONS_READ,
  });
}

/** The published version of every policy, oldest publication first: what people must be made aware of. */
export function publishedPolicyVersions(store: TenantStore): Promise<PolicyDocument[]> {
  return readAll(store, PolicyDocuments, 'published', {});
}

export interface AcknowledgementStats {
  versionNumber: number;
  /** Audience members who acknowledged this version. */
  acknowledged: number;
  audienceSize: number;
  /** acknowledged / audienceSize; null when the audience is empty. */
  rate: number | null;
}

/** Acknowledgements of one version against the audience (§3.2.1: acks on the version / audience). */
export async function acknowledgementStats(
  store: TenantStore,
  doc: Pick<PolicyDocument, 'id' | 'versionNumber'>,
  audience: PolicyAudience,
): Promise<AcknowledgementStats> {
  const [members, acks] = await Promise.all([
    audience(),
    store.collection(PolicyAcknowledgements, ['POLICY', doc.id], {
      sortPrefix: ackPrefix(doc.versionNumber),
    }),
  ]);
  const inAudience = new Set(members);
  const acknowledged = acks.filter((a) => inAudience.has(a.userId)).length;
  return {
    versionNumber: doc.versionNumber,
    acknowledged,
    audienceSize: inAudience.size,
    rate: inAudience.size ? acknowledged / inAudience.size : null,
  };
}

/** Acknowledgements of one version, oldest user id first (bounded by the audience). */
export function policyAcknowledgements(
  scope: TenantScope,
  doc: Pick<PolicyDocument, 'id' | 'versionNumber'>,
  deps: Pick<PolicyReadDeps, 'store'>,
): Promise<PolicyAcknowledgement[]> {
  assertCan(scope.role, 'governance.read');
  return deps.store.collection(PolicyAcknowledgements, ['POLICY', doc.id], {
    sortPrefix: ackPrefix(doc.versionNumber),
  });
}

/** Completeness of a version today; the acknowledgement rate is read only for a published version. */
export async function policyCompletenessOf(
  scope: TenantScope,
  doc: PolicyDocument,
  deps: Pick<PolicyReadDeps, 'store'> & { clock: { now(): Date }; audience: PolicyAudience },
): Promise<PolicyCompleteness> {
  assertCan(scope.role, 'governance.read');
  const today = deps.clock.now().toISOString().slice(0, 10);
  const rate =
    doc.status === 'PUBLISHED' ? (await acknowledgementStats(deps.store, doc, deps.audience)).rate : null;
  return policyCompleteness(doc, { today, acknowledgementRate: rate });
}

export function policyHistory(
  scope: TenantScope,
  doc: Pick<PolicyDocument, 'id' | 'versionNumber'>,
  args: ConnectionArgs,
  deps: PolicyReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  // No known-key first page: a version's counter continues from the previous version's.
  return entityHistory(scope, 'PolicyDocument', `${doc.id}/v${doc.versionNumber}`, args, {
    history: deps.store,
    cursors: deps.cursors,
  });
}
