// Impact assessment workflow: start (or revise) → edit the draft → submit →
// approve or return. Approval is by someone other than the submitter, and it
// supersedes the previously approved revision in the same transaction.
import { suggestControlsForImpactDimensions } from '../annex-a/suggestions';
import { entityChange } from '../audit/change-record';
import type { AiSystemRepository } from '../inventory/ai-system';
import { createRisk, type RiskDeps } from '../risk/manage-risks';
import type { Risk } from '../risk/risk';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { Clock, IdGenerator } from '../shared/ports';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AssessmentStatus,
  type DimensionAssessment,
  editAssessmentInput,
  type ImpactAssessment,
  type ImpactAssessmentRepository,
  isFinding,
  readinessForReview,
} from './impact-assessment';

export interface ImpactDeps {
  assessments: ImpactAssessmentRepository;
  aiSystems: Pick<AiSystemRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
}

/** Starts revision 1, or the next revision once the latest one is approved. */
export async function startImpactAssessment(scope: TenantScope, aiSystemId: string, deps: ImpactDeps) {
  assertCan(scope.role, 'impact.edit');
  const system = await deps.aiSystems.get(aiSystemId);
  if (!system) throw new NotFoundError('AiSystem', aiSystemId);
  const latest = await deps.assessments.latestForSystem(aiSystemId);
  if (latest && latest.status !== 'APPROVED') {
    throw new ConflictError(
      `revision ${latest.revision} of this system's assessment is still ${latest.status.toLowerCase()}`,
      'INVALID_STATE',
    );
  }
  const now = deps.clock.now().toISOString();
  const assessment: ImpactAssessment = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    aiSystemId,
    revision: (latest?.revision ?? 0) + 1,
    status: 'DRAFT',
    // A new revision starts from what was approved: reassessment, not a blank page.
    dimensions: latest ? structuredClone(latest.dimensions) : [],
    euAiActClass: latest?.euAiActClass ?? null,
    euAiActReasons: latest ? [...latest.euAiActReasons] : [],
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    reviewComment: null,
    supersededBy: null,
    version: 1,
    createdBy: scope.actorId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.assessments.create(
    assessment,
    entityChange('ImpactAssessment', scope, null, assessment, now, deps.ids),
  );
  return assessment;
}

export async function editImpactAssessment(scope: TenantScope, rawInput: unknown, deps: ImpactDeps) {
  assertCan(scope.role, 'impact.edit');
  const input = parseInput(editAssessmentInput, rawInput, ['input']);
  const current = await load(input.id, input.expectedVersion, ['DRAFT'], deps);
  const next: ImpactAssessment = { ...current };
  if (input.dimensions !== undefined) {
    next.dimensions = input.dimensions.map(
      (d): DimensionAssessment => ({
        dimension: d.dimension,
        severity: d.severity,
        likelihood: d.likelihood,
        affectedGroups: d.affectedGroups ?? [],
        existingMitigations: d.existingMitigations ?? [],
        plannedMitigations: d.plannedMitigations ?? [],
        notes: d.notes ?? null,
      }),
    );
  }
  if (input.euAiActClass !== undefined) next.euAiActClass = input.euAiActClass ?? null;
  if (input.euAiActReasons !== undefined) next.euAiActReasons = input.euAiActReasons;
  return save(scope, current, next, deps);
}

export async function submitImpactAssessment(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  deps: ImpactDeps,
) {
  assertCan(scope.role, 'impact.edit');
  const current = await load(id, expectedVersion, ['DRAFT'], deps);
  const problems = readinessForReview(current);
  if (problems.length)
    throw new ValidationError(problems.map((p) => ({ ...p, path: ['assessment', ...p.path] })));
  const now = deps.clock.now().toISOString();
  return save(
    scope,
    current,
    { ...current, status: 'IN_REVIEW', submittedBy: scope.actorId, submittedAt: now, reviewComment: null },
    deps,
  );
}

export async function returnImpactAssessment(
  scope: TenantScope,
  input: { id: string; expectedVersion: number; comment: string },
  deps: ImpactDeps,
) {
  assertCan(scope.role, 'impact.approve');
  const comment = input.comment?.trim();
  if (!comment)
    throw new ValidationError([{ path: ['input', 'comment'], message: 'say what needs changing' }]);
  const current = await load(input.id, input.expectedVersion, ['IN_REVIEW'], deps);
  return save(scope, current, { ...current, status: 'DRAFT', reviewComment: comment }, deps);
}

export async function approveImpactAssessment(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  deps: ImpactDeps,
) {
  assertCan(scope.role, 'impact.approve');
  const current = await load(id, expectedVersion, ['IN_REVIEW'], deps);
  if (current.submittedBy === scope.actorId) {
    throw new ForbiddenError('an assessment is approved by someone other than the person who submitted it');
  }
  const now = deps.clock.now().toISOString();
  const approved: ImpactAssessment = {
    ...current,
    status: 'APPROVED',
    approvedBy: scope.actorId,
    approvedAt: now,
    version: current.version + 1,
    updatedAt: now,
  };
  const writes = [
    {
      next: approved,
      expectedVersion: current.version,
      change: entityChange('ImpactAssessment', scope, current, approved, now, deps.ids),
    },
  ];
  if (current.revision > 1) {
    const previous = (await deps.assessments.listForSystem(current.aiSystemId, { limit: 2 })).entries
      .map((e) => e.item)
      .find((a) => a.revision === current.revision - 1 && a.status === 'APPROVED');
    if (previous) {
      const superseded: ImpactAssessment = {
        ...previous,
        status: 'SUPERSEDED',
        supersededBy: current.id,
        version: previous.version + 1,
        updatedAt: now,
      };
      writes.push({
        next: superseded,
        expectedVersion: previous.version,
        change: entityChange('ImpactAssessment', scope, previous, superseded, now, deps.ids),
      });
    }
  }
  await deps.assessments.update(writes);
  return approved;
}

/** Raises a risk from one dimension of an assessment; the two stay linked both ways. */
export async function raiseRiskFromFinding(
  scope: TenantScope,
  input: { assessmentId: string; dimension: string; risk: unknown },
  deps: ImpactDeps & RiskDeps,
): Promise<Risk> {
  assertCan(scope.role, 'impact.read');
  const assessment = await deps.assessments.get(input.assessmentId);
  if (!assessment) throw new NotFoundError('ImpactAssessment', input.assessmentId);
  const finding = assessment.dimensions.find((d) => d.dimension === input.dimension);
  if (!finding) {
    throw new ValidationError([
      { path: ['input', 'dimension'], message: 'this dimension has not been assessed' },
    ]);
  }
  const given = input.risk as Record<string, unknown>;
  const extra = Array.isArray(given.aiSystemIds) ? (given.aiSystemIds as string[]) : [];
  // The assessed system is always linked, whatever else the caller names.
  const riskInput = { ...given, aiSystemIds: [assessment.aiSystemId, ...extra] };
  return createRisk(scope, riskInput, deps, { assessmentId: assessment.id, dimension: finding.dimension });
}

/** A system's assessment revisions, newest first. */
export function listImpactAssessments(
  scope: TenantScope,
  aiSystemId: string,
  args: ConnectionArgs,
  deps: { assessments: ImpactAssessmentRepository; cursors: CursorCodec },
): Promise<Connection<ImpactAssessment>> {
  assertCan(scope.role, 'impact.read');
  return pagedConnection(scope.tenantId, `impactAssessments|${aiSystemId}`, args, deps.cursors, (page) =>
    deps.assessments.listForSystem(aiSystemId, page),
  );
}

export function suggestedControls(assessment: ImpactAssessment) {
  return suggestControlsForImpactDimensions(assessment.dimensions.filter(isFinding).map((d) => d.dimension));
}

async function load(id: string, expectedVersion: number, allowed: AssessmentStatus[], deps: ImpactDeps) {
  const current = await deps.assessments.get(id);
  if (!current) throw new NotFoundError('ImpactAssessment', id);
  if (current.version !== expectedVersion) {
    throw new ConflictError(
      `ImpactAssessment ${id} is at version ${current.version}, not ${expectedVersion}; reload and retry`,
      'VERSION_MISMATCH',
    );
  }
  if (!allowed.includes(current.status)) {
    const why =
      current.status === 'APPROVED' || current.status === 'SUPERSEDED'
        ? 'approved assessments are immutable; start a new revision'
        : `expected ${allowed.join(' or ').toLowerCase()}`;
    throw new ConflictError(`assessment is ${current.status.toLowerCase()}: ${why}`, 'INVALID_STATE');
  }
  return current;
}

async function save(scope: TenantScope, current: ImpactAssessment, next: ImpactAssessment, deps: ImpactDeps) {
  const now = deps.clock.now().toISOString();
  const saved = { ...next, version: current.version + 1, updatedAt: now };
  await deps.assessments.update([
    {
      next: saved,
      expectedVersion: current.version,
      change: entityChange('ImpactAssessment', scope, current, saved, now, deps.ids),
    },
  ]);
  return saved;
}
