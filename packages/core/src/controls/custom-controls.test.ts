import { beforeEach, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS } from '../annex-a/catalogue';
import { seedDefaultMethodology } from '../risk/manage-methodology';
import { RiskControlLinks } from '../risk/model';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put, type Write } from '../shared/store';
import { approveSoa, getApprovedSoa, getSoa, soaConsistency, updateSoaEntry } from '../soa/manage-soa';
import type { TenantScope } from '../tenancy/tenant-scope';
import { resolveControlRefs } from './control-ref';
import {
  createCustomControl,
  getCustomControl,
  retireCustomControl,
  updateCustomControl,
} from './manage-custom-controls';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const committee: TenantScope = { tenantId: T, actorId: 'u-committee', role: 'COMMITTEE_MEMBER' };
const viewer: TenantScope = { tenantId: T, actorId: 'u-viewer', role: 'VIEWER' };

/** Records each commit's size and can fail the n-th commit from now: the store's limits, made visible. */
class CountingStore extends InMemoryTenantStore {
  sizes: number[] = [];
  failAt: number | null = null;
  override async commit(writes: readonly Write[]) {
    if (writes.length > 100) throw new Error(`a commit of ${writes.length} items is over the limit of 100`);
    if (this.failAt !== null && this.failAt-- === 0) throw new Error('network failure');
    this.sizes.push(writes.length);
    return super.commit(writes);
  }
}

let store: CountingStore;
let deps: {
  store: CountingStore;
  isMember: (id: string) => Promise<boolean>;
  clock: { now: () => Date };
  ids: { next: () => string };
};

beforeEach(async () => {
  store = new CountingStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async (id) => id.startsWith('u-'),
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(4, '0')}` },
  };
  await seedDefaultMethodology(T, manager.actorId, deps);
});

const create = (ref: string, extra: Record<string, unknown> = {}) =>
  createCustomControl(
    manager,
    { ref, title: `Control ${ref}`, source: 'ORGANISATION', mappedAnnexA: ['A.6.2.4'], ...extra },
    deps,
  );
const decide = (controlId: string, expectedVersion = 0) =>
  updateSoaEntry(
    manager,
    {
      controlId,
      expectedVersion,
      applicable: true,
      justification: `Needed for our AI systems: ${controlId}`,
      reasons: ['CONTRACTUAL'],
    },
    deps,
  );
async function decideAll() {
  const soa = await getSoa(manager, deps);
  for (const e of soa.entries) await decide(e.controlId, e.version);
  return (await getSoa(manager, deps)).version;
}

describe('X-8 custom controls', () => {
  it('X-8 creates a control and, in the same commit, its undecided SoA entry in the additional section', async () => {
    const before = (await getSoa(manager, deps)).version;
    const control = await create('ORG-01', {
      title: 'Clinical safety case for AI-assisted triage',
      source: 'SECTOR',
      ownerId: 'u-owner',
    });
    expect(control).toMatchObject({ ref: 'ORG-01', version: 1, retiredAt: null, mappedAnnexA: ['A.6.2.4'] });
    expect(store.sizes.at(-1)).toBe(4);
    const soa = await getSoa(manager, deps);
    expect(soa.version).toBe(before + 1);
    expect(soa.entries).toHaveLength(ANNEX_A_CONTROLS.length + 1);
    expect(soa.entries.at(-1)).toMatchObject({ controlId: 'ORG-01', applicable: null, version: 0 });
    expect(soa.customControls.get('ORG-01')?.title).toBe('Clinical safety case for AI-assisted triage');
    expect((await resolveControlRefs(store, ['ORG-01', 'A.5.2', 'ORG-99'])).unknown).toEqual(['ORG-99']);
  });

  it('X-8 refuses an Annex A id, a malformed ref and an unknown owner as BAD_USER_INPUT, writing nothing', async () => {
    for (const [input, path] of [
      [{ ref: 'A.5.2' }, 'input.ref'],
      [{ ref: 'org 1' }, 'input.ref'],
      [{ ref: 'ORG#1' }, 'input.ref'],
      [{ ref: 'ORG-02', ownerId: 'stranger' }, 'input.ownerId'],
      [{ ref: 'ORG-03', mappedAnnexA: ['A.99'] }, 'input.mappedAnnexA.0'],
    ] as const) {
      const error = await createCustomControl(
        manager,
        { title: 'A control', source: 'OTHER', ...input },
        deps,
      ).catch((e) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect(error.fieldErrors.map((f: { path: string[] }) => f.path.join('.'))).toContain(path);
    }
    expect(store.sizes).toHaveLength(1);
  });

  it('X-8 refuses a ref already taken with CONFLICT (ALREADY_EXISTS), even once retired', async () => {
    await create('ORG-01');
    const error = await create('ORG-01').catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.extensions.reason).toBe('ALREADY_EXISTS');
    await retireCustomControl(
      manager,
      { ref: 'ORG-01', expectedVersion: 1, reason: 'Replaced by ORG-02' },
      deps,
    );
    expect((await create('ORG-01').catch((e) => e)).extensions.reason).toBe('ALREADY_EXISTS');
  });

  it('X-8 updates under expectedVersion; a stale version is CONFLICT; a viewer may read but not edit', async () => {
    await create('ORG-01');
    const updated = await updateCustomControl(
      manager,
      { ref: 'ORG-01', expectedVersion: 1, title: 'Renamed control', mappedAnnexA: ['A.5.2', 'A.5.2'] },
      deps,
    );
    expect(updated).toMatchObject({ version: 2, title: 'Renamed control', mappedAnnexA: ['A.5.2'] });
    const stale = await updateCustomControl(
      manager,
      { ref: 'ORG-01', expectedVersion: 1, title: 'Again' },
      deps,
    ).catch((e) => e);
    expect(stale.extensions.reason).toBe('VERSION_MISMATCH');
    expect((await getCustomControl(viewer, 'ORG-01', deps)).title).toBe('Renamed control');
    await expect(
      updateCustomControl(viewer, { ref: 'ORG-01', expectedVersion: 2, title: 'Mine' }, deps),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getCustomControl(manager, 'ORG-77', deps)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('X-8 retiring is refused while a risk treatment relies on the control; once free, the entry leaves the working SoA', async () => {
    await create('ORG-01');
    await store.commit([
      put(RiskControlLinks, { riskId: 'r1', controlRef: 'ORG-01', aboveThreshold: true }, 'any'),
    ]);
    const refused = await retireCustomControl(
      manager,
      { ref: 'ORG-01', expectedVersion: 1, reason: 'No longer needed here' },
      deps,
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.extensions.reason).toBe('INVALID_STATE');
    expect(refused.message).toContain('r1');

    await create('ORG-02');
    const version = (await getSoa(manager, deps)).version;
    const retired = await retireCustomControl(
      manager,
      { ref: 'ORG-02', expectedVersion: 1, reason: 'Merged into ORG-01' },
      deps,
    );
    expect(retired).toMatchObject({ version: 2, retiredReason: 'Merged into ORG-01' });
    expect(retired.retiredAt).not.toBeNull();
    const soa = await getSoa(manager, deps);
    expect(soa.version).toBe(version + 1);
    expect(soa.entries.map((e) => e.controlId)).not.toContain('ORG-02');
    await expect(decide('ORG-02')).rejects.toBeInstanceOf(ValidationError);
    await expect(
      updateCustomControl(manager, { ref: 'ORG-02', expectedVersion: 2, title: 'Back again' }, deps),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    expect((await resolveControlRefs(store, ['ORG-02'])).unknown).toEqual(['ORG-02']);
  });
});

describe('X-8 custom controls in the SoA', () => {
  it('X-8 an additional entry is decided like an Annex A one, and the checks run over it', async () => {
    await create('ORG-01', { title: 'Clinical safety case' });
    const undecided = await soaConsistency(manager, deps);
    expect(undecided.find((f) => f.controlId === 'ORG-01')).toMatchObject({ code: 'UNDECIDED_CONTROL' });
    expect(undecided.find((f) => f.controlId === 'ORG-01')?.explanation).toContain('Clinical safety case');
    await updateSoaEntry(
      manager,
      {
        controlId: 'ORG-01',
        expectedVersion: 0,
        applicable: false,
        justification: 'Not needed anywhere',
        reasons: ['RISK_TREATMENT'],
      },
      deps,
    );
    const findings = await soaConsistency(manager, deps);
    expect(findings.filter((f) => f.controlId === 'ORG-01').map((f) => f.code)).toEqual([
      'REASON_DECISION_MISMATCH',
    ]);
  });

  it('X-8 approval needs the additional entries decided and justified, then freezes them with their control', async () => {
    await create('ORG-01', { title: 'Clinical safety case' });
    for (const c of ANNEX_A_CONTROLS) await decide(c.id);
    const incomplete = await approveSoa(
      committee,
      { expectedVersion: (await getSoa(manager, deps)).version },
      deps,
    ).catch((e) => e);
    expect(incomplete).toBeInstanceOf(ValidationError);
    expect(incomplete.message).toContain('ORG-01');

    await decide('ORG-01');
    const approved = await approveSoa(
      committee,
      { expectedVersion: (await getSoa(manager, deps)).version },
      deps,
    );
    await updateCustomControl(
      manager,
      { ref: 'ORG-01', expectedVersion: 1, title: 'Renamed after approval' },
      deps,
    );
    const frozen = await getApprovedSoa(manager, approved.number, deps);
    expect(frozen.entries).toHaveLength(ANNEX_A_CONTROLS.length + 1);
    expect(frozen.entries.at(-1)).toMatchObject({
      controlId: 'ORG-01',
      applicable: true,
      customControl: { ref: 'ORG-01', title: 'Clinical safety case', source: 'ORGANISATION' },
    });
    expect(frozen.entries[0]?.customControl).toBeNull();
  });

  it('X-8 an approval over 100 items is written in batches of at most 100, the head last', async () => {
    for (let i = 1; i <= 70; i++) await create(`ORG-${String(i).padStart(2, '0')}`);
    const version = await decideAll();
    store.sizes = [];
    const approved = await approveSoa(committee, { expectedVersion: version }, deps);
    expect(store.sizes.length).toBeGreaterThan(1);
    expect(Math.max(...store.sizes)).toBeLessThanOrEqual(100);
    const frozen = await getApprovedSoa(manager, null, deps);
    expect(frozen.number).toBe(approved.number);
    expect(frozen.entries).toHaveLength(108);
    expect(frozen.entries.slice(38).map((e) => e.controlId)[0]).toBe('ORG-01');
    expect((await getSoa(manager, deps)).approvedVersion).toBe(1);
  });

  it('X-8 a failure half-way leaves no approved version; a retry completes it, without entries of controls retired meanwhile', async () => {
    for (let i = 1; i <= 70; i++) await create(`ORG-${String(i).padStart(2, '0')}`);
    let version = await decideAll();
    store.failAt = 1; // the first batch lands, the second fails
    await expect(approveSoa(committee, { expectedVersion: version }, deps)).rejects.toThrow(
      'network failure',
    );
    await expect(getApprovedSoa(manager, null, deps)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getApprovedSoa(manager, 1, deps)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getSoa(manager, deps)).approvedVersion).toBeNull();

    // ORG-01 was frozen by the failed attempt; it is retired before the retry.
    await retireCustomControl(
      manager,
      { ref: 'ORG-01', expectedVersion: 1, reason: 'Retired before approval' },
      deps,
    );
    version = (await getSoa(manager, deps)).version;
    const approved = await approveSoa(committee, { expectedVersion: version }, deps);
    expect(approved.number).toBe(1);
    const frozen = await getApprovedSoa(manager, 1, deps);
    expect(frozen.entries).toHaveLength(107);
    expect(frozen.entries.map((e) => e.controlId)).not.toContain('ORG-01');
  });

  it('X-8 a batch is refused once the working SoA was edited after the state checked', async () => {
    for (let i = 1; i <= 70; i++) await create(`ORG-${String(i).padStart(2, '0')}`);
    const version = await decideAll();
    await decide('A.2.2', 1);
    await expect(approveSoa(committee, { expectedVersion: version }, deps)).rejects.toMatchObject({
      extensions: { reason: 'VERSION_MISMATCH' },
    });
    await expect(getApprovedSoa(manager, null, deps)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('S7 and C3', () => {
  it('S7 the approved SoA records the methodology version and the open risks it was approved against', async () => {
    const approved = await approveSoa(committee, { expectedVersion: await decideAll() }, deps);
    expect(approved).toMatchObject({ methodologyVersion: 1, openRiskCount: 0, riskRegisterChangedAt: null });
    expect(await getApprovedSoa(manager, 1, deps)).toMatchObject({ methodologyVersion: 1, openRiskCount: 0 });
  });

  it('C3 the official title is an empty slot the tenant may fill on an entry, for Annex A and custom controls', async () => {
    await create('ISO27001:A.8.28');
    expect((await getSoa(manager, deps)).entries.every((e) => e.officialTitle === null)).toBe(true);
    const soa = await updateSoaEntry(
      manager,
      { controlId: 'A.5.2', expectedVersion: 0, officialTitle: 'Title as printed in our licensed copy' },
      deps,
    );
    expect(soa.entries.find((e) => e.controlId === 'A.5.2')?.officialTitle).toBe(
      'Title as printed in our licensed copy',
    );
    const custom = await updateSoaEntry(
      manager,
      { controlId: 'ISO27001:A.8.28', expectedVersion: 0, officialTitle: 'Secure coding' },
      deps,
    );
    expect(custom.entries.find((e) => e.controlId === 'ISO27001:A.8.28')).toMatchObject({
      officialTitle: 'Secure coding',
      version: 1,
    });
  });
});
