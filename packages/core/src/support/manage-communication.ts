// Communication plan use cases (7.4): the AIMS manager or consultant plans
// what is communicated to whom, when, by whom and how (or adopts the guide's
// six entries), and records each communication sent. A log and the entry's
// last-sent date are written in one transaction.
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { check, put, recordChange } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, createVersioned, type StoreDeps, updateVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  adoptCommunicationPlanTemplateInput,
  COMMUNICATION_TEMPLATE,
  type CommunicationLog,
  type CommunicationPlanEntry,
  createCommunicationPlanEntryInput,
  recordCommunicationInput,
  templateEntryId,
  updateCommunicationPlanEntryInput,
} from './communication';
import { CommunicationLogs, CommunicationPlanEntries } from './model';

export async function createCommunicationPlanEntry(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(createCommunicationPlanEntryInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const entry: CommunicationPlanEntry = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    subject: input.subject,
    direction: input.direction,
    audience: input.audience,
    interestedPartyIds: [...new Set(input.interestedPartyIds ?? [])],
    timing: { frequency: input.timing.frequency ?? null, trigger: input.timing.trigger ?? null },
    senderAppointmentKind: input.senderAppointmentKind,
    channel: input.channel,
    linkedRequirementIds: [...new Set(input.linkedRequirementIds ?? [])],
    linkedControlRefs: [...new Set(input.linkedControlRefs ?? [])],
    templateCode: null,
    lastSentOn: null,
    retired: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, CommunicationPlanEntries, entry);
}

/** Fields left out keep their value; `timing` replaces the timing whole. */
export async function updateCommunicationPlanEntry(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(updateCommunicationPlanEntryInput, rawInput, ['input']);
  return updateVersioned(
    deps,
    scope,
    CommunicationPlanEntries,
    { id: input.id },
    input.expectedVersion,
    (current) => ({
      ...current,
      subject: input.subject ?? current.subject,
      direction: input.direction ?? current.direction,
      audience: input.audience ?? current.audience,
      interestedPartyIds: input.interestedPartyIds
        ? [...new Set(input.interestedPartyIds)]
        : current.interestedPartyIds,
      timing: input.timing
        ? { frequency: input.timing.frequency ?? null, trigger: input.timing.trigger ?? null }
        : current.timing,
      senderAppointmentKind: input.senderAppointmentKind ?? current.senderAppointmentKind,
      channel: input.channel ?? current.channel,
      linkedRequirementIds: input.linkedRequirementIds
        ? [...new Set(input.linkedRequirementIds)]
        : current.linkedRequirementIds,
      linkedControlRefs: input.linkedControlRefs
        ? [...new Set(input.linkedControlRefs)]
        : current.linkedControlRefs,
      retired: input.retired ?? current.retired,
    }),
  );
}

/**
 * Adds the guide's six entries the plan does not have yet, under fixed ids:
 * adopting twice writes nothing, and an adopted entry the tenant edited or
 * retired stays as it is.
 */
export async function adoptCommunicationPlanTemplate(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(adoptCommunicationPlanTemplateInput, rawInput ?? {}, ['input']);
  const template = COMMUNICATION_TEMPLATE.filter((t) => !input.codes || input.codes.includes(t.code));
  const ids = template.map((t) => templateEntryId(t.code));
  const stored = await deps.store.getMany(
    CommunicationPlanEntries,
    ids.map((id) => ({ id })),
  );
  const now = deps.clock.now().toISOString();
  const missing = template
    .filter((_, i) => !stored[i])
    .map(
      ({ code, ...t }): CommunicationPlanEntry => ({
        ...t,
        id: templateEntryId(code),
        tenantId: scope.tenantId,
        templateCode: code,
        lastSentOn: null,
        retired: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      }),
    );
  if (missing.length) {
    await deps.store.commit(
      missing.flatMap((e) => [
        put(CommunicationPlanEntries, e, 'absent'),
        recordChange(changeOf(CommunicationPlanEntries, scope, null, e, now, deps.ids)),
      ]),
    );
  }
  return missing;
}

/** Logs a communication sent under a plan entry; a later date moves the entry's last-sent date. */
export async function recordCommunication(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(recordCommunicationInput, rawInput, ['input']);
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (input.sentOn > today) {
    throw new ValidationError([{ path: ['input', 'sentOn'], message: 'must not be in the future' }]);
  }
  const entry = await deps.store.get(CommunicationPlanEntries, { id: input.entryId });
  if (!entry) throw new NotFoundError('CommunicationPlanEntry', input.entryId);
  if (entry.retired) throw new ConflictError(`plan entry ${entry.id} is retired`, 'INVALID_STATE');
  const stamp = deps.clock.now().toISOString();
  const log: CommunicationLog = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    entryId: entry.id,
    sentOn: input.sentOn,
    summary: input.summary,
    evidenceRef: input.evidenceRef,
    recordedBy: scope.actorId,
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  };
  const later = !entry.lastSentOn || input.sentOn > entry.lastSentOn;
  const next = { ...entry, lastSentOn: input.sentOn, version: entry.version + 1, updatedAt: stamp };
  await deps.store.commit([
    put(CommunicationLogs, log, 'absent'),
    recordChange(changeOf(CommunicationLogs, scope, null, log, stamp, deps.ids)),
    // A backfilled older log leaves the entry as it is, but still needs it to exist unchanged.
    ...(later
      ? [
          put(CommunicationPlanEntries, next, { version: entry.version }),
          recordChange(changeOf(CommunicationPlanEntries, scope, entry, next, stamp, deps.ids)),
        ]
      : [check(CommunicationPlanEntries, { id: entry.id }, entry.version)]),
  ]);
  return log;
}
