// Submits the readiness questionnaire (§3.12.3 "written on questionnaire
// submission"): the draft becomes a ReadinessSubmission, kept for ever, scored
// into a QUESTIONNAIRE snapshot with its roadmap, in one transaction with the
// change records and the closure of actions now verified at target. The draft
// stays for the next round; the portfolio hears of the new picture after commit.
import * as z from 'zod';
import { ConflictError } from '../shared/errors';
import { put, recordChange } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import type { Tenant } from '../tenancy/model';
import { clientReadinessOf, type PortfolioSink } from '../tenancy/portfolio';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { READINESS_BANK_VERSION } from './bank';
import type { EvidenceSources } from './caps';
import {
  type ReadinessDraft,
  ReadinessDrafts,
  type ReadinessSnapshot,
  type ReadinessSubmission,
  ReadinessSubmissions,
} from './model';
import { closuresWith, prepareReadinessSnapshot } from './take-snapshot';

export interface SubmitReadinessDeps extends StoreDeps {
  /** Told of the new snapshot after commit; the integrator wires the control-plane sink. */
  portfolio?: PortfolioSink;
  /** The tenant the portfolio records against (needed with `portfolio`). */
  tenant?: Tenant;
  /** Facts from outside the tenant's table for the evidence caps (the policy audience). */
  evidence?: EvidenceSources;
}

export async function submitReadinessAssessment(
  scope: TenantScope,
  rawInput: unknown,
  deps: SubmitReadinessDeps,
): Promise<ReadinessSnapshot> {
  assertCan(scope.role, 'readiness.answer');
  const input = parseInput(z.object({ expectedVersion: z.number().int().min(1) }), rawInput, ['input']);
  const draft = await deps.store.get(ReadinessDrafts, {});
  if (!draft)
    throw new ConflictError('nothing to submit: save answers to the readiness draft first', 'INVALID_STATE');
  if (draft.version !== input.expectedVersion)
    throw versionMismatch('ReadinessDraft', 'draft', input.expectedVersion, draft.version);

  const now = deps.clock.now().toISOString();
  const submission: ReadinessSubmission = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    submittedAt: now,
    submittedBy: scope.actorId,
    questionBankVersion: READINESS_BANK_VERSION,
    profile: draft.profile,
    answers: draft.answers,
  };
  const prepared = await prepareReadinessSnapshot(deps.store, {
    source: 'QUESTIONNAIRE',
    submission,
    now,
    snapshotId: deps.ids.next(),
    ...(deps.evidence ? { sources: deps.evidence } : {}),
  });
  // The draft moves on a version, so a second submit of the same answers is a CONFLICT, not a duplicate.
  const nextDraft: ReadinessDraft = {
    ...draft,
    lastSubmissionId: submission.id,
    version: draft.version + 1,
    updatedAt: now,
  };
  const writes = [
    put(ReadinessDrafts, nextDraft, { version: draft.version }),
    recordChange(changeOf(ReadinessDrafts, scope, draft, nextDraft, now, deps.ids)),
    put(ReadinessSubmissions, submission, 'absent'),
    recordChange(changeOf(ReadinessSubmissions, scope, null, { ...submission, version: 1 }, now, deps.ids)),
    ...prepared.writes,
  ];
  const [first = [], ...rest] = await closuresWith(deps.store, prepared, now, writes.length);
  await deps.store.commit([...writes, ...first]);
  for (const chunk of rest) await deps.store.commit(chunk);
  if (deps.portfolio && deps.tenant) {
    await deps.portfolio.recordReadiness(deps.tenant, clientReadinessOf(prepared.snapshot));
  }
  return prepared.snapshot;
}
