// The appointee accepts their appointment: the evidence that the person knows
// and takes on the responsibilities and authorities assigned (5.3). Nobody can
// accept on someone else's behalf, whatever their role.
import { ConflictError, ForbiddenError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { updateVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { GovernanceDeps } from './appoint';
import { type Appointment, acceptAppointmentInput } from './appointment';
import { Appointments } from './model';

export async function acceptAppointment(
  scope: TenantScope,
  rawInput: unknown,
  deps: Pick<GovernanceDeps, 'store' | 'clock' | 'ids'>,
): Promise<Appointment> {
  assertCan(scope.role, 'governance.read');
  const input = parseInput(acceptAppointmentInput, rawInput, ['input']);
  return updateVersioned(deps, scope, Appointments, { id: input.id }, input.expectedVersion, (current) => {
    if (current.userId !== scope.actorId) {
      throw new ForbiddenError('only the appointee may accept an appointment');
    }
    if (current.endedAt) {
      throw new ConflictError(`Appointment ${current.id} has ended`, 'INVALID_STATE');
    }
    if (current.acceptedAt) {
      throw new ConflictError(`Appointment ${current.id} is already accepted`, 'INVALID_STATE');
    }
    return { ...current, acceptedAt: deps.clock.now().toISOString() };
  });
}
