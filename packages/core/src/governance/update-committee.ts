// Changes a committee's name, charter reference or cadence under the version
// the caller read; fields left out keep their value.
import { parseInput } from '../shared/validation';
import { type StoreDeps, updateVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type Committee, updateCommitteeInput } from './committee';
import { Committees } from './model';

export async function updateCommittee(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<Committee> {
  assertCan(scope.role, 'governance.appoint');
  const input = parseInput(updateCommitteeInput, rawInput, ['input']);
  return updateVersioned(deps, scope, Committees, { id: input.id }, input.expectedVersion, (current) => ({
    ...current,
    name: input.name ?? current.name,
    // null clears the reference; left out keeps it.
    charterDocumentRef:
      input.charterDocumentRef === undefined ? current.charterDocumentRef : input.charterDocumentRef,
    cadenceMonths: input.cadenceMonths ?? current.cadenceMonths,
  }));
}
