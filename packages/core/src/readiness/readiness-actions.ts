// Roadmap tasks as tracked work (§3.12.4 "adopt roadmap turns tasks into tracked
// actions"; "tasks move to DONE when their evidence cap reaches the target"):
// adopting, updating (owner, due date, cancel, mark done), listing with an
// overdue filter, and the closures a snapshot writes for items now verified at target.
import * as z from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { IdGenerator } from '../shared/ports';
import { readAll } from '../shared/read-all';
import { put, recordChange, type TenantStore, type Write } from '../shared/store';
import { multiLine, parseInput } from '../shared/validation';
import { changeOf, type StoreDeps, updateVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  READINESS_ACTION_STATUSES,
  type ReadinessAction,
  ReadinessActions,
  ReadinessRoadmaps,
  type ReadinessSnapshotItem,
  ReadinessSnapshots,
} from './model';

/** Who the change records of evidence closures name: the snapshot, not a person. */
export const READINESS_ACTOR = 'system:readiness-scoring';

/** DynamoDB's limit: one action and its change record are two items. */
export const READINESS_TRANSACTION_ITEMS = 100;

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const readinessActionId = (snapshotId: string, itemId: string) => `${snapshotId}.${itemId}`;

/** Splits writes into transactions of at most `max` items, keeping each action with its change record. */
export function chunkWrites(
  pairs: readonly Write[][],
  max = READINESS_TRANSACTION_ITEMS,
  first = 0,
): Write[][] {
  const out: Write[][] = [[]];
  let room = max - first;
  for (const pair of pairs) {
    if (pair.length > room) {
      out.push([]);
      room = max;
    }
    out.at(-1)?.push(...pair);
    room -= pair.length;
  }
  return out;
}

/** The item reached its target on records alone (verified cap ≥ T_i): the task is done. */
export const atTargetOnEvidence = (i: Pick<ReadinessSnapshotItem, 'verified' | 'cap' | 'target'>) =>
  i.verified && i.cap >= i.target;

/**
 * The writes that close OPEN actions whose item the snapshot shows verified at
 * target, one (action, change record) pair each, for the caller to commit.
 */
export async function evidenceClosures(
  store: TenantStore,
  items: readonly Pick<ReadinessSnapshotItem, 'itemId' | 'verified' | 'cap' | 'target'>[],
  at: { now: string; snapshotId: string; ids: IdGenerator },
): Promise<Write[][]> {
  const reached = new Set(items.filter(atTargetOnEvidence).map((i) => i.itemId));
  if (!reached.size) return [];
  const open = await readAll(store, ReadinessActions, 'byStatus', { status: 'OPEN' });
  const scope = { tenantId: store.tenantId, actorId: READINESS_ACTOR };
  return open
    .filter((a) => reached.has(a.itemId))
    .map((a) => {
      const next: ReadinessAction = {
        ...a,
        status: 'DONE',
        closure: {
          kind: 'EVIDENCE_AT_TARGET',
          by: READINESS_ACTOR,
          at: at.now,
          note: `verified at target in snapshot ${at.snapshotId}`,
        },
        version: a.version + 1,
        updatedAt: at.now,
      };
      return [
        put(ReadinessActions, next, { version: a.version }),
        recordChange(changeOf(ReadinessActions, scope, a, next, at.now, at.ids)),
      ];
    });
}

/**
 * Turns the snapshot's roadmap tasks into OPEN actions. Idempotent: a task whose
 * item already has an OPEN action, or that was adopted from this roadmap before,
 * is skipped. Large roadmaps commit in transactions of at most 100 items; the
 * action ids are per (snapshot, item), so a retry after a partial failure adds only the rest.
 */
export async function adoptReadinessRoadmap(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<{ adopted: ReadinessAction[]; skipped: number }> {
  assertCan(scope.role, 'readiness.answer');
  const input = parseInput(z.object({ snapshotId: z.string().min(1) }), rawInput, ['input']);
  const snapshot = await deps.store.get(ReadinessSnapshots, { id: input.snapshotId });
  const roadmap = snapshot
    ? ((await deps.store.get(ReadinessRoadmaps, { snapshotId: snapshot.id }))?.roadmap ?? null)
    : null;
  if (!snapshot || !roadmap) throw new NotFoundError('ReadinessSnapshot', input.snapshotId);
  const tasks = roadmap.months.flatMap((m) => m.tasks);
  const [open, before] = await Promise.all([
    readAll(deps.store, ReadinessActions, 'byStatus', { status: 'OPEN' }),
    deps.store.getMany(
      ReadinessActions,
      tasks.map((t) => ({ id: readinessActionId(snapshot.id, t.itemId) })),
    ),
  ]);
  const openItems = new Set(open.map((a) => a.itemId));
  const now = deps.clock.now().toISOString();
  const fresh = tasks.filter((t, n) => !before[n] && !openItems.has(t.itemId));
  const adopted = fresh.map(
    (t): ReadinessAction => ({
      id: readinessActionId(snapshot.id, t.itemId),
      tenantId: scope.tenantId,
      snapshotId: snapshot.id,
      itemId: t.itemId,
      title: t.title,
      gap: t.gap,
      ownerAppointmentKind: t.ownerAppointmentKind,
      ownerId: null,
      dueOn: t.dueOn,
      status: 'OPEN',
      closure: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const pairs = adopted.map((a) => [
    put(ReadinessActions, a, 'absent'),
    recordChange(changeOf(ReadinessActions, scope, null, a, now, deps.ids)),
  ]);
  for (const writes of chunkWrites(pairs)) if (writes.length) await deps.store.commit(writes);
  return { adopted, skipped: tasks.length - adopted.length };
}

export const updateReadinessActionInput = z
  .object({
    id: z.string().min(1),
    expectedVersion: z.number().int().min(1),
    /** A member of the tenant; null unassigns. */
    ownerId: z.string().min(1).nullish(),
    dueOn: isoDate.optional(),
    cancel: z.object({ reason: multiLine(2000).pipe(z.string().min(1, 'give a reason')) }).nullish(),
    markDone: z.object({ note: multiLine(2000).pipe(z.string().min(1, 'say how it was done')) }).nullish(),
  })
  .superRefine((i, ctx) => {
    if (i.cancel && i.markDone)
      ctx.addIssue({ code: 'custom', path: ['markDone'], message: 'cancel or mark done, not both' });
  });

/** Assign an owner, move the due date, cancel with a reason or mark done by hand: OPEN actions only. */
export async function updateReadinessAction(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps & { isMember: (userId: string) => Promise<boolean> },
): Promise<ReadinessAction> {
  assertCan(scope.role, 'readiness.answer');
  const input = parseInput(updateReadinessActionInput, rawInput, ['input']);
  if (input.ownerId && !(await deps.isMember(input.ownerId)))
    throw new ValidationError([{ path: ['input', 'ownerId'], message: 'is not a member of this tenant' }]);
  const now = deps.clock.now().toISOString();
  return updateVersioned(deps, scope, ReadinessActions, { id: input.id }, input.expectedVersion, (a) => {
    if (a.status !== 'OPEN')
      throw new ConflictError(`readiness action ${a.id} is ${a.status}`, 'INVALID_STATE');
    const next: ReadinessAction = { ...a };
    if (input.ownerId !== undefined) next.ownerId = input.ownerId ?? null;
    if (input.dueOn !== undefined) next.dueOn = input.dueOn;
    if (input.cancel)
      Object.assign(next, {
        status: 'CANCELLED',
        closure: { kind: 'CANCELLED', by: scope.actorId, at: now, note: input.cancel.reason },
      });
    if (input.markDone)
      Object.assign(next, {
        status: 'DONE',
        closure: { kind: 'MARKED_DONE', by: scope.actorId, at: now, note: input.markDone.note },
      });
    return next;
  });
}

export interface ReadinessActionFilter {
  status?: (typeof READINESS_ACTION_STATUSES)[number] | null;
  /** OPEN and due before today. */
  overdue?: boolean | null;
}

const filterSchema = z
  .object({ status: z.enum(READINESS_ACTION_STATUSES).nullish(), overdue: z.boolean().nullish() })
  .nullish();

/** Earliest due first. Overdue reads OPEN actions in due order and stops at the first due today or later. */
export async function listReadinessActions(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: ReadinessActionFilter | null },
  deps: { store: TenantStore; cursors: CursorCodec; clock: StoreDeps['clock'] },
): Promise<Connection<ReadinessAction>> {
  assertCan(scope.role, 'readiness.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  if (filter.overdue && filter.status && filter.status !== 'OPEN')
    throw new ValidationError([{ path: ['filter', 'overdue'], message: 'only OPEN actions are overdue' }]);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const listing = `readinessActions|status=${filter.status ?? ''}|overdue=${filter.overdue ? today : ''}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, async (page) => {
    if (filter.overdue) {
      const got = await deps.store.query(ReadinessActions, 'byStatus', { status: 'OPEN' }, page);
      const entries = got.entries.filter((e) => e.item.dueOn < today);
      return { entries, hasMore: got.hasMore && entries.length === got.entries.length };
    }
    if (filter.status) return deps.store.query(ReadinessActions, 'byStatus', { status: filter.status }, page);
    return deps.store.query(ReadinessActions, 'all', {}, page);
  });
}

export const isOverdue = (a: Pick<ReadinessAction, 'status' | 'dueOn'>, today: string) =>
  a.status === 'OPEN' && a.dueOn < today;
