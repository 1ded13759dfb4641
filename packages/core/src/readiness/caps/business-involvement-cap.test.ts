import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../governance/appointment';
import { cm4BusinessInvolvement } from './business-involvement-cap';

const seat = (userId: string, committeeFunction: Appointment['committeeFunction']) =>
  ({
    userId,
    kind: 'COMMITTEE_MEMBER',
    committeeFunction,
    appointedAt: '2026-01-01T00:00:00.000Z',
    acceptedAt: '2026-01-02T00:00:00.000Z',
    endedAt: null,
  }) as Appointment;
const appointments = [seat('u-ops', 'BUSINESS_UNIT'), seat('u-it', 'IT_SECURITY')];

describe('business involvement cap (§3.12.2)', () => {
  it('CM-4 ≥ 50 % of acceptances or IA approvals by BUSINESS_UNIT committee members ⇒ 4; fewer ⇒ 2', () => {
    const at = '2026-02-01T10:00:00.000Z';
    expect(
      cm4BusinessInvolvement(
        [
          { by: 'u-ops', at },
          { by: 'u-it', at },
        ],
        appointments,
      ),
    ).toMatchObject({
      itemId: 'CM-4',
      cap: 4,
    });
    expect(
      cm4BusinessInvolvement(
        [
          { by: 'u-ops', at },
          { by: 'u-it', at },
          { by: 'u-it', at },
        ],
        appointments,
      )?.cap,
    ).toBe(2);
    // A decision taken before the seat was accepted is not the business unit's.
    expect(cm4BusinessInvolvement([{ by: 'u-ops', at: '2026-01-01T12:00:00.000Z' }], appointments)?.cap).toBe(
      2,
    );
    expect(cm4BusinessInvolvement([], appointments)).toBeNull();
  });
});
