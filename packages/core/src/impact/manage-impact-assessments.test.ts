import { beforeEach, describe, expect, it } from 'vitest';
import { changeRecordSchema } from '../audit/change-record';
import { AiSystems } from '../inventory/model';
import { registerAiSystem } from '../inventory/register-ai-system';
import { updateAiSystem } from '../inventory/update-ai-system';
import { OpenReassessments, ReassessmentRequests } from '../reassessment/model';
import { dueImpactReassessments } from '../reminders/ia-reassessment-due';
import { defaultMethodology } from '../risk/methodology';
import { Methodologies } from '../risk/model';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { ASSESSMENT_DIMENSIONS } from './impact-assessment';
import { getImpactSettings, setImpactSettings } from './impact-settings';
import {
  approveImpactAssessment,
  editImpactAssessment,
  getImpactAssessment,
  type ImpactDeps,
  returnImpactAssessment,
  startImpactAssessment,
  submitImpactAssessment,
} from './manage-impact-assessments';
import { ImpactAssessments, ImpactRevisionGuards, ImpactRiskLinks } from './model';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const author: TenantScope = { tenantId: T, actorId: 'u-author', role: 'DATA_GOVERNANCE_LEAD' };
const committee: TenantScope = { tenantId: T, actorId: 'u-committee', role: 'COMMITTEE_MEMBER' };

let store: InMemoryTenantStore;
let deps: ImpactDeps;
let system: string;

beforeEach(async () => {
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  };
  system = (
    await registerAiSystem(
      manager,
      { name: 'CV screener', purpose: 'Ranks applicants', lifecycleStage: 'USE', provenance: 'INTERNAL' },
      { ...deps, isMember: async () => true },
    )
  ).id;
});

const allDimensions = (severity: number) =>
  ASSESSMENT_DIMENSIONS.map((dimension) => ({
    dimension,
    severity,
    likelihood: 2,
    affectedGroups: ['Applicants'],
    plannedMitigations: ['Quarterly bias audit'],
    noRiskJustification: 'The audit keeps the effect within appetite; no separate risk',
  }));

/** The 6.1.4 context every draft needs before submit (I1). */
const context = {
  intendedUse: 'Ranks applicants for recruiters, who decide',
  foreseeableMisuse: ['Rejecting applicants without human review'],
  deploymentContext: { technical: 'Vendor API behind the ATS', societal: 'Job applicants in the EU' },
  jurisdictions: ['EU', 'DE'],
};

/** Start → edit → submit by `submitter`; returns the assessment in review. */
async function inReview(submitter: TenantScope = author, severity = 3) {
  const started = await startImpactAssessment(submitter, system, deps);
  const edited = await editImpactAssessment(
    submitter,
    {
      id: started.id,
      expectedVersion: started.version,
      dimensions: allDimensions(severity),
      euAiActClass: 'HIGH',
      euAiActReasons: ['Used in employment decisions (Annex III)'],
      ...context,
    },
    deps,
  );
  return submitImpactAssessment(submitter, edited.id, edited.version, deps);
}

const changesOf = (entityId: string) =>
  [...store.table.items.values()]
    .filter((i) => i.entity === 'ChangeRecord' && i.entityId === entityId)
    .map((i) => changeRecordSchema.parse(i))
    .sort((a, b) => a.version - b.version);

describe('impact assessment workflow', () => {
  it('runs start → edit → submit → approve, one version and change record per step', async () => {
    const started = await startImpactAssessment(author, system, deps);
    expect(started).toMatchObject({
      revision: 1,
      status: 'DRAFT',
      version: 1,
      dimensions: [],
      createdBy: 'u-author',
    });
    const edited = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: 1,
        dimensions: allDimensions(4),
        euAiActClass: 'HIGH',
        euAiActReasons: ['Used in employment decisions (Annex III)'],
        ...context,
      },
      deps,
    );
    expect(edited).toMatchObject({ status: 'DRAFT', version: 2, euAiActClass: 'HIGH' });
    expect(edited.dimensions).toHaveLength(ASSESSMENT_DIMENSIONS.length);
    const submitted = await submitImpactAssessment(author, started.id, 2, deps);
    expect(submitted).toMatchObject({
      id: started.id,
      status: 'IN_REVIEW',
      version: 3,
      submittedBy: 'u-author',
    });
    const approved = await approveImpactAssessment(committee, submitted.id, 3, deps);
    expect(approved).toMatchObject({
      status: 'APPROVED',
      version: 4,
      approvedBy: 'u-committee',
      supersededBy: null,
    });
    expect(await getImpactAssessment(committee, started.id, deps)).toEqual(approved);
    expect(changesOf(started.id).map((c) => [c.version, c.action, c.actorId])).toEqual([
      [1, 'CREATED', 'u-author'],
      [2, 'UPDATED', 'u-author'],
      [3, 'UPDATED', 'u-author'],
      [4, 'UPDATED', 'u-committee'],
    ]);
  });

  it('refuses to submit an incomplete draft', async () => {
    const started = await startImpactAssessment(author, system, deps);
    const error = await submitImpactAssessment(author, started.id, 1, deps).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors.map((f: { path: string[] }) => f.path)).toEqual([
      ['assessment', 'dimensions'],
      ['assessment', 'euAiActClass'],
      ['assessment', 'euAiActReasons'],
      ['assessment', 'intendedUse'],
      ['assessment', 'foreseeableMisuse'],
      ['assessment', 'deploymentContext'],
      ['assessment', 'jurisdictions'],
    ]);
  });

  it('is not approved by its submitter, even one allowed to approve', async () => {
    const submitted = await inReview(manager);
    await expect(approveImpactAssessment(manager, submitted.id, submitted.version, deps)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(approveImpactAssessment(author, submitted.id, submitted.version, deps)).rejects.toThrow(
      ForbiddenError,
    );
    expect(await getImpactAssessment(committee, submitted.id, deps)).toMatchObject({ status: 'IN_REVIEW' });
    await expect(
      approveImpactAssessment(committee, submitted.id, submitted.version, deps),
    ).resolves.toMatchObject({ status: 'APPROVED' });
  });

  it('a returned assessment goes back to draft with the comment, and is editable again', async () => {
    const submitted = await inReview();
    const returned = await returnImpactAssessment(
      committee,
      { id: submitted.id, expectedVersion: submitted.version, comment: 'Rate privacy higher' },
      deps,
    );
    expect(returned).toMatchObject({ status: 'DRAFT', reviewComment: 'Rate privacy higher' });
    await expect(
      editImpactAssessment(
        author,
        { id: returned.id, expectedVersion: returned.version, euAiActClass: 'LIMITED' },
        deps,
      ),
    ).resolves.toMatchObject({ euAiActClass: 'LIMITED' });
  });

  it('keeps an approved revision immutable', async () => {
    const submitted = await inReview();
    const approved = await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    await expect(
      editImpactAssessment(
        author,
        { id: approved.id, expectedVersion: approved.version, euAiActClass: 'MINIMAL' },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', extensions: { reason: 'INVALID_STATE' } });
  });

  it('approving a second revision supersedes the first in the same commit', async () => {
    const first = await approveImpactAssessment(committee, (await inReview()).id, 3, deps);
    const second = await startImpactAssessment(author, system, deps);
    expect(second).toMatchObject({ revision: 2, status: 'DRAFT', euAiActClass: 'HIGH' });
    expect(second.dimensions).toEqual(first.dimensions);
    const submitted = await submitImpactAssessment(author, second.id, second.version, deps);

    const commitsBefore = store.table.calls.commit;
    const approved = await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    expect(store.table.calls.commit).toBe(commitsBefore + 1);
    expect(approved).toMatchObject({ revision: 2, status: 'APPROVED' });
    const superseded = await store.get(ImpactAssessments, { id: first.id });
    expect(superseded).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: second.id,
      version: first.version + 1,
    });
    expect(changesOf(first.id).at(-1)).toMatchObject({
      version: first.version + 1,
      before: { status: 'APPROVED' },
      after: { status: 'SUPERSEDED', supersededBy: second.id },
      actorId: 'u-committee',
    });
    const third = await startImpactAssessment(author, system, deps);
    expect(third.revision).toBe(3);
  });

  it('refuses a second start while a draft or a review is open, with INVALID_STATE', async () => {
    await startImpactAssessment(author, system, deps);
    const error = await startImpactAssessment(manager, system, deps).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.extensions.reason).toBe('INVALID_STATE');
    const assessments = () => [...store.table.items.values()].filter((i) => i.entity === 'ImpactAssessment');
    expect(assessments()).toHaveLength(1);
  });

  it('refuses a second start while the first is in review', async () => {
    await inReview();
    await expect(startImpactAssessment(manager, system, deps)).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'INVALID_STATE' },
    });
  });

  it('writes a revision guard item with each revision, so concurrent starts cannot share a number', async () => {
    const started = await startImpactAssessment(author, system, deps);
    expect(await store.get(ImpactRevisionGuards, { aiSystemId: system, revision: 1 })).toEqual({
      aiSystemId: system,
      revision: 1,
      assessmentId: started.id,
    });
    expect(await store.get(ImpactRevisionGuards, { aiSystemId: system, revision: 2 })).toBeNull();
  });

  it('lets exactly one of two concurrent starts win', async () => {
    const results = await Promise.allSettled([
      startImpactAssessment(author, system, deps),
      startImpactAssessment(manager, system, deps),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(refused?.reason).toBeInstanceOf(ConflictError);
    expect([...store.table.items.values()].filter((i) => i.entity === 'ImpactAssessment')).toHaveLength(1);
    expect([...store.table.items.values()].filter((i) => i.entity === 'ImpactRevisionGuard')).toHaveLength(1);
  });
});

describe('impact assessments an auditor accepts', () => {
  it('I1: records intended use, misuse, context, jurisdictions, participants and positive impacts on a draft', async () => {
    const started = await startImpactAssessment(author, system, deps);
    const edited = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: started.version,
        ...context,
        participants: [{ name: 'Ada', role: 'Recruiter', stakeholderGroup: 'Hiring managers' }],
        positiveImpacts: ['Faster replies to applicants'],
      },
      deps,
    );
    expect(edited).toMatchObject({
      ...context,
      participants: [{ name: 'Ada', role: 'Recruiter', stakeholderGroup: 'Hiring managers' }],
      positiveImpacts: ['Faster replies to applicants'],
      nextReassessmentOn: null,
    });
    const next = await startImpactAssessment(author, system, deps).catch((e) => e);
    expect(next).toBeInstanceOf(ConflictError);
  });

  it('I1: bounds the new fields, with field paths', async () => {
    const started = await startImpactAssessment(author, system, deps);
    const error = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: started.version,
        foreseeableMisuse: Array(6).fill('x'),
        jurisdictions: ['E'.repeat(41)],
        dimensions: [{ dimension: 'FAIRNESS', severity: 6, likelihood: 1 }],
      },
      deps,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = error.fieldErrors.map((f: { path: (string | number)[] }) => f.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['input.foreseeableMisuse', 'input.jurisdictions.0']));
  });

  it('I1: approval sets the next reassessment twelve months ahead unless one was given', async () => {
    const submitted = await inReview();
    const approved = await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    expect(approved.nextReassessmentOn).toBe('2027-03-01');
  });

  it('I3: approval is refused while a finding has no linked risk and no justified planned mitigations', async () => {
    const started = await startImpactAssessment(author, system, deps);
    const dims = allDimensions(2).map((d) =>
      d.dimension === 'FAIRNESS' || d.dimension === 'PRIVACY'
        ? { ...d, severity: 5, plannedMitigations: [], noRiskJustification: null }
        : d,
    );
    const edited = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: started.version,
        dimensions: dims,
        euAiActClass: 'LIMITED',
        euAiActReasons: ['Art. 50'],
        ...context,
      },
      deps,
    );
    const submitted = await submitImpactAssessment(author, edited.id, edited.version, deps);
    const error = await approveImpactAssessment(committee, submitted.id, submitted.version, deps).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('FAIRNESS');
    expect(error.message).toContain('PRIVACY');

    // Linking a risk to each finding clears the guard.
    for (const dimension of ['FAIRNESS', 'PRIVACY']) {
      await store.commit([
        put(ImpactRiskLinks, { assessmentId: submitted.id, riskId: `r-${dimension}`, dimension }, 'absent'),
      ]);
    }
    await expect(
      approveImpactAssessment(committee, submitted.id, submitted.version, deps),
    ).resolves.toMatchObject({ status: 'APPROVED' });
  });

  it('I8: approving a PROHIBITED class records a stop request on the system in the same commit', async () => {
    const started = await startImpactAssessment(author, system, deps);
    const edited = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: started.version,
        dimensions: allDimensions(2),
        euAiActClass: 'PROHIBITED',
        euAiActReasons: ['Infers emotions of applicants in interviews (Art. 5(1)(f))'],
        ...context,
      },
      deps,
    );
    const submitted = await submitImpactAssessment(author, edited.id, edited.version, deps);
    const before = await store.get(AiSystems, { id: system });
    const commitsBefore = store.table.calls.commit;
    await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    expect(store.table.calls.commit).toBe(commitsBefore + 1);
    const after = await store.get(AiSystems, { id: system });
    expect(after).toMatchObject({
      version: (before?.version ?? 0) + 1,
      stopRequested: { assessmentId: submitted.id, requestedBy: 'u-committee' },
    });
    expect(after?.stopRequested?.reason).toContain('PROHIBITED');
    expect(changesOf(system).at(-1)).toMatchObject({
      after: { stopRequested: { assessmentId: submitted.id } },
      actorId: 'u-committee',
    });
  });

  it('I8: other classes leave the system alone', async () => {
    const submitted = await inReview();
    await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    expect((await store.get(AiSystems, { id: system }))?.stopRequested).toBeNull();
  });

  it('I10: the creator may not approve though a colleague submitted', async () => {
    const started = await startImpactAssessment(manager, system, deps);
    const edited = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: started.version,
        dimensions: allDimensions(2),
        euAiActClass: 'MINIMAL',
        euAiActReasons: ['Ranking aid only'],
        ...context,
      },
      deps,
    );
    const submitted = await submitImpactAssessment(author, edited.id, edited.version, deps);
    await expect(approveImpactAssessment(manager, submitted.id, submitted.version, deps)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      approveImpactAssessment(committee, submitted.id, submitted.version, deps),
    ).resolves.toMatchObject({ status: 'APPROVED' });
  });

  it('I10: an editor of the draft may not approve, whoever created and submitted it', async () => {
    const started = await startImpactAssessment(author, system, deps);
    const edited = await editImpactAssessment(
      manager,
      {
        id: started.id,
        expectedVersion: started.version,
        dimensions: allDimensions(2),
        euAiActClass: 'MINIMAL',
        euAiActReasons: ['Ranking aid only'],
        ...context,
      },
      deps,
    );
    const submitted = await submitImpactAssessment(author, edited.id, edited.version, deps);
    const error = await approveImpactAssessment(manager, submitted.id, submitted.version, deps).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toContain('edited');
  });

  it('I10: reads every page of the history, so an early editor is found behind a hundred later edits', async () => {
    const started = await startImpactAssessment(author, system, deps);
    let current = await editImpactAssessment(
      manager,
      { id: started.id, expectedVersion: started.version, euAiActClass: 'MINIMAL' },
      deps,
    );
    for (let i = 0; i < 105; i++) {
      current = await editImpactAssessment(
        author,
        { id: current.id, expectedVersion: current.version, euAiActReasons: [`Reason ${i}`] },
        deps,
      );
    }
    current = await editImpactAssessment(
      author,
      { id: current.id, expectedVersion: current.version, dimensions: allDimensions(2), ...context },
      deps,
    );
    const submitted = await submitImpactAssessment(author, current.id, current.version, deps);
    await expect(approveImpactAssessment(manager, submitted.id, submitted.version, deps)).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('I2 dimension set, I4 methodology criteria, I5 reassessment', () => {
  it('I2 a new revision assesses all eleven by default; GUIDE_SEVEN set by management applies to later starts', async () => {
    const first = await startImpactAssessment(author, system, deps);
    expect(first.dimensionSet).toBe('ALL');
    expect((await getImpactSettings(author, deps)).version).toBe(0);
    await expect(
      setImpactSettings(
        { ...manager, role: 'CONSULTANT' },
        { dimensionSet: 'GUIDE_SEVEN', expectedVersion: 0 },
        deps,
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      setImpactSettings(author, { dimensionSet: 'GUIDE_SEVEN', expectedVersion: 0 }, deps),
    ).rejects.toThrow(ForbiddenError);
    const set = await setImpactSettings(manager, { dimensionSet: 'GUIDE_SEVEN', expectedVersion: 0 }, deps);
    expect(set).toMatchObject({ dimensionSet: 'GUIDE_SEVEN', version: 1, updatedBy: 'u-manager' });
    await expect(
      setImpactSettings(manager, { dimensionSet: 'ALL', expectedVersion: 0 }, deps),
    ).rejects.toMatchObject({ extensions: { reason: 'VERSION_MISMATCH' } });
    // The draft already started keeps its set.
    expect((await getImpactAssessment(author, first.id, deps)).dimensionSet).toBe('ALL');
  });

  it("I4 findings use the approved methodology's scales and threshold; ratings above its scale are refused", async () => {
    const fourByFour = defaultMethodology(T, '2026-02-01T00:00:00.000Z', 'u-manager');
    fourByFour.likelihoodScale = fourByFour.likelihoodScale.slice(0, 4);
    fourByFour.impactScale = fourByFour.impactScale.slice(0, 4);
    fourByFour.acceptanceThreshold = 6;
    await store.commit([put(Methodologies, fourByFour, 'absent')]);
    const started = await startImpactAssessment(author, system, deps);
    expect(started.findingCriteria).toEqual({
      maxSeverity: 4,
      maxLikelihood: 4,
      acceptanceThreshold: 6,
      methodologyVersion: 1,
    });
    const error = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: 1,
        dimensions: [{ dimension: 'PRIVACY', severity: 5, likelihood: 1 }],
      },
      deps,
    ).catch((e) => e);
    expect(error.fieldErrors).toEqual([
      { path: ['input', 'dimensions', 0, 'severity'], message: "1–4 on the risk methodology's impact scale" },
    ]);
    const edited = await editImpactAssessment(
      author,
      {
        id: started.id,
        expectedVersion: 1,
        dimensions: ASSESSMENT_DIMENSIONS.map((dimension) => ({ dimension, severity: 2, likelihood: 4 })),
        euAiActClass: 'HIGH',
        euAiActReasons: ['Annex III 4(a)'],
        ...context,
      },
      deps,
    );
    const submitted = await submitImpactAssessment(author, edited.id, edited.version, deps);
    // 2 × 4 = 8 > 6: every dimension is a finding on this methodology (it was not on the fixed 5×5, threshold 8).
    const refused = await approveImpactAssessment(committee, submitted.id, submitted.version, deps).catch(
      (e) => e,
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fieldErrors).toHaveLength(ASSESSMENT_DIMENSIONS.length);
  });

  it('I5 approving a new revision resolves the open IMPACT request in the same commit; the RISK one stays open', async () => {
    const first = await inReview();
    await approveImpactAssessment(committee, first.id, first.version, deps);
    await updateAiSystem(
      manager,
      {
        id: system,
        expectedVersion: 1,
        purpose: 'Ranks and rejects applicants',
        intendedUse: 'x'.repeat(20),
        aiRoles: ['DEPLOYER'],
      },
      { ...deps, isMember: async () => true },
    );
    const open = await store.get(OpenReassessments, { aiSystemId: system, scope: 'IMPACT' });
    expect(open).not.toBeNull();
    const second = await startImpactAssessment(author, system, deps);
    const edited = await editImpactAssessment(
      author,
      { id: second.id, expectedVersion: 1, nextReassessmentOn: '2026-06-01' },
      deps,
    );
    const submitted = await submitImpactAssessment(author, edited.id, edited.version, deps);
    const commits = store.table.calls.commit;
    await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    expect(store.table.calls.commit).toBe(commits + 1);
    expect(await store.get(ReassessmentRequests, { id: open?.requestId ?? '' })).toMatchObject({
      status: 'RESOLVED',
      resolvedBy: 'u-committee',
      resolvedByAssessmentId: submitted.id,
    });
    expect(await store.get(OpenReassessments, { aiSystemId: system, scope: 'IMPACT' })).toBeNull();
    expect(await store.get(OpenReassessments, { aiSystemId: system, scope: 'RISK' })).not.toBeNull();
  });

  it('I5 IA_REASSESSMENT_DUE reminds about approved revisions past their next reassessment date, only those', async () => {
    const submitted = await inReview();
    await approveImpactAssessment(committee, submitted.id, submitted.version, deps);
    expect(await dueImpactReassessments(store, '2027-03-01')).toEqual([]);
    expect(await dueImpactReassessments(store, '2027-03-11')).toEqual([
      {
        kind: 'IA_REASSESSMENT_DUE',
        entityId: submitted.id,
        title: 'Impact assessment of CV screener (revision 1)',
        ownerId: 'u-manager',
        dueDate: '2027-03-01',
        daysOverdue: 10,
      },
    ]);
  });
});
