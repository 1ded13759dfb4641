// Ends an appointment with a reason. The record stays: who was accountable,
// and until when, is audit evidence; an ended appointment no longer counts.
import { ConflictError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { updateVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { GovernanceDeps } from './appoint';
import { type Appointment, endAppointmentInput } from './appointment';
import { Appointments } from './model';

export async function endAppointment(
  scope: TenantScope,
  rawInput: unknown,
  deps: Pick<GovernanceDeps, 'store' | 'clock' | 'ids'>,
): Promise<Appointment> {
  assertCan(scope.role, 'governance.appoint');
  const input = parseInput(endAppointmentInput, rawInput, ['input']);
  return updateVersioned(deps, scope, Appointments, { id: input.id }, input.expectedVersion, (current) => {
    if (current.endedAt) {
      throw new ConflictError(`Appointment ${current.id} has already ended`, 'INVALID_STATE');
    }
    return { ...current, endedAt: deps.clock.now().toISOString(), endReason: input.reason };
  });
}
