import { describe, expect, it } from 'vitest';
import type { DocumentStatus } from '../../documents/controlled-document';
import { PROCEDURE_KINDS, type ProcedureKind } from '../../documents/controlled-document';
import { rq22Procedures, rq30IncidentProcess } from './procedure-caps';

const proc = (procedureKind: ProcedureKind | null, status: DocumentStatus = 'APPROVED') => ({
  procedureKind,
  status,
});
const all = PROCEDURE_KINDS.map((k) => proc(k));
const a84 = { linkedControlRefs: ['A.8.4'], retired: false };

describe('procedure caps (§3.12.2)', () => {
  it('RQ-22 each of the seven procedures APPROVED ⇒ 4; some named, not all approved ⇒ 2; none named ⇒ no cap', () => {
    expect(rq22Procedures(all)).toMatchObject({ itemId: 'RQ-22', cap: 4 });
    const six = rq22Procedures([...all.slice(1), proc('RISK_ASSESSMENT', 'IN_REVIEW'), proc(null)]);
    expect(six).toMatchObject({ cap: 2 });
    expect(six?.basis).toBe('6 of 7 procedures approved; not approved: RISK_ASSESSMENT');
    expect(rq22Procedures([proc('INCIDENT', 'DRAFT')])).toMatchObject({ cap: 2 });
    expect(rq22Procedures([...all.slice(1), proc('RISK_ASSESSMENT', 'OBSOLETE')])?.cap).toBe(2);
    expect(rq22Procedures([proc(null), proc(null, 'DRAFT')])).toBeNull();
    expect(rq22Procedures([])).toBeNull();
  });

  it('RQ-30 INCIDENT procedure APPROVED and an A.8.4 plan entry ⇒ 4; either missing ⇒ 2; no procedure named ⇒ no cap', () => {
    expect(rq30IncidentProcess([proc('INCIDENT')], [a84])).toMatchObject({ itemId: 'RQ-30', cap: 4 });
    expect(rq30IncidentProcess([proc('INCIDENT')], [{ ...a84, retired: true }])).toEqual({
      itemId: 'RQ-30',
      cap: 2,
      basis: 'no A.8.4 incident communication in the plan',
    });
    expect(rq30IncidentProcess([proc('INCIDENT', 'IN_REVIEW')], [a84])).toMatchObject({
      cap: 2,
      basis: 'no approved incident procedure',
    });
    expect(rq30IncidentProcess([proc('INTERNAL_AUDIT')], [])?.basis).toBe(
      'no approved incident procedure; no A.8.4 incident communication in the plan',
    );
    expect(rq30IncidentProcess([proc(null)], [a84])).toBeNull();
  });
});
