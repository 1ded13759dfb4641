import { beforeEach, describe, expect, it } from 'vitest';
import { seedDefaultMethodology } from '../risk/manage-methodology';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import { ApprovedSoaHeads, SoaHeads } from '../soa/model';
import type { SoaHead } from '../soa/statement-of-applicability';
import { readSystemRecords, riskMethodologySource, SYSTEM_RECORD_SOURCES, soaSource } from './system-records';

let store: InMemoryTenantStore;
const now = new Date('2026-03-01T10:00:00.000Z');
let n = 0;
const deps = () => ({ store, clock: { now: () => now }, ids: { next: () => `id-${++n}` } });

beforeEach(() => {
  store = new InMemoryTenantStore('t1', new InMemoryTable());
});

describe('§3.6.4 system records are derived on read from the artefacts, nothing written', () => {
  it('§3.6.4 a new tenant has no system records: every source reads heads only and finds none', async () => {
    expect(await readSystemRecords(store)).toEqual([]);
    expect(SYSTEM_RECORD_SOURCES.map((s) => s.mandatoryRef)).toEqual([
      'D-05',
      'D-13',
      'D-15',
      'D-07',
      'D-08',
      'D-01',
      'D-02',
      'D-03',
      'D-04',
      'D-10',
      'D-14',
      'D-11',
    ]);
  });

  it('§3.6.4 D-05 the approved methodology is an APPROVED record carrying its approval', async () => {
    await seedDefaultMethodology('t1', 'u-cleo', deps());
    const [record] = await riskMethodologySource.records(store);
    expect(record).toMatchObject({
      id: 'risk-methodology:1',
      mandatoryRef: 'D-05',
      status: 'APPROVED',
      revision: '1',
      entityRef: { entityType: 'RiskMethodology', entityId: '1' },
    });
  });

  it('§3.6.4 D-07 the working SoA is a DRAFT record until approved, then the latest approved version with its approver', async () => {
    const head: SoaHead = { tenantId: 't1', version: 4, approvedVersion: null, updatedAt: now.toISOString() };
    await store.commit([put(SoaHeads, head, 'any')]);
    expect((await soaSource.records(store)).map((r) => r.status)).toEqual(['DRAFT']);
    await store.commit([
      put(SoaHeads, { ...head, approvedVersion: 2 }, 'any'),
      put(
        ApprovedSoaHeads,
        {
          tenantId: 't1',
          number: 2,
          catalogueVersion: 'iso42001-2023.2',
          approvedBy: 'u-cleo',
          approvedAt: now.toISOString(),
          soaVersion: 4,
          riskRegisterChangedAt: null,
          methodologyVersion: 1,
          openRiskCount: 0,
          waivers: [],
        },
        'any',
      ),
    ]);
    expect(await soaSource.records(store)).toEqual([
      expect.objectContaining({
        status: 'APPROVED',
        revision: '2',
        approvedBy: 'u-cleo',
        mandatoryRef: 'D-07',
      }),
    ]);
  });
});
