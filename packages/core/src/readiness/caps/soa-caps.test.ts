import { describe, expect, it } from 'vitest';
import type { SoaFinding, SoaFindingCode } from '../../soa/finding';
import { annexItemId } from '../bank';
import { annexControlCap, annexControlCaps, rq19Soa } from './soa-caps';

const f = (code: SoaFindingCode, severity: SoaFinding['severity']) => ({ code, severity }) as SoaFinding;
const entry = (over: Partial<Parameters<typeof annexControlCap>[0]>) => ({
  controlId: 'A.2.2',
  applicable: true as boolean | null,
  implementationStatus: 'NOT_STARTED' as const,
  evidenceRefs: [] as string[],
  ...over,
});

describe('SoA caps (§3.12.2)', () => {
  it('RQ-19 an approved SoA with 0 HIGH findings ⇒ 4; a complete working copy ⇒ 2', () => {
    expect(rq19Soa({ version: 40, approvedVersion: 1 }, [f('DUPLICATE_JUSTIFICATION', 'LOW')])?.cap).toBe(4);
    expect(rq19Soa({ version: 40, approvedVersion: 1 }, [f('EXCLUDED_CONTROL_RELIED_ON', 'HIGH')])?.cap).toBe(
      3,
    );
    expect(rq19Soa({ version: 40, approvedVersion: null }, [])?.cap).toBe(2);
    expect(rq19Soa({ version: 4, approvedVersion: null }, [f('UNDECIDED_CONTROL', 'HIGH')])?.cap).toBe(1);
    expect(rq19Soa(null, [])).toBeNull();
  });

  it('RQ-A.x NOT_STARTED 0, PLANNED 2, IMPLEMENTED with evidence 3; excluded ⇒ no cap', () => {
    expect(annexItemId('A.6.2.4')).toBe('RQ-A.6.2.4');
    expect(annexControlCap(entry({}))).toMatchObject({ itemId: 'RQ-A.2.2', cap: 0 });
    expect(annexControlCap(entry({ implementationStatus: 'PLANNED' }))?.cap).toBe(2);
    expect(
      annexControlCap(entry({ implementationStatus: 'IMPLEMENTED', evidenceRefs: ['DOC-7'] }))?.cap,
    ).toBe(3);
    expect(annexControlCap(entry({ implementationStatus: 'IMPLEMENTED' }))?.cap).toBe(2);
    expect(annexControlCap(entry({ applicable: false, implementationStatus: 'IMPLEMENTED' }))).toBeNull();
    expect(annexControlCap(entry({ controlId: 'CUST-1' }))).toBeNull();
    expect(
      annexControlCaps([entry({}), entry({ controlId: 'A.3.2', applicable: false })]).map((c) => c.itemId),
    ).toEqual(['RQ-A.2.2']);
  });
});
