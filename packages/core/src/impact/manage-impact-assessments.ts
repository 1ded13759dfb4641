// Impact assessment workflow: start (or revise) → edit the draft → submit →
// approve or return. Approval is by someone other than the submitter, and it
// supersedes the previously approved revision in the same transaction.
import { suggestControlsForImpactDimensions } from '../annex-a/suggestions';
import type { AiSystem } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import { OpenReassessments, ReassessmentRequests } from '../reassessment/model';
import { resolutionWrites } from '../reassessment/request-reassessment';
import { approvedMethodology } from '../risk/manage-methodology';
import { createRisk, type RiskDeps } from '../risk/manage-risks';
import type { Risk } from '../risk/risk';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { PageKey } from '../shared/ports';
import { put, recordChange, type Write } from '../shared/store';
import { multiLine, parseInput } from '../shared/validation';
import { changeOf, createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AssessmentStatus,
  type DimensionAssessment,
  editAssessmentInput,
  type FindingCriteria,
  findingCriteriaOf,
  type ImpactAssessment,
  isFinding,
  isGuideDimension,
  LEGACY_FINDING_CRITERIA,
  outOfScale,
  readinessForReview,
  twelveMonthsAfter,
  unhandledFindings,
} from './impact-assessment';
import {
  DEFAULT_DIMENSION_SET,
  ImpactAssessments,
  ImpactRevisionGuards,
  ImpactRiskLinks,
  ImpactSettingsItems,
} from './model';

export type ImpactDeps = StoreDeps;

/** I4: the criteria of the tenant's approved methodology (the former fixed 5×5 before it has one). */
async function currentCriteria(deps: Pick<StoreDeps, 'store'>): Promise<FindingCriteria> {
  const methodology = await approvedMethodology(deps.store);
  return methodology ? findingCriteriaOf(methodology) : LEGACY_FINDING_CRITERIA;
}

async function latestForSystem(deps: ImpactDeps, aiSystemId: string): Promise<ImpactAssessment | null> {
  const page = await deps.store.query(
    ImpactAssessments,
    'bySystem',
    { aiSystemId },
    { limit: 1 },
    { descending: true },
  );
  return page.entries[0]?.item ?? null;
}

/** Starts revision 1, or the next revision once the latest one is approved. */
export async function startImpactAssessment(scope: TenantScope, aiSystemId: string, deps: ImpactDeps) {
  assertCan(scope.role, 'impact.edit');
  const system = await deps.store.get(AiSystems, { id: aiSystemId });
  if (!system) throw new NotFoundError('AiSystem', aiSystemId);
  const [latest, settings, findingCriteria] = await Promise.all([
    latestForSystem(deps, aiSystemId),
    deps.store.get(ImpactSettingsItems, {}),
    currentCriteria(deps),
  ]);
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
    dimensionSet: settings?.dimensionSet ?? DEFAULT_DIMENSION_SET,
    findingCriteria,
    intendedUse: latest?.intendedUse ?? null,
    foreseeableMisuse: latest ? [...latest.foreseeableMisuse] : [],
    deploymentContext: latest?.deploymentContext ? { ...latest.deploymentContext } : null,
    jurisdictions: latest ? [...latest.jurisdictions] : [],
    participants: latest ? structuredClone(latest.participants) : [],
    positiveImpacts: latest ? [...latest.positiveImpacts] : [],
    nextReassessmentOn: null,
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
  return createVersioned(deps, scope, ImpactAssessments, assessment, [
    put(
      ImpactRevisionGuards,
      { aiSystemId, revision: assessment.revision, assessmentId: assessment.id },
      'absent',
      `Revision ${assessment.revision} of this system's assessment`,
    ),
  ]);
}

export async function editImpactAssessment(scope: TenantScope, rawInput: unknown, deps: ImpactDeps) {
  assertCan(scope.role, 'impact.edit');
  const input = parseInput(editAssessmentInput, rawInput, ['input']);
  const current = await load(input.id, input.expectedVersion, ['DRAFT'], deps);
  // I4: a draft is judged on the methodology in force while it is written.
  const next: ImpactAssessment = { ...current, findingCriteria: await currentCriteria(deps) };
  if (input.dimensions !== undefined) {
    const problems = outOfScale(input.dimensions, next.findingCriteria, ['input', 'dimensions']);
    if (problems.length) throw new ValidationError(problems);
    next.dimensions = input.dimensions.map(
      (d): DimensionAssessment => ({
        dimension: d.dimension,
        severity: d.severity,
        likelihood: d.likelihood,
        affectedGroups: d.affectedGroups ?? [],
        existingMitigations: d.existingMitigations ?? [],
        plannedMitigations: d.plannedMitigations ?? [],
        notes: d.notes ?? null,
        noRiskJustification: d.noRiskJustification ?? null,
      }),
    );
  }
  if (input.euAiActClass !== undefined) next.euAiActClass = input.euAiActClass ?? null;
  if (input.euAiActReasons !== undefined) next.euAiActReasons = input.euAiActReasons;
  if (input.intendedUse !== undefined) next.intendedUse = input.intendedUse ?? null;
  if (input.foreseeableMisuse !== undefined) next.foreseeableMisuse = input.foreseeableMisuse;
  if (input.deploymentContext !== undefined) next.deploymentContext = input.deploymentContext ?? null;
  if (input.jurisdictions !== undefined) next.jurisdictions = input.jurisdictions;
  if (input.participants !== undefined) next.participants = input.participants;
  if (input.positiveImpacts !== undefined) next.positiveImpacts = input.positiveImpacts;
  if (input.nextReassessmentOn !== undefined) next.nextReassessmentOn = input.nextReassessmentOn ?? null;
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
  const comment = parseInput(multiLine(4000).min(1, 'say what needs changing'), input.comment ?? '', [
    'input',
    'comment',
  ]);
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
  // Four eyes (I10): not the creator, the submitter, nor anyone who edited the draft.
  if (current.submittedBy === scope.actorId || current.createdBy === scope.actorId) {
    throw new ForbiddenError(
      'an assessment is approved by someone other than the people who wrote or submitted it',
    );
  }
  if ((await editorsOf(current.id, deps)).has(scope.actorId)) {
    throw new ForbiddenError('an assessment is approved by someone other than the people who edited it');
  }
  // Every finding feeds the risk assessment (I3): a linked risk, or planned mitigations and a reason.
  const links = await deps.store.collection(ImpactRiskLinks, ['IA', current.id], { sortPrefix: 'RISK#' });
  const unhandled = unhandledFindings(current, new Set(links.map((l) => l.dimension)));
  if (unhandled.length) {
    throw new ValidationError(
      unhandled.map((d) => ({
        path: ['assessment', 'dimensions', current.dimensions.indexOf(d)],
        message: `${d.dimension} is a finding: raise a risk from it, or give planned mitigations and a noRiskJustification`,
      })),
    );
  }
  const system =
    current.euAiActClass === 'PROHIBITED'
      ? await deps.store.get(AiSystems, { id: current.aiSystemId })
      : null;
  // I5: the new approved revision answers the system's open IMPACT re-assessment request.
  const openGuard = await deps.store.get(OpenReassessments, {
    aiSystemId: current.aiSystemId,
    scope: 'IMPACT',
  });
  const openRequest = openGuard
    ? await deps.store.get(ReassessmentRequests, { id: openGuard.requestId })
    : null;
  const now = deps.clock.now().toISOString();
  // Approval supersedes the previous approved revision in the same commit.
  const previous =
    current.revision > 1
      ? (
          await deps.store.query(
            ImpactAssessments,
            'bySystem',
            { aiSystemId: current.aiSystemId },
            { limit: 2 },
            { descending: true },
          )
        ).entries
          .map((e) => e.item)
          .find((a) => a.revision === current.revision - 1 && a.status === 'APPROVED')
      : undefined;
  return saveVersioned(
    deps,
    scope,
    ImpactAssessments,
    current,
    {
      ...current,
      status: 'APPROVED',
      approvedBy: scope.actorId,
      approvedAt: now,
      nextReassessmentOn: current.nextReassessmentOn ?? twelveMonthsAfter(now),
    },
    {
      extra: () => {
        const writes: Write[] =
          openRequest?.status === 'OPEN'
            ? resolutionWrites(
                scope,
                openRequest,
                { note: `Revision ${current.revision} approved`, assessmentId: current.id },
                now,
                deps,
              )
            : [];
        // Art. 5 (I8): a PROHIBITED class records a stop request on the system in the same commit.
        if (system) {
          const stopped: AiSystem = {
            ...system,
            stopRequested: {
              reason: `Impact assessment revision ${current.revision} classes the system PROHIBITED under the EU AI Act (Art. 5)`,
              assessmentId: current.id,
              requestedBy: scope.actorId,
              requestedAt: now,
            },
            version: system.version + 1,
            updatedAt: now,
          };
          writes.push(
            put(AiSystems, stopped, { version: system.version }),
            recordChange(changeOf(AiSystems, scope, system, stopped, now, deps.ids)),
          );
        }
        if (!previous) return writes;
        const superseded: ImpactAssessment = {
          ...previous,
          status: 'SUPERSEDED',
          supersededBy: current.id,
          version: previous.version + 1,
          updatedAt: now,
        };
        return [
          ...writes,
          put(ImpactAssessments, superseded, { version: previous.version }),
          { kind: 'change', record: changeOf(ImpactAssessments, scope, previous, superseded, now, deps.ids) },
        ];
      },
    },
  );
}

/** Raises a risk from one dimension of an assessment; the two stay linked both ways. */
export async function raiseRiskFromFinding(
  scope: TenantScope,
  input: { assessmentId: string; dimension: string; risk: unknown },
  deps: ImpactDeps & RiskDeps,
): Promise<Risk> {
  assertCan(scope.role, 'impact.read');
  const assessment = await deps.store.get(ImpactAssessments, { id: input.assessmentId });
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
  deps: Pick<StoreDeps, 'store'> & { cursors: CursorCodec },
): Promise<Connection<ImpactAssessment>> {
  assertCan(scope.role, 'impact.read');
  return pagedConnection(scope.tenantId, `impactAssessments|${aiSystemId}`, args, deps.cursors, (page) =>
    deps.store.query(ImpactAssessments, 'bySystem', { aiSystemId }, page, { descending: true }),
  );
}

/** Every assessment revision of the tenant, across systems, newest first. */
export function listTenantImpactAssessments(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: Pick<StoreDeps, 'store'> & { cursors: CursorCodec },
): Promise<Connection<ImpactAssessment>> {
  assertCan(scope.role, 'impact.read');
  return pagedConnection(scope.tenantId, 'impactAssessments', args, deps.cursors, (page) =>
    deps.store.query(ImpactAssessments, 'byTenant', {}, page, { descending: true }),
  );
}

export async function getImpactAssessment(scope: TenantScope, id: string, deps: Pick<StoreDeps, 'store'>) {
  assertCan(scope.role, 'impact.read');
  const assessment = await deps.store.get(ImpactAssessments, { id });
  if (!assessment) throw new NotFoundError('ImpactAssessment', id);
  return assessment;
}

/** Risks raised from an assessment's findings, by their link items. */
export async function risksRaisedFrom(
  scope: TenantScope,
  assessmentId: string,
  deps: Pick<StoreDeps, 'store'>,
) {
  assertCan(scope.role, 'impact.read');
  const links = await deps.store.collection(ImpactRiskLinks, ['IA', assessmentId], { sortPrefix: 'RISK#' });
  return links.map((l) => l.riskId);
}

/** Controls from the guide-dimension findings (the Annex A suggestion rules cover the guide's seven). */
export function suggestedControls(assessment: ImpactAssessment) {
  return suggestControlsForImpactDimensions(
    assessment.dimensions
      .filter((d) => isFinding(d, assessment.findingCriteria))
      .map((d) => d.dimension)
      .filter(isGuideDimension),
  );
}

async function load(id: string, expectedVersion: number, allowed: AssessmentStatus[], deps: ImpactDeps) {
  const current = await loadVersioned(deps.store, ImpactAssessments, { id }, expectedVersion);
  if (!allowed.includes(current.status)) {
    const why =
      current.status === 'APPROVED' || current.status === 'SUPERSEDED'
        ? 'approved assessments are immutable; start a new revision'
        : `expected ${allowed.join(' or ').toLowerCase()}`;
    throw new ConflictError(`assessment is ${current.status.toLowerCase()}: ${why}`, 'INVALID_STATE');
  }
  return current;
}

/** Everyone who wrote a change record of the assessment (all pages of its history). */
async function editorsOf(id: string, deps: ImpactDeps): Promise<Set<string>> {
  const editors = new Set<string>();
  let startKey: PageKey | undefined;
  do {
    const page = await deps.store.history('ImpactAssessment', id, { limit: 100, startKey });
    for (const e of page.entries) editors.add(e.item.actorId);
    startKey = page.hasMore ? (page.endKey ?? page.entries.at(-1)?.key) : undefined;
  } while (startKey);
  return editors;
}

function save(scope: TenantScope, current: ImpactAssessment, next: ImpactAssessment, deps: ImpactDeps) {
  return saveVersioned(deps, scope, ImpactAssessments, current, next);
}
