// Reads of the document register: a document by id, documents by code, type,
// status (next review first) or checklist item, the register with the system
// records computed on read, the §3.13 checklist and the gaps. Every read is
// key-served: index queries, one link partition, the sources' head reads.
import * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { entityHistory, type RecentChanges } from '../audit/query-history';
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  connectionFromArray,
  pagedConnection,
} from '../shared/pagination';
import type { Clock, Page, PageKey, PageRequest } from '../shared/ports';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { SoaEntries } from '../soa/model';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type ChecklistItem, documentChecklist } from './checklist';
import { statusEvidence } from './checklist-summaries';
import {
  type ControlledDocument,
  DOCUMENT_TYPES,
  type DocumentApproval,
  type DocumentStatus,
  type DocumentType,
  type EntityRef,
} from './controlled-document';
import { type DocumentGap, documentGaps } from './document-gaps';
import { DOCUMENT_IMPLYING_CONTROLS, isMandatoryRef } from './mandatory-documents';
import {
  ChecklistRefSummaries,
  type ChecklistRefSummary,
  ChecklistSummariesIndexed,
  ControlledDocuments,
  DocumentRefLinks,
} from './model';
import {
  readSystemRecords,
  SYSTEM_RECORD_SOURCES,
  SYSTEM_RECORD_STATUSES,
  type SystemRecord,
  type SystemRecordSource,
  type SystemRecordStatus,
} from './system-records';

export interface DocumentReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
  clock: Clock;
  /** The system record sources; every registered one unless a test narrows them. */
  sources?: readonly SystemRecordSource[];
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** One key at a time: each is its own index (or link partition). */
const filterSchema = z
  .object({
    type: z.enum(DOCUMENT_TYPES).nullish(),
    status: z.enum(SYSTEM_RECORD_STATUSES).nullish(),
    mandatoryRef: z
      .string()
      .refine((r) => isMandatoryRef(r) || r.startsWith('ANNEX-A.'), 'must be D-01…D-24 or an ANNEX-A item')
      .nullish(),
  })
  .refine((f) => [f.type, f.status, f.mandatoryRef].filter((v) => v != null).length <= 1, {
    message: 'filter by one of type, status or mandatoryRef at a time',
  })
  .nullish();
export type DocumentFilter = NonNullable<z.infer<typeof filterSchema>>;

export async function getControlledDocument(
  scope: TenantScope,
  id: string,
  deps: Pick<DocumentReadDeps, 'store'>,
): Promise<ControlledDocument> {
  assertCan(scope.role, 'document.read');
  const document = await deps.store.get(ControlledDocuments, { id });
  if (!document) throw new NotFoundError('ControlledDocument', id);
  return document;
}

/** Manual documents by code; by type; by status (next review first); or those satisfying one checklist item. */
export async function listControlledDocuments(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: DocumentFilter | null },
  deps: DocumentReadDeps,
): Promise<Connection<ControlledDocument>> {
  assertCan(scope.role, 'document.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  return pagedConnection(scope.tenantId, `documents|${listingOf(filter)}`, args, deps.cursors, (page) =>
    documentPage(deps.store, filter, page),
  );
}

const listingOf = (f: DocumentFilter) =>
  `type=${f.type ?? ''}|status=${f.status ?? ''}|ref=${f.mandatoryRef ?? ''}`;

async function documentPage(
  store: TenantStore,
  filter: DocumentFilter,
  page: PageRequest,
): Promise<Page<ControlledDocument>> {
  if (filter.type) return store.query(ControlledDocuments, 'byType', { type: filter.type }, page);
  if (filter.status === 'RECORDED') return { entries: [], hasMore: false };
  if (filter.status) return store.query(ControlledDocuments, 'byStatus', { status: filter.status }, page);
  if (!filter.mandatoryRef) return store.query(ControlledDocuments, 'register', {}, page);
  const links = await store.query(DocumentRefLinks, 'byRef', {}, page, {
    sortPrefix: `${filter.mandatoryRef}#`,
  });
  const found = await store.getMany(
    ControlledDocuments,
    links.entries.map((e) => ({ id: e.item.documentId })),
  );
  return {
    ...links,
    entries: links.entries.flatMap((e, i) => {
      const d = found[i];
      return d ? [{ item: d, key: e.key }] : [];
    }),
  };
}

export type RegisterEntryStatus = DocumentStatus | SystemRecordStatus;

/** One row of the register: a manual document or a system record, in one shape. */
export interface RegisterEntry {
  kind: 'CONTROLLED_DOCUMENT' | 'SYSTEM_RECORD';
  /** Document id or system record id. */
  id: string;
  docCode: string | null;
  title: string;
  type: DocumentType;
  mandatoryRef: string | null;
  status: RegisterEntryStatus;
  revision: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  nextReviewOn: string | null;
  entityRef: EntityRef | null;
  document: ControlledDocument | null;
}

const fromDocument = (d: ControlledDocument): RegisterEntry => ({
  kind: 'CONTROLLED_DOCUMENT',
  id: d.id,
  docCode: d.docCode,
  title: d.title,
  type: d.type,
  mandatoryRef: d.mandatoryRef,
  status: d.status,
  revision: String(d.revision),
  approvedBy: d.approval?.by ?? null,
  approvedAt: d.approval?.at ?? null,
  nextReviewOn: d.nextReviewOn,
  entityRef: d.storage.kind === 'SYSTEM_RECORD' ? d.storage.systemRecord : null,
  document: d,
});

const fromRecord = (r: SystemRecord): RegisterEntry => ({
  kind: 'SYSTEM_RECORD',
  id: r.id,
  docCode: null,
  title: r.title,
  type: r.type,
  mandatoryRef: r.mandatoryRef,
  status: r.status,
  revision: r.revision,
  approvedBy: r.approvedBy,
  approvedAt: r.approvedAt,
  nextReviewOn: r.nextReviewOn,
  entityRef: r.entityRef,
  document: null,
});

const recordMatches = (f: DocumentFilter) => (r: SystemRecord) =>
  (!f.type || r.type === f.type) &&
  (!f.status || r.status === f.status) &&
  (!f.mandatoryRef || r.mandatoryRef === f.mandatoryRef);

/**
 * The document register (7.5): the system records first (computed on read
 * from the sources, a few dozen at most), then the manual documents page by
 * page. The cursor says which part it points into (`p`: S or D).
 */
export async function documentRegister(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: DocumentFilter | null },
  deps: DocumentReadDeps,
): Promise<Connection<RegisterEntry>> {
  assertCan(scope.role, 'document.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  return pagedConnection(
    scope.tenantId,
    `register|${listingOf(filter)}`,
    args,
    deps.cursors,
    async (page) => {
      const start = page.startKey;
      const entries: Page<RegisterEntry>['entries'] = [];
      if (!start || start.p === 'S') {
        const records = (await readSystemRecords(deps.store, deps.sources ?? SYSTEM_RECORD_SOURCES)).filter(
          recordMatches(filter),
        );
        const from = start ? Number(start.i) + 1 : 0;
        records.slice(from, from + page.limit).forEach((r, n) => {
          entries.push({ item: fromRecord(r), key: { p: 'S', i: from + n } });
        });
        if (from + page.limit < records.length) return { entries, hasMore: true };
      }
      // A full page of records still looks one document ahead, so hasMore is exact.
      const limit = Math.max(page.limit - entries.length, 1);
      const { p: _part, ...documentKey } = start?.p === 'D' ? start : ({} as PageKey);
      const docs = await documentPage(deps.store, filter, {
        limit,
        ...(start?.p === 'D' ? { startKey: documentKey } : {}),
      });
      if (entries.length === page.limit) return { entries, hasMore: docs.entries.length > 0 };
      for (const e of docs.entries) entries.push({ item: fromDocument(e.item), key: { ...e.key, p: 'D' } });
      return {
        entries,
        hasMore: docs.hasMore,
        ...(docs.endKey ? { endKey: { ...docs.endKey, p: 'D' } } : {}),
      };
    },
  );
}

const todayOf = (clock: Clock) => clock.now().toISOString().slice(0, 10);

interface ChecklistRead {
  today: string;
  checklist: ChecklistItem[];
  systemRecords: SystemRecord[];
}

async function readChecklist(
  deps: Pick<DocumentReadDeps, 'store' | 'sources'>,
  today: string,
): Promise<ChecklistRead> {
  const [summed, systemRecords, entries] = await Promise.all([
    deps.store.partition(['DOCSUM'], [ChecklistRefSummaries, ChecklistSummariesIndexed]),
    readSystemRecords(deps.store, deps.sources ?? SYSTEM_RECORD_SOURCES),
    // Only the controls that imply a document matter: their entries by key, not the SoA partition.
    deps.store.getMany(
      SoaEntries,
      DOCUMENT_IMPLYING_CONTROLS.map((controlId) => ({ controlId })),
    ),
  ]);
  const applicableControls = entries.flatMap((e) => (e?.applicable === true ? [e.controlId] : []));
  const summaries = (summed.get(ChecklistRefSummaries.name) ?? []) as ChecklistRefSummary[];
  // A tenant whose links predate the summaries reads the links until its next document write.
  if (!(summed.get(ChecklistSummariesIndexed.name) ?? []).length) {
    const links = await deps.store.collection(DocumentRefLinks, ['DOCREF']);
    return {
      today,
      systemRecords,
      checklist: documentChecklist({ today, links, systemRecords, applicableControls }),
    };
  }
  return {
    today,
    systemRecords,
    checklist: documentChecklist({
      today,
      links: summaries.flatMap((s) => s.sample),
      systemRecords,
      applicableControls,
      statusOnly: new Map(summaries.map((s) => [s.ref, statusEvidence(s)])),
    }),
  };
}

/** The §3.13 checklist as of `today` (default: the clock's date). */
export async function documentChecklistOf(
  scope: TenantScope,
  args: { today?: string | null },
  deps: Pick<DocumentReadDeps, 'store' | 'clock' | 'sources'>,
): Promise<ChecklistItem[]> {
  assertCan(scope.role, 'document.read');
  const today = parseInput(date.nullish(), args.today, ['today']) ?? todayOf(deps.clock);
  return (await readChecklist(deps, today)).checklist;
}

/** APPROVED documents whose review date is before `today`: the status index in review order, read until the first not due. */
async function overdueDocuments(store: TenantStore, today: string): Promise<ControlledDocument[]> {
  const out: ControlledDocument[] = [];
  let startKey: PageKey | undefined;
  for (;;) {
    const page = await store.query(
      ControlledDocuments,
      'byStatus',
      { status: 'APPROVED' },
      { limit: 100, ...(startKey ? { startKey } : {}) },
    );
    for (const { item } of page.entries) {
      if (!item.nextReviewOn || item.nextReviewOn >= today) return out;
      out.push(item);
    }
    startKey = page.hasMore ? (page.endKey ?? page.entries.at(-1)?.key) : undefined;
    if (!startKey) return out;
  }
}

/** The register's gaps (§3.6.4) as of today. */
export async function documentGapsOf(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: DocumentReadDeps,
): Promise<Connection<DocumentGap>> {
  assertCan(scope.role, 'document.read');
  const today = todayOf(deps.clock);
  const [read, overdue, attention] = await Promise.all([
    readChecklist(deps, today),
    overdueDocuments(deps.store, today),
    readAll(deps.store, ControlledDocuments, 'attention', {}),
  ]);
  const gaps = documentGaps({
    today,
    checklist: read.checklist,
    documents: [...overdue, ...attention],
    systemRecords: read.systemRecords,
  });
  return connectionFromArray(gaps, args, deps.cursors, scope.tenantId, 'documentGaps');
}

export function controlledDocumentHistory(
  scope: TenantScope,
  document: Pick<ControlledDocument, 'id' | 'version'>,
  args: ConnectionArgs,
  deps: Pick<DocumentReadDeps, 'store' | 'cursors'> & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(
    scope,
    'ControlledDocument',
    document.id,
    args,
    { history: deps.store, ...deps },
    document.version,
  );
}

export type { DocumentApproval };
