import { describe, expect, it } from 'vitest';
import type { AiSystem } from '../../inventory/ai-system';
import type { EuAiActProfile } from '../../inventory/eu-ai-act';
import { rq11Inventory, rq18EuAiAct } from './inventory-caps';

const system = (over: Partial<AiSystem>) =>
  ({
    name: 'Triage',
    purpose: 'Prioritise emergency patients',
    dataProcessed: ['vital signs'],
    decisionsInfluenced: ['triage order'],
    affectedStakeholders: ['patients'],
    businessProcess: 'Emergency admission',
    ownerId: 'u1',
    provenance: 'THIRD_PARTY_API',
    euAiActProfile: null,
    ...over,
  }) as AiSystem;
const profile = (over: Partial<EuAiActProfile> = {}): EuAiActProfile => ({
  operatorRole: 'DEPLOYER',
  prohibitedPractice: null,
  highRisk: null,
  transparencyArt50: [],
  gpai: { isGpaiModel: false, systemicRisk: false },
  publicBodyOrPublicService: true,
  reasons: [],
  assessedBy: 'u1',
  assessedOn: '2026-10-01',
  ...over,
});

describe('inventory caps (§3.12.2)', () => {
  it('RQ-11 every in-scope system with purpose, data, decisions, stakeholders, process and owner ⇒ 4; a gap ⇒ 2', () => {
    expect(rq11Inventory([system({})])).toMatchObject({ itemId: 'RQ-11', cap: 4 });
    expect(rq11Inventory([system({}), system({ businessProcess: null })])?.cap).toBe(2);
    expect(rq11Inventory([system({ affectedStakeholders: [] })])?.cap).toBe(2);
    expect(rq11Inventory([])).toBeNull();
  });

  it('RQ-18 every in-scope system classified and none needing a FRIA ⇒ 4; unclassified or FRIA needed ⇒ 2', () => {
    expect(rq18EuAiAct([system({ euAiActProfile: profile() })])?.cap).toBe(4);
    expect(rq18EuAiAct([system({ euAiActProfile: profile() }), system({})])?.cap).toBe(2);
    const annexIII = profile({
      highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'a', art63Derogation: null },
    });
    expect(rq18EuAiAct([system({ euAiActProfile: annexIII })])?.cap).toBe(2);
    expect(rq18EuAiAct([])).toBeNull();
  });
});
