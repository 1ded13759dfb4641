import { beforeEach, describe, expect, it } from 'vitest';
import { IMPACT_DIMENSIONS } from '../annex-a/suggestions';
import { changeRecordSchema } from '../audit/change-record';
import { registerAiSystem } from '../inventory/register-ai-system';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  approveImpactAssessment,
  editImpactAssessment,
  getImpactAssessment,
  type ImpactDeps,
  returnImpactAssessment,
  startImpactAssessment,
  submitImpactAssessment,
} from './manage-impact-assessments';
import { ImpactAssessments, ImpactRevisionGuards } from './model';

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
  IMPACT_DIMENSIONS.map((dimension) => ({
    dimension,
    severity,
    likelihood: 2,
    affectedGroups: ['Applicants'],
  }));

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
      },
      deps,
    );
    expect(edited).toMatchObject({ status: 'DRAFT', version: 2, euAiActClass: 'HIGH' });
    expect(edited.dimensions).toHaveLength(IMPACT_DIMENSIONS.length);
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
