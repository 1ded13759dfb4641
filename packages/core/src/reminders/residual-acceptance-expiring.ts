// RESIDUAL_ACCEPTANCE_EXPIRING (X-5, §3.14): an accepted residual risk whose
// acceptance expires within 30 days. refreshLapsedRisks re-opens it once the day
// has passed; this warns the owner before. Read from the sparse `lapses` index
// (earliest lapse day first, never later than the expiry), up to the horizon.
import { Risks } from '../risk/model';
import { addDays, type Risk } from '../risk/risk';
import type { TenantStore } from '../shared/store';
import { readWhile } from './read-while';
import { daysBetween, type Reminder } from './reminder';

export const RESIDUAL_ACCEPTANCE_WARNING_DAYS = 30;

type Accepted = Pick<Risk, 'id' | 'title' | 'ownerId' | 'status' | 'residualAcceptance'>;

/** Acceptances expiring from today to 30 days ahead; daysOverdue is negative (days left). */
export function residualAcceptanceExpiringReminders(risks: readonly Accepted[], today: string): Reminder[] {
  const horizon = addDays(today, RESIDUAL_ACCEPTANCE_WARNING_DAYS);
  return risks.flatMap((r) => {
    const expiresOn = r.residualAcceptance?.expiresOn;
    if (r.status === 'CLOSED' || !expiresOn || expiresOn < today || expiresOn > horizon) return [];
    return [
      {
        kind: 'RESIDUAL_ACCEPTANCE_EXPIRING' as const,
        entityId: r.id,
        title: r.title,
        ownerId: r.ownerId,
        dueDate: expiresOn,
        daysOverdue: daysBetween(expiresOn, today),
      },
    ];
  });
}

export async function dueResidualAcceptanceExpiries(store: TenantStore, today: string): Promise<Reminder[]> {
  const horizon = addDays(today, RESIDUAL_ACCEPTANCE_WARNING_DAYS);
  const risks = await readWhile(store, Risks, 'lapses', {}, (r) => (r.lapsesOn ?? horizon) <= horizon);
  return residualAcceptanceExpiringReminders(risks, today);
}
