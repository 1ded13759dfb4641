// Builds the writes that open or extend the re-assessment requests for a
// significant change, for the caller to commit with the AI-system update that
// caused it (one transaction: the change and its consequence together).
import { put, recordChange, remove, type TenantStore, type Write } from '../shared/store';
import { changeOf, type StoreDeps } from '../shared/versioned';
import type { TenantScope } from '../tenancy/tenant-scope';
import { OpenReassessments, ReassessmentRequests } from './model';
import {
  appendTrigger,
  REASSESSMENT_SCOPES,
  type ReassessmentRequest,
  type ReassessmentTrigger,
} from './reassessment-request';

/** Reads the open requests of a system: needed before the commit that extends them. */
export async function openRequestsOf(
  store: TenantStore,
  aiSystemId: string,
): Promise<Map<string, ReassessmentRequest>> {
  const guards = await store.getMany(
    OpenReassessments,
    REASSESSMENT_SCOPES.map((scope) => ({ aiSystemId, scope })),
  );
  const ids = guards.flatMap((g) => (g ? [g.requestId] : []));
  const requests = ids.length
    ? await store.getMany(
        ReassessmentRequests,
        ids.map((id) => ({ id })),
      )
    : [];
  return new Map(requests.flatMap((r) => (r?.status === 'OPEN' ? [[r.scope, r] as const] : [])));
}

export function reassessmentWrites(
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  aiSystemId: string,
  trigger: ReassessmentTrigger,
  open: Map<string, ReassessmentRequest>,
  deps: Pick<StoreDeps, 'ids'>,
): Write[] {
  const now = trigger.changedAt;
  return REASSESSMENT_SCOPES.flatMap((s): Write[] => {
    const current = open.get(s);
    if (current) {
      const next: ReassessmentRequest = {
        ...current,
        triggers: appendTrigger(current.triggers, trigger),
        version: current.version + 1,
        updatedAt: now,
      };
      return [
        put(ReassessmentRequests, next, { version: current.version }),
        recordChange(changeOf(ReassessmentRequests, scope, current, next, now, deps.ids)),
      ];
    }
    const request: ReassessmentRequest = {
      id: deps.ids.next(),
      tenantId: scope.tenantId,
      aiSystemId,
      scope: s,
      status: 'OPEN',
      triggers: [trigger],
      resolvedBy: null,
      resolvedAt: null,
      resolutionNote: null,
      resolvedByAssessmentId: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return [
      put(ReassessmentRequests, request, 'absent'),
      put(
        OpenReassessments,
        { aiSystemId, scope: s, requestId: request.id },
        'absent',
        `An open ${s} re-assessment request for this system`,
      ),
      recordChange(changeOf(ReassessmentRequests, scope, null, request, now, deps.ids)),
    ];
  });
}

/** The writes that close a request: the request itself and its open guard. */
export function resolutionWrites(
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  current: ReassessmentRequest,
  resolution: { note: string | null; assessmentId: string | null },
  now: string,
  deps: Pick<StoreDeps, 'ids'>,
): Write[] {
  const next: ReassessmentRequest = {
    ...current,
    status: 'RESOLVED',
    resolvedBy: scope.actorId,
    resolvedAt: now,
    resolutionNote: resolution.note,
    resolvedByAssessmentId: resolution.assessmentId,
    version: current.version + 1,
    updatedAt: now,
  };
  return [
    put(ReassessmentRequests, next, { version: current.version }),
    remove(OpenReassessments, { aiSystemId: current.aiSystemId, scope: current.scope }),
    recordChange(changeOf(ReassessmentRequests, scope, current, next, now, deps.ids)),
  ];
}
