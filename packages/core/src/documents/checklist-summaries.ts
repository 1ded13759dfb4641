// The checklist's read model: one summary per checklist item (D-xx or Annex A
// implied document) of the documents that name it — counts by status, the
// approved documents' review dates, and the first EVIDENCE_SAMPLE links —
// written in the same transaction as each document write. The checklist then
// reads one small partition (one item per checklist item), not every link.
//
// The review dates are kept as a count per date, so the status is exact for
// any `today`. A tenant whose links predate the summaries has no marker item:
// its checklist reads the links as before, and its next document write builds
// every summary from the links once and sets the marker (conditional writes:
// a concurrent write makes one of the two fail with CONFLICT).
import { put, type TenantStore, type Write } from '../shared/store';
import type { ChecklistEvidence } from './checklist';
import type { ControlledDocument } from './controlled-document';
import {
  ChecklistRefSummaries,
  type ChecklistRefSummary,
  ChecklistSummariesIndexed,
  type DocumentRefLink,
  DocumentRefLinks,
  refLinksOf,
} from './model';

/** Documents listed as an item's evidence; the status counts every document. */
export const EVIDENCE_SAMPLE = 25;
/** A transaction holds 100 items; the document's own writes share the last one. */
const CHUNK = 60;

const empty = (tenantId: string, ref: string): ChecklistRefSummary => ({
  tenantId,
  ref,
  documents: 0,
  live: 0,
  approved: 0,
  openEnded: 0,
  reviews: {},
  sample: [],
  version: 0,
  updatedAt: '',
});

/** The summary with one link added (+1) or taken away (−1); the sample is fixed up by the caller. */
export function counted(s: ChecklistRefSummary, l: DocumentRefLink, sign: 1 | -1): ChecklistRefSummary {
  const next = { ...s, reviews: { ...s.reviews }, documents: s.documents + sign };
  if (l.status === 'OBSOLETE') return next;
  next.live += sign;
  if (l.status !== 'APPROVED') return next;
  next.approved += sign;
  if (!l.nextReviewOn) next.openEnded += sign;
  else {
    const n = (next.reviews[l.nextReviewOn] ?? 0) + sign;
    if (n > 0) next.reviews[l.nextReviewOn] = n;
    else delete next.reviews[l.nextReviewOn];
  }
  return next;
}

const byDocCode = (a: DocumentRefLink, b: DocumentRefLink) =>
  a.docCode < b.docCode ? -1 : a.docCode > b.docCode ? 1 : 0;

/**
 * Stand-ins for the documents an item's status is computed from: one approved
 * entry with the latest review date (or none), one draft if anything else is
 * live. `checklistStatus` over these equals it over every document.
 */
export function statusEvidence(s: ChecklistRefSummary): ChecklistEvidence[] {
  const base = { kind: 'CONTROLLED_DOCUMENT' as const, id: '', title: '' };
  const latest = Object.keys(s.reviews).sort().at(-1) ?? null;
  return [
    ...(s.openEnded > 0 ? [{ ...base, status: 'APPROVED' as const, nextReviewOn: null }] : []),
    ...(s.openEnded === 0 && latest ? [{ ...base, status: 'APPROVED' as const, nextReviewOn: latest }] : []),
    ...(s.live > s.approved ? [{ ...base, status: 'DRAFT' as const, nextReviewOn: null }] : []),
  ];
}

/**
 * The summary writes for a document going from `before` to `after` (`before`
 * null on create), to join the document's transaction.
 */
export async function checklistSummaryWrites(
  store: TenantStore,
  before: ControlledDocument | null,
  after: ControlledDocument,
  now: string,
): Promise<Write[]> {
  const gone = before ? refLinksOf(before) : [];
  const added = refLinksOf(after);
  const parts = await store.partition(['DOCSUM'], [ChecklistRefSummaries, ChecklistSummariesIndexed]);
  if (!(parts.get(ChecklistSummariesIndexed.name) ?? []).length) return rebuild(store, gone, added, now);
  const summaries = new Map(
    ((parts.get(ChecklistRefSummaries.name) ?? []) as ChecklistRefSummary[]).map((s) => [s.ref, s]),
  );
  const refs = [...new Set([...gone, ...added].map((l) => l.ref))];
  return Promise.all(
    refs.map(async (ref) => {
      const current = summaries.get(ref) ?? null;
      // The first links of the item, one spare: enough to refill the sample after one removal.
      const window = (
        await store.query(
          DocumentRefLinks,
          'byRef',
          {},
          { limit: EVIDENCE_SAMPLE + 1 },
          { sortPrefix: `${ref}#` },
        )
      ).entries.map((e) => e.item);
      let next = current ?? empty(store.tenantId, ref);
      const out = gone.find((l) => l.ref === ref);
      const inn = added.find((l) => l.ref === ref);
      if (out) next = counted(next, out, -1);
      if (inn) next = counted(next, inn, 1);
      const sample = [...window.filter((l) => l.docCode !== after.docCode), ...(inn ? [inn] : [])]
        .sort(byDocCode)
        .slice(0, EVIDENCE_SAMPLE);
      return summaryPut({ ...next, sample }, current, now);
    }),
  );
}

/** Every summary from every link (the one-off for a tenant with links from before the summaries). */
async function rebuild(
  store: TenantStore,
  gone: DocumentRefLink[],
  added: DocumentRefLink[],
  now: string,
): Promise<Write[]> {
  // Summaries first, then links: a write landing between the two bumps a summary this then fails to overwrite.
  const existing = (await store.partition(['DOCSUM'], [ChecklistRefSummaries])).get(
    ChecklistRefSummaries.name,
  ) as ChecklistRefSummary[];
  const links = await store.collection(DocumentRefLinks, ['DOCREF']);
  const goneKeys = new Set(gone.map((l) => `${l.ref}#${l.docCode}`));
  const addedKeys = new Set(added.map((l) => `${l.ref}#${l.docCode}`));
  const all = [
    ...links.filter((l) => !goneKeys.has(`${l.ref}#${l.docCode}`) && !addedKeys.has(`${l.ref}#${l.docCode}`)),
    ...added,
  ];
  const byRef = new Map<string, DocumentRefLink[]>();
  for (const l of all) byRef.set(l.ref, [...(byRef.get(l.ref) ?? []), l]);
  const current = new Map(existing.map((s) => [s.ref, s]));
  // An item whose last document left keeps a zero summary, as the incremental path would.
  for (const s of existing) if (!byRef.has(s.ref)) byRef.set(s.ref, []);
  for (const l of gone) if (!byRef.has(l.ref)) byRef.set(l.ref, []);
  const writes = [...byRef.entries()].map(([ref, items]) => {
    let s = empty(store.tenantId, ref);
    for (const l of items) s = counted(s, l, 1);
    return summaryPut(
      { ...s, sample: [...items].sort(byDocCode).slice(0, EVIDENCE_SAMPLE) },
      current.get(ref) ?? null,
      now,
    );
  });
  while (writes.length > CHUNK) await store.commit(writes.splice(0, CHUNK));
  return [
    ...writes,
    put(ChecklistSummariesIndexed, { tenantId: store.tenantId, version: 1, updatedAt: now }, 'absent'),
  ];
}

function summaryPut(next: ChecklistRefSummary, current: ChecklistRefSummary | null, now: string): Write {
  return put(
    ChecklistRefSummaries,
    { ...next, version: (current?.version ?? 0) + 1, updatedAt: now },
    current ? { version: current.version } : 'absent',
  );
}
