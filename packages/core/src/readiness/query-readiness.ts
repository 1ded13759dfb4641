// Reads of the readiness picture (§3.12.2–§3.12.4), all served from stored
// snapshots: the question bank with where N/A is allowed now, snapshots newest
// first, the gap list and showstoppers of a snapshot, its roadmap, and the
// comparison of two snapshots (default: the latest against the one before).
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { TenantStore } from '../shared/store';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { READINESS_BANK, READINESS_BANK_VERSION, type ReadinessItem } from './bank';
import { compareSnapshots, type ReadinessComparison } from './compare';
import {
  ReadinessDrafts,
  type ReadinessSnapshot,
  type ReadinessSnapshotItem,
  ReadinessSnapshots,
} from './model';
import type { Roadmap } from './roadmap';
import { ANSWER_SCALE, PROFILE_QUESTIONS, readinessProfileSchema } from './scale';
import { notApplicableAllowed } from './score';
import { latestReadinessSnapshot, roadmapOfSnapshot, soaExcludedControls } from './take-snapshot';

export interface ReadinessReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

/** A bank item, with whether N/A may be answered now (known in the bank listing only). */
export type ReadinessQuestionView = ReadinessItem & { notApplicableAllowed?: boolean | null };

export interface ReadinessQuestionBank {
  version: string;
  scale: typeof ANSWER_SCALE;
  profileQuestions: typeof PROFILE_QUESTIONS;
  items: ReadinessQuestionView[];
}

export type ReadinessRoadmapView = Roadmap & { snapshotId: string };

/** The bank, each item with whether N/A may be answered given the saved profile and the approved SoA. */
export async function readinessQuestionBank(
  scope: TenantScope,
  deps: Pick<ReadinessReadDeps, 'store'>,
): Promise<ReadinessQuestionBank> {
  assertCan(scope.role, 'readiness.read');
  const [draft, excluded] = await Promise.all([
    deps.store.get(ReadinessDrafts, {}),
    soaExcludedControls(deps.store),
  ]);
  const context = {
    profile: draft?.profile ?? readinessProfileSchema.parse({}),
    soaExcludedControls: excluded,
    stage1Held: false,
  };
  return {
    version: READINESS_BANK_VERSION,
    scale: ANSWER_SCALE,
    profileQuestions: PROFILE_QUESTIONS,
    items: READINESS_BANK.map((item) => ({
      ...item,
      notApplicableAllowed: notApplicableAllowed(item, context),
    })),
  };
}

export function listReadinessSnapshots(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: ReadinessReadDeps,
): Promise<Connection<ReadinessSnapshot>> {
  assertCan(scope.role, 'readiness.read');
  return pagedConnection(scope.tenantId, 'readinessSnapshots', args, deps.cursors, (page) =>
    deps.store.query(ReadinessSnapshots, 'timeline', {}, page, { descending: true }),
  );
}

export async function getReadinessSnapshot(
  scope: TenantScope,
  id: string,
  deps: Pick<ReadinessReadDeps, 'store'>,
): Promise<ReadinessSnapshot> {
  assertCan(scope.role, 'readiness.read');
  const snapshot = await deps.store.get(ReadinessSnapshots, { id });
  if (!snapshot) throw new NotFoundError('ReadinessSnapshot', id);
  return snapshot;
}

export async function latestReadiness(
  scope: TenantScope,
  deps: Pick<ReadinessReadDeps, 'store'>,
): Promise<ReadinessSnapshot | null> {
  assertCan(scope.role, 'readiness.read');
  return latestReadinessSnapshot(deps.store);
}

/** The roadmap generated with a snapshot (the latest when none is named); null before any snapshot. */
export async function readinessRoadmap(
  scope: TenantScope,
  snapshotId: string | null | undefined,
  deps: Pick<ReadinessReadDeps, 'store'>,
): Promise<ReadinessRoadmapView | null> {
  assertCan(scope.role, 'readiness.read');
  const id = snapshotId ?? (await latestReadinessSnapshot(deps.store))?.id;
  if (!id) return null;
  const roadmap = await roadmapOfSnapshot(deps.store, id);
  if (!roadmap) {
    if (snapshotId) throw new NotFoundError('ReadinessSnapshot', snapshotId);
    return null;
  }
  return { ...roadmap, snapshotId: id };
}

/** Scored items of a snapshot by id (empty for snapshots stored before items were kept). */
const itemsOf = (s: ReadinessSnapshot) =>
  new Map((s.items ?? []).map((i): [string, ReadinessSnapshotItem] => [i.itemId, i]));

/** The full ranked gap list (§3.12.3: g_i desc, critical first, earlier month, clause order). */
export function gapListOf(s: ReadinessSnapshot): ReadinessSnapshotItem[] {
  const items = itemsOf(s);
  return s.gaps.flatMap((g) => {
    const i = items.get(g.itemId);
    return i ? [i] : [];
  });
}

/** Critical items with e_i < 3, in bank order. */
export function showstoppersOf(s: ReadinessSnapshot): ReadinessSnapshotItem[] {
  const items = itemsOf(s);
  return s.showstoppers.flatMap((id) => {
    const i = items.get(id);
    return i ? [i] : [];
  });
}

export interface ReadinessSnapshotPair {
  from: ReadinessSnapshot;
  to: ReadinessSnapshot;
  comparison: ReadinessComparison;
}

/** `fromId` earlier, `toId` later; by default the latest against the previous one (null with fewer than two). */
export async function compareReadinessSnapshots(
  scope: TenantScope,
  args: { fromId?: string | null; toId?: string | null },
  deps: Pick<ReadinessReadDeps, 'store'>,
): Promise<ReadinessSnapshotPair | null> {
  assertCan(scope.role, 'readiness.read');
  const recent = await deps.store.query(
    ReadinessSnapshots,
    'timeline',
    {},
    { limit: 2 },
    { descending: true },
  );
  const [latest, previous] = recent.entries.map((e) => e.item);
  const load = async (id: string | null | undefined, fallback: ReadinessSnapshot | undefined) =>
    id ? getReadinessSnapshot(scope, id, deps) : (fallback ?? null);
  const [to, from] = await Promise.all([
    load(args.toId, latest),
    load(args.fromId, args.toId ? undefined : previous),
  ]);
  if (!from || !to) return null;
  return { from, to, comparison: compareSnapshots(from, to) };
}
