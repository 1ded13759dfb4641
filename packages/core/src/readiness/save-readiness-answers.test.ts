import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { READINESS_BANK } from './bank';
import { ReadinessDrafts } from './model';
import { readinessDraft, saveReadinessAnswers } from './save-readiness-answers';

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };
const owner: TenantScope = { tenantId: 't1', actorId: 'u-sam', role: 'AI_SYSTEM_OWNER' };
const viewer: TenantScope = { tenantId: 't1', actorId: 'u-vic', role: 'VIEWER' };

let store: InMemoryTenantStore;
let n = 0;
const deps = () => ({
  store,
  clock: { now: () => new Date('2026-03-02T09:00:00.000Z') },
  ids: { next: () => `id-${++n}` },
});

async function rejected(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  store = new InMemoryTenantStore('t1', new InMemoryTable());
});

describe('readiness draft (§3.12.1–§3.12.2)', () => {
  it('§3.12.2 saves in parts across calls: profile first, answers later, each save one version on', async () => {
    const first = await saveReadinessAnswers(
      manager,
      { expectedVersion: 0, profile: { existingCertifications: ['ISO_27001'], sector: 'Health' } },
      deps(),
    );
    expect(first.draft.version).toBe(1);
    expect(first.progress.answered).toBe(0);
    const second = await saveReadinessAnswers(
      consultant,
      {
        expectedVersion: 1,
        profile: { startDate: '2026-03-01' },
        answers: [
          { itemId: 'RQ-05', value: 4 },
          { itemId: 'RQ-06', value: 2 },
        ],
      },
      deps(),
    );
    expect(second.draft.profile).toMatchObject({
      existingCertifications: ['ISO_27001'],
      sector: 'Health',
      startDate: '2026-03-01',
    });
    expect(second.progress).toMatchObject({ answered: 2, total: READINESS_BANK.length });
    expect(second.progress.sections.find((s) => s.section === 'STEP_1')).toMatchObject({ answered: 1 });
    expect(second.progress.sections.find((s) => s.section === 'STEP_2')).toMatchObject({ answered: 1 });
    const third = await saveReadinessAnswers(
      manager,
      { expectedVersion: 2, answers: [{ itemId: 'RQ-05', value: 2 }], clearItemIds: ['RQ-06'] },
      deps(),
    );
    expect(third.draft.answers).toEqual([{ itemId: 'RQ-05', value: 2 }]);
    const read = await readinessDraft(manager, deps());
    expect(read.draft.version).toBe(3);
    expect((await store.history('ReadinessDraft', 'draft', { limit: 10 })).entries).toHaveLength(3);
  });

  it('§3.12.1 a value outside 0–5 → BAD_USER_INPUT at input.answers.0.value, nothing written', async () => {
    const e = await rejected(
      saveReadinessAnswers(manager, { expectedVersion: 0, answers: [{ itemId: 'RQ-05', value: 7 }] }, deps()),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'answers', 0, 'value'] }),
    ]);
    expect(await store.get(ReadinessDrafts, {})).toBeNull();
  });

  it('§3.12.1 N/A only where an applicability condition holds: RQ-05 never, RQ-18 without an EU nexus, CM-5 without another system', async () => {
    const e = await rejected(
      saveReadinessAnswers(
        manager,
        { expectedVersion: 0, answers: [{ itemId: 'RQ-05', notApplicable: true, justification: 'no' }] },
        deps(),
      ),
    );
    expect((e as ValidationError).fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'answers', 0, 'notApplicable'] }),
    ]);
    const ok = await saveReadinessAnswers(
      manager,
      {
        expectedVersion: 0,
        answers: [
          { itemId: 'RQ-18', notApplicable: true, justification: 'No EU customers or use.' },
          { itemId: 'CM-5', notApplicable: true, justification: 'No other certified system.' },
        ],
      },
      deps(),
    );
    expect(ok.draft.answers).toHaveLength(2);
    // With an EU nexus declared in the same save, RQ-18 N/A is refused.
    const nexus = await rejected(
      saveReadinessAnswers(
        manager,
        {
          expectedVersion: 1,
          profile: { euNexus: { hasNexus: true, operatorRoles: [] } },
          answers: [{ itemId: 'RQ-18', notApplicable: true, justification: 'still no' }],
        },
        deps(),
      ),
    );
    expect(nexus).toBeInstanceOf(ValidationError);
  });

  it('§3.12.1 N/A needs a justification → BAD_USER_INPUT at input.answers.0.justification', async () => {
    const e = await rejected(
      saveReadinessAnswers(
        manager,
        { expectedVersion: 0, answers: [{ itemId: 'CM-5', notApplicable: true }] },
        deps(),
      ),
    );
    expect((e as ValidationError).fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'answers', 0, 'justification'] }),
    ]);
  });

  it('a stale expectedVersion → CONFLICT VERSION_MISMATCH', async () => {
    await saveReadinessAnswers(
      manager,
      { expectedVersion: 0, answers: [{ itemId: 'RQ-01', value: 1 }] },
      deps(),
    );
    const e = await rejected(
      saveReadinessAnswers(manager, { expectedVersion: 0, answers: [{ itemId: 'RQ-01', value: 2 }] }, deps()),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as ConflictError).extensions.reason).toBe('VERSION_MISMATCH');
  });

  it('readiness.answer is the AIMS office’s: an AI system owner may not answer, a viewer may not even read', async () => {
    await expect(saveReadinessAnswers(owner, { expectedVersion: 0 }, deps())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(readinessDraft(owner, deps())).resolves.toMatchObject({ draft: { version: 0 } });
    await expect(readinessDraft(viewer, deps())).rejects.toBeInstanceOf(ForbiddenError);
  });
});
