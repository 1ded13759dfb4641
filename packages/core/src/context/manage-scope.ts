// Scope statement use cases (4.3, §3.1): write a new edition as a DRAFT
// (starting from the approved one), edit it, put it IN_REVIEW or back, and
// approve it. Approval is top management's: an active TOP_MANAGEMENT appointee
// who wrote no part of the edition, never under a CONSULTANT membership, and
// only once every AI system in service is either in scope or excluded. The
// approved edition, the one it supersedes and the head move in one commit.
import { holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { AiSystems } from '../inventory/model';
import { ConflictError, type FieldError, ForbiddenError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { put, recordChange, type TenantStore, type Write } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { ScopeHeads, ScopeStatements } from './model';
import {
  approveScopeStatementInput,
  assertEditable,
  assertScopeTransition,
  createScopeStatementInput,
  normaliseExclusions,
  normaliseInScope,
  SCOPE_APPROVER_KINDS,
  type ScopeHead,
  type ScopeStatement,
  transitionScopeStatementInput,
  undecidedSystems,
  updateScopeStatementInput,
} from './scope-statement';

const EMPTY_HEAD: ScopeHead = { lastNumber: 0, openId: null, approvedId: null, version: 0 };

export async function readScopeHead(store: TenantStore): Promise<ScopeHead> {
  return (await store.get(ScopeHeads, {})) ?? EMPTY_HEAD;
}

/** The approved edition, or null: the head and the edition, two GetItems. */
export async function readApprovedScope(store: TenantStore): Promise<ScopeStatement | null> {
  const head = await readScopeHead(store);
  return head.approvedId ? store.get(ScopeStatements, { id: head.approvedId }) : null;
}

const headWrite = (before: ScopeHead, next: Omit<ScopeHead, 'version'>): Write =>
  put(
    ScopeHeads,
    { ...next, version: before.version + 1 },
    before.version ? { version: before.version } : 'absent',
  );

/** AI systems named in scope or in exclusions must exist; one may not be both in and out. */
async function systemProblems(store: TenantStore, s: Pick<ScopeStatement, 'inScope' | 'exclusions'>) {
  const named = [...new Set([...s.inScope.aiSystemIds, ...s.exclusions.flatMap((e) => e.aiSystemId ?? [])])];
  const found = named.length
    ? await store.getMany(
        AiSystems,
        named.map((id) => ({ id })),
      )
    : [];
  const known = new Set(found.flatMap((f) => (f ? [f.id] : [])));
  const errors: FieldError[] = [];
  const unknownInScope = s.inScope.aiSystemIds.filter((id) => !known.has(id));
  if (unknownInScope.length) {
    errors.push({
      path: ['input', 'inScope', 'aiSystemIds'],
      message: `unknown AI systems: ${unknownInScope.join(', ')}`,
    });
  }
  s.exclusions.forEach((e, i) => {
    if (!e.aiSystemId) return;
    if (!known.has(e.aiSystemId)) {
      errors.push({
        path: ['input', 'exclusions', i, 'aiSystemId'],
        message: `unknown AI system ${e.aiSystemId}`,
      });
    } else if (s.inScope.aiSystemIds.includes(e.aiSystemId)) {
      errors.push({
        path: ['input', 'exclusions', i, 'aiSystemId'],
        message: `AI system ${e.aiSystemId} is also in scope: it is either in or out`,
      });
    }
  });
  if (errors.length) throw new ValidationError(errors);
}

type ContentInput = Partial<
  Pick<
    ReturnType<typeof createScopeStatementInput.parse>,
    'text' | 'inScope' | 'exclusions' | 'interfacesAndDependencies'
  >
>;

function applyContent<
  T extends Pick<ScopeStatement, 'text' | 'inScope' | 'exclusions' | 'interfacesAndDependencies'>,
>(base: T, input: ContentInput): T {
  return {
    ...base,
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.inScope !== undefined ? { inScope: normaliseInScope(input.inScope) } : {}),
    ...(input.exclusions !== undefined ? { exclusions: normaliseExclusions(input.exclusions) } : {}),
    ...(input.interfacesAndDependencies !== undefined
      ? { interfacesAndDependencies: input.interfacesAndDependencies }
      : {}),
  };
}

/** A new DRAFT edition; only one edition is open (DRAFT or IN_REVIEW) at a time. */
export async function createScopeStatement(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ScopeStatement> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(createScopeStatementInput, rawInput, ['input']);
  const head = await readScopeHead(deps.store);
  if (head.openId) {
    throw new ConflictError(
      'an edition of the scope statement is already open (DRAFT or IN_REVIEW): edit or approve it first',
      'INVALID_STATE',
    );
  }
  const approved = head.approvedId ? await deps.store.get(ScopeStatements, { id: head.approvedId }) : null;
  if (!approved && input.text === undefined) {
    throw new ValidationError([
      { path: ['input', 'text'], message: 'is required for the first scope statement' },
    ]);
  }
  const now = deps.clock.now().toISOString();
  const statement = applyContent(
    {
      id: deps.ids.next(),
      tenantId: scope.tenantId,
      number: head.lastNumber + 1,
      text: approved?.text ?? '',
      inScope: approved?.inScope ?? { aiSystemIds: [], processes: [], orgUnits: [], locations: [] },
      exclusions: approved?.exclusions ?? [],
      interfacesAndDependencies: approved?.interfacesAndDependencies ?? [],
      status: 'DRAFT' as const,
      authorIds: [scope.actorId],
      approval: null,
      supersededAt: null,
      createdBy: scope.actorId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    input,
  );
  await systemProblems(deps.store, statement);
  await deps.store.commit([
    put(ScopeStatements, statement, 'absent'),
    recordChange(changeOf(ScopeStatements, scope, null, statement, now, deps.ids)),
    headWrite(head, { ...head, lastNumber: statement.number, openId: statement.id }),
  ]);
  return statement;
}

export async function updateScopeStatement(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ScopeStatement> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(updateScopeStatementInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, ScopeStatements, { id: input.id }, input.expectedVersion);
  assertEditable(current);
  const next = applyContent(current, input);
  next.authorIds = [...new Set([...current.authorIds, scope.actorId])];
  await systemProblems(deps.store, next);
  return saveVersioned(deps, scope, ScopeStatements, current, next);
}

/** DRAFT → IN_REVIEW and back; APPROVED is reached by approveScopeStatement, SUPERSEDED by a later approval. */
export async function transitionScopeStatement(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ScopeStatement> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(transitionScopeStatementInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, ScopeStatements, { id: input.id }, input.expectedVersion);
  assertScopeTransition(current, input.status);
  if (input.status === 'APPROVED' || input.status === 'SUPERSEDED') {
    throw new ConflictError(
      input.status === 'APPROVED'
        ? 'a scope statement is APPROVED only by approveScopeStatement, by top management'
        : 'a scope statement is SUPERSEDED only when a later edition is approved',
      'INVALID_STATE',
    );
  }
  return saveVersioned(deps, scope, ScopeStatements, current, { ...current, status: input.status });
}

export async function approveScopeStatement(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ScopeStatement> {
  assertCan(scope.role, 'context.read');
  const input = parseInput(approveScopeStatementInput, rawInput, ['input']);
  if (scope.role === 'CONSULTANT') {
    throw new ForbiddenError(
      'a consultant may not approve the AIMS scope: it is top management’s decision (4.3)',
    );
  }
  const current = await loadVersioned(deps.store, ScopeStatements, { id: input.id }, input.expectedVersion);
  const now = deps.clock.now();
  const appointments = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
  if (!holdsAppointment(appointments, scope.actorId, SCOPE_APPROVER_KINDS, now)) {
    throw new ForbiddenError('approving the AIMS scope needs an accepted, active TOP_MANAGEMENT appointment');
  }
  if (current.authorIds.includes(scope.actorId)) {
    throw new ForbiddenError('an author of this scope edition may not approve it');
  }
  assertScopeTransition(current, 'APPROVED');
  const systems = await readAll(deps.store, AiSystems, 'inventory', {});
  const undecided = undecidedSystems(current, systems);
  if (undecided.length) {
    const error = new ConflictError(
      `AI systems neither in scope nor excluded: ${undecided.map((s) => `${s.name} (${s.id})`).join(', ')}; ` +
        'put each in scope or name it in an exclusion with a justification',
      'INVALID_STATE',
    );
    error.extensions.aiSystemIds = undecided.map((s) => s.id);
    throw error;
  }
  const head = await readScopeHead(deps.store);
  const previous = head.approvedId ? await deps.store.get(ScopeStatements, { id: head.approvedId }) : null;
  const at = now.toISOString();
  const approved: ScopeStatement = {
    ...current,
    status: 'APPROVED',
    approval: { by: scope.actorId, role: 'TOP_MANAGEMENT', at, comment: input.comment || null },
    version: current.version + 1,
    updatedAt: at,
  };
  const writes: Write[] = [
    put(ScopeStatements, approved, { version: current.version }),
    recordChange(changeOf(ScopeStatements, scope, current, approved, at, deps.ids)),
    headWrite(head, { lastNumber: head.lastNumber, openId: null, approvedId: approved.id }),
  ];
  if (previous) {
    const superseded: ScopeStatement = {
      ...previous,
      status: 'SUPERSEDED',
      supersededAt: at,
      version: previous.version + 1,
      updatedAt: at,
    };
    writes.push(
      put(ScopeStatements, superseded, { version: previous.version }),
      recordChange(changeOf(ScopeStatements, scope, previous, superseded, at, deps.ids)),
    );
  }
  await deps.store.commit(writes);
  return approved;
}
