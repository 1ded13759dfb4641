import { beforeEach, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS } from '../annex-a/catalogue';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import type { AppointmentKind } from '../governance/appointment';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { put } from '../shared/store';
import { SoaEntries } from '../soa/model';
import { blankEntry } from '../soa/statement-of-applicability';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { checklistStatus, documentChecklist } from './checklist';
import type { ControlledDocument } from './controlled-document';
import { documentGaps } from './document-gaps';
import {
  approveControlledDocument,
  createControlledDocument,
  type DocumentDeps,
  transitionControlledDocument,
  updateControlledDocument,
} from './manage-documents';
import { ANNEX_A_IMPLIED_DOCUMENTS, MANDATORY_DOCUMENTS } from './mandatory-documents';
import { ControlledDocuments, DocumentRefLinks } from './model';
import {
  documentChecklistOf,
  documentGapsOf,
  documentRegister,
  listControlledDocuments,
} from './query-documents';
import type { SystemRecord, SystemRecordSource } from './system-records';

const roles: Record<string, Role> = {
  'u-alex': 'AIMS_MANAGER',
  'u-cleo': 'COMMITTEE_MEMBER',
  'u-rafa': 'AI_RISK_OWNER',
  'u-consultant': 'CONSULTANT',
};
const scopeOf = (actorId: string): TenantScope => ({
  tenantId: 't1',
  actorId,
  role: roles[actorId] ?? 'VIEWER',
});
const alex = scopeOf('u-alex');
const cleo = scopeOf('u-cleo');
const rafa = scopeOf('u-rafa');
const consultant = scopeOf('u-consultant');

let table: InMemoryTable;
let store: InMemoryTenantStore;
let deps: DocumentDeps;
let now: Date;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const read = (sources: readonly SystemRecordSource[] = []) => ({
  store,
  cursors,
  clock: { now: () => now },
  sources,
});

async function appointAccepted(userId: string, kind: AppointmentKind) {
  const made = await appoint(consultant, { kind, userId }, deps);
  await acceptAppointment(scopeOf(userId), { id: made.id, expectedVersion: made.version }, deps);
}

beforeEach(async () => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => roles[id] ?? null,
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
  };
  await appointAccepted('u-alex', 'AIMS_MANAGER');
  await appointAccepted('u-cleo', 'TOP_MANAGEMENT');
});

const procedure = (over: Record<string, unknown> = {}) => ({
  docCode: 'PR-06',
  title: 'AI risk treatment procedure',
  type: 'PROCEDURE',
  mandatoryRef: 'D-06',
  ownerUserId: 'u-rafa',
  retentionPeriod: '3 years after superseded',
  classification: 'INTERNAL',
  storage: { url: 'https://intranet.example/aims/pr-06.pdf', sha256: 'a'.repeat(64) },
  distribution: ['Risk team'],
  ...over,
});

async function approved(over: Record<string, unknown> = {}, approver = cleo) {
  const d = await createControlledDocument(rafa, procedure(over), deps);
  const inReview = await transitionControlledDocument(
    rafa,
    { id: d.id, expectedVersion: d.version, status: 'IN_REVIEW' },
    deps,
  );
  return approveControlledDocument(approver, { id: d.id, expectedVersion: inReview.version }, deps);
}

async function caught(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { extensions: Record<string, unknown>; fieldErrors?: { path: unknown[] }[] };
  }
  throw new Error('expected an error');
}

describe('§3.6.4 ControlledDocument lifecycle', () => {
  it('§3.6.4 DRAFT → IN_REVIEW → APPROVED by a manager appointee, with the approval record and a review date 12 months on', async () => {
    const d = await approved({}, alex);
    expect(d).toMatchObject({
      status: 'APPROVED',
      revision: 1,
      version: 3,
      approval: { by: 'u-alex', role: 'AIMS_MANAGER', at: '2026-03-01T10:00:00.000Z', comment: null },
      effectiveOn: '2026-03-01',
      nextReviewOn: '2027-03-01',
      origin: 'INTERNAL',
      storage: { kind: 'URL', sha256: 'a'.repeat(64) },
    });
  });

  it('§3.6.4 docCode is unique per tenant (case-insensitive): BAD_USER_INPUT at input.docCode, nothing written', async () => {
    await createControlledDocument(rafa, procedure(), deps);
    const before = table.items.size;
    const e = await caught(createControlledDocument(rafa, procedure({ docCode: 'pr-06' }), deps));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.fieldErrors?.map((f) => f.path)).toEqual([['input', 'docCode']]);
    expect(table.items.size).toBe(before);
  });

  it('§3.6.4 a consultant owner, an unknown D-ref and an external document kept in the system are refused with field paths', async () => {
    const e = await caught(
      createControlledDocument(
        rafa,
        procedure({
          ownerUserId: 'u-consultant',
          mandatoryRef: 'D-99',
          type: 'EXTERNAL',
          storage: { systemRecord: { entityType: 'ScopeStatement', entityId: 's1' } },
        }),
        deps,
      ),
    );
    expect(e.fieldErrors?.map((f) => f.path)).toEqual([['input', 'mandatoryRef']]);
    const shape = await caught(
      createControlledDocument(
        rafa,
        procedure({
          ownerUserId: 'u-consultant',
          type: 'EXTERNAL',
          storage: { systemRecord: { entityType: 'ScopeStatement', entityId: 's1' } },
        }),
        deps,
      ),
    );
    expect(shape.fieldErrors?.map((f) => f.path)).toEqual([
      ['input', 'ownerUserId'],
      ['input', 'storage', 'url'],
    ]);
  });

  it('§3.6.4 the author of the revision approving it → FORBIDDEN', async () => {
    const d = await createControlledDocument(alex, procedure(), deps);
    const r = await transitionControlledDocument(
      alex,
      { id: d.id, expectedVersion: 1, status: 'IN_REVIEW' },
      deps,
    );
    const e = await caught(approveControlledDocument(alex, { id: d.id, expectedVersion: r.version }, deps));
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.message).toMatch(/author/);
  });

  it('§3.6.4 a consultant approving → FORBIDDEN (a consultant never holds a management appointment)', async () => {
    const d = await createControlledDocument(rafa, procedure(), deps);
    await transitionControlledDocument(rafa, { id: d.id, expectedVersion: 1, status: 'IN_REVIEW' }, deps);
    const e = await caught(approveControlledDocument(consultant, { id: d.id, expectedVersion: 2 }, deps));
    expect(e).toBeInstanceOf(ForbiddenError);
  });

  it('§3.6.4 a POLICY needs TOP_MANAGEMENT: the AIMS manager is FORBIDDEN, top management approves', async () => {
    const d = await createControlledDocument(
      rafa,
      procedure({ docCode: 'POL-01', type: 'POLICY', mandatoryRef: 'D-02' }),
      deps,
    );
    await transitionControlledDocument(rafa, { id: d.id, expectedVersion: 1, status: 'IN_REVIEW' }, deps);
    expect(
      await caught(approveControlledDocument(alex, { id: d.id, expectedVersion: 2 }, deps)),
    ).toBeInstanceOf(ForbiddenError);
    const ok = await approveControlledDocument(
      cleo,
      { id: d.id, expectedVersion: 2, comment: 'Agreed' },
      deps,
    );
    expect(ok.approval).toMatchObject({ by: 'u-cleo', role: 'TOP_MANAGEMENT', comment: 'Agreed' });
  });

  it('§3.6.4 approving a DRAFT → CONFLICT INVALID_STATE; a stale version → CONFLICT VERSION_MISMATCH', async () => {
    const d = await createControlledDocument(rafa, procedure(), deps);
    const e = await caught(approveControlledDocument(cleo, { id: d.id, expectedVersion: 1 }, deps));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.extensions.reason).toBe('INVALID_STATE');
    const stale = await caught(
      updateControlledDocument(rafa, { id: d.id, expectedVersion: 7, title: 'x y' }, deps),
    );
    expect(stale.extensions.reason).toBe('VERSION_MISMATCH');
  });

  it('§3.6.4 illegal moves are CONFLICT INVALID_STATE: DRAFT → DRAFT, OBSOLETE → anything', async () => {
    const d = await createControlledDocument(rafa, procedure(), deps);
    const same = await caught(
      transitionControlledDocument(rafa, { id: d.id, expectedVersion: 1, status: 'DRAFT' }, deps),
    );
    expect(same.extensions.reason).toBe('INVALID_STATE');
    const gone = await transitionControlledDocument(
      rafa,
      { id: d.id, expectedVersion: 1, status: 'OBSOLETE' },
      deps,
    );
    const back = await caught(
      transitionControlledDocument(rafa, { id: d.id, expectedVersion: gone.version, status: 'DRAFT' }, deps),
    );
    expect(back.extensions.reason).toBe('INVALID_STATE');
  });

  it('§3.6.4 an approved document changes only in a new revision: content edit CONFLICT; APPROVED → DRAFT is revision 2 with the approval cleared', async () => {
    const d = await approved();
    const e = await caught(
      updateControlledDocument(rafa, { id: d.id, expectedVersion: d.version, title: 'New' }, deps),
    );
    expect(e.extensions.reason).toBe('INVALID_STATE');
    const moved = await updateControlledDocument(
      rafa,
      { id: d.id, expectedVersion: d.version, distribution: ['Risk team', 'Data science'] },
      deps,
    );
    const next = await transitionControlledDocument(
      alex,
      { id: d.id, expectedVersion: moved.version, status: 'DRAFT' },
      deps,
    );
    expect(next).toMatchObject({ status: 'DRAFT', revision: 2, approval: null, authorId: 'u-alex' });
  });

  it('RQ-22 a procedure names its kind; a procedure kind on another type → BAD_USER_INPUT at input.procedureKind, nothing written', async () => {
    const d = await createControlledDocument(rafa, procedure({ procedureKind: 'RISK_ASSESSMENT' }), deps);
    expect(d.procedureKind).toBe('RISK_ASSESSMENT');
    expect((await createControlledDocument(rafa, procedure({ docCode: 'PR-02' }), deps)).procedureKind).toBe(
      null,
    );
    const before = table.items.size;
    const e = await caught(
      createControlledDocument(
        rafa,
        procedure({ docCode: 'REG-1', type: 'REGISTER', procedureKind: 'INCIDENT' }),
        deps,
      ),
    );
    expect(e.fieldErrors?.map((f) => f.path)).toEqual([['input', 'procedureKind']]);
    const bad = await caught(
      createControlledDocument(rafa, procedure({ docCode: 'PR-03', procedureKind: 'TRAINING' }), deps),
    );
    expect(bad.fieldErrors?.map((f) => f.path)).toEqual([['input', 'procedureKind']]);
    const retyped = await caught(
      updateControlledDocument(rafa, { id: d.id, expectedVersion: d.version, type: 'RECORD' }, deps),
    );
    expect(retyped.fieldErrors?.map((f) => f.path)).toEqual([['input', 'procedureKind']]);
    expect(table.items.size).toBe(before);
  });

  it('RQ-22 the procedure kind is content: changed while DRAFT (null clears it), refused once APPROVED', async () => {
    const d = await createControlledDocument(rafa, procedure({ procedureKind: 'INCIDENT' }), deps);
    const changed = await updateControlledDocument(
      rafa,
      { id: d.id, expectedVersion: d.version, procedureKind: 'CORRECTIVE_ACTION' },
      deps,
    );
    expect(changed.procedureKind).toBe('CORRECTIVE_ACTION');
    const cleared = await updateControlledDocument(
      rafa,
      { id: d.id, expectedVersion: changed.version, procedureKind: null },
      deps,
    );
    expect(cleared.procedureKind).toBeNull();
    const done = await approved({ docCode: 'PR-10', procedureKind: 'INCIDENT' });
    const e = await caught(
      updateControlledDocument(
        rafa,
        { id: done.id, expectedVersion: done.version, procedureKind: 'CHANGE_MANAGEMENT' },
        deps,
      ),
    );
    expect(e.extensions.reason).toBe('INVALID_STATE');
  });

  it('RQ-22 documents stored before procedure kinds (schema 1) read as naming none', async () => {
    const d = await createControlledDocument(rafa, procedure(), deps);
    const { procedureKind: _k, ...stored } = d;
    expect(ControlledDocuments.schema.parse(stored).procedureKind).toBeNull();
  });

  it('§3.6.4 a document written updates its checklist link in the same commit (listing by mandatoryRef)', async () => {
    const d = await approved({ annexAControls: ['A.6.1.3'] });
    const links = await store.collection(DocumentRefLinks, ['DOCREF']);
    expect(links.map((l) => [l.ref, l.status])).toEqual([
      ['ANNEX-A.6.1', 'APPROVED'],
      ['D-06', 'APPROVED'],
    ]);
    await updateControlledDocument(
      alex,
      { id: d.id, expectedVersion: d.version, ownerUserId: 'u-alex' },
      deps,
    );
    const list = await listControlledDocuments(alex, { filter: { mandatoryRef: 'D-06' } }, read());
    expect(list.edges.map((e) => e.node.docCode)).toEqual(['PR-06']);
    const bad = await caught(
      listControlledDocuments(alex, { filter: { type: 'POLICY', status: 'DRAFT' } }, read()),
    );
    expect(bad).toBeInstanceOf(ValidationError);
  });
});

const record = (over: Partial<SystemRecord>): SystemRecord => ({
  id: 'src:1',
  sourceId: 'src',
  mandatoryRef: 'D-05',
  title: 'Risk methodology',
  type: 'METHODOLOGY',
  status: 'APPROVED',
  revision: '1',
  approvedBy: 'u-cleo',
  approvedAt: '2026-01-01T00:00:00.000Z',
  nextReviewOn: null,
  entityRef: { entityType: 'RiskMethodology', entityId: '1' },
  updatedAt: null,
  ...over,
});

describe('§3.13 documentChecklist', () => {
  it('§3.13 returns D-01…D-19, the Annex A documents of applicable controls and the recommended D-20…D-24, each MISSING / DRAFT / APPROVED / REVIEW_OVERDUE', () => {
    const link = (ref: string, status: ControlledDocument['status'], nextReviewOn: string | null) => ({
      ref,
      docCode: `C-${ref}`,
      documentId: `d-${ref}`,
      title: ref,
      status,
      nextReviewOn,
    });
    const items = documentChecklist({
      today: '2026-03-01',
      links: [
        link('D-06', 'APPROVED', '2027-01-01'),
        link('D-09', 'IN_REVIEW', null),
        link('D-02', 'APPROVED', '2026-02-01'),
        link('D-01', 'OBSOLETE', null),
        link('ANNEX-A.7', 'DRAFT', null),
      ],
      systemRecords: [record({}), record({ id: 'r:1', mandatoryRef: 'D-13', status: 'RECORDED' })],
      applicableControls: ['A.7.4', 'A.2.2'],
    });
    expect(items.filter((i) => i.kind === 'MANDATORY').map((i) => i.ref)).toEqual(
      Array.from({ length: 19 }, (_, i) => `D-${String(i + 1).padStart(2, '0')}`),
    );
    expect(items.filter((i) => i.kind === 'RECOMMENDED').map((i) => i.ref)).toEqual([
      'D-20',
      'D-21',
      'D-22',
      'D-23',
      'D-24',
    ]);
    const status = Object.fromEntries(items.map((i) => [i.ref, i.status]));
    expect(status).toMatchObject({
      'D-01': 'MISSING',
      'D-02': 'REVIEW_OVERDUE',
      'D-05': 'APPROVED',
      'D-06': 'APPROVED',
      'D-09': 'DRAFT',
      'D-13': 'APPROVED',
      'D-19': 'MISSING',
      'ANNEX-A.2': 'MISSING',
      'ANNEX-A.7': 'DRAFT',
    });
    const annex = items.filter((i) => i.kind === 'ANNEX_A');
    expect(annex.map((i) => [i.ref, i.controls])).toEqual([
      ['ANNEX-A.2', ['A.2.2']],
      ['ANNEX-A.7', ['A.7.4']],
    ]);
    const d05 = items.find((i) => i.ref === 'D-05');
    expect(d05).toMatchObject({ clause: '6.1.2', documentKind: 'R', inGuide: true });
    expect(items.find((i) => i.ref === 'D-03')).toMatchObject({ documentKind: 'M/R', inGuide: false });
  });

  it('§3.13 status per case: nothing MISSING, a draft DRAFT, approved in date APPROVED, approved past review REVIEW_OVERDUE, obsolete ignored', () => {
    const e = (status: ControlledDocument['status'] | 'RECORDED', nextReviewOn: string | null = null) => ({
      kind: 'CONTROLLED_DOCUMENT' as const,
      id: 'x',
      title: 'x',
      status,
      nextReviewOn,
    });
    const today = '2026-03-01';
    expect(checklistStatus([], today)).toBe('MISSING');
    expect(checklistStatus([e('OBSOLETE')], today)).toBe('MISSING');
    expect(checklistStatus([e('DRAFT')], today)).toBe('DRAFT');
    expect(checklistStatus([e('IN_REVIEW')], today)).toBe('DRAFT');
    expect(checklistStatus([e('APPROVED', '2026-03-01')], today)).toBe('APPROVED');
    expect(checklistStatus([e('RECORDED')], today)).toBe('APPROVED');
    expect(checklistStatus([e('APPROVED', '2026-02-28')], today)).toBe('REVIEW_OVERDUE');
    expect(checklistStatus([e('APPROVED', '2026-02-28'), e('DRAFT')], today)).toBe('REVIEW_OVERDUE');
    expect(checklistStatus([e('APPROVED', '2026-02-28'), e('APPROVED', '2027-01-01')], today)).toBe(
      'APPROVED',
    );
  });

  it('§3.13 every Annex A control named by the implied-documents table exists in the catalogue', () => {
    const ids = new Set<string>(ANNEX_A_CONTROLS.map((c) => c.id));
    expect(ANNEX_A_IMPLIED_DOCUMENTS.flatMap((d) => d.controls).filter((c) => !ids.has(c))).toEqual([]);
    expect(MANDATORY_DOCUMENTS).toHaveLength(24);
  });

  it('§3.13 the checklist use case reads the links, the sources and the working SoA: a manual document with mandatoryRef satisfies its item', async () => {
    await approved();
    await store.commit([
      put(SoaEntries, { ...blankEntry('t1', 'A.7.2'), applicable: true, version: 1 }, 'any'),
    ]);
    const source: SystemRecordSource = {
      id: 'fake',
      mandatoryRef: 'D-01',
      title: 'Scope',
      type: 'SCOPE',
      records: async () => [record({ id: 'fake:1', mandatoryRef: 'D-01', status: 'DRAFT' })],
    };
    const items = await documentChecklistOf(alex, {}, read([source]));
    const status = Object.fromEntries(items.map((i) => [i.ref, i.status]));
    expect(status).toMatchObject({ 'D-06': 'APPROVED', 'D-01': 'DRAFT', 'ANNEX-A.7': 'MISSING' });
    expect(items.find((i) => i.ref === 'D-06')?.evidence).toEqual([
      expect.objectContaining({ kind: 'CONTROLLED_DOCUMENT', title: 'AI risk treatment procedure' }),
    ]);
    expect(await caught(documentChecklistOf(alex, { today: '1 March' }, read()))).toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('§3.6.4 document register with system records', () => {
  it('§3.6.4 lists system records (computed from the sources) before manual documents, paging across both', async () => {
    await approved();
    await createControlledDocument(rafa, procedure({ docCode: 'PR-09', mandatoryRef: 'D-09' }), deps);
    const source: SystemRecordSource = {
      id: 'fake',
      mandatoryRef: 'D-05',
      title: 'Methodology',
      type: 'METHODOLOGY',
      records: async () => [record({ id: 'fake:1' }), record({ id: 'fake:2', status: 'DRAFT' })],
    };
    const first = await documentRegister(alex, { first: 3 }, read([source]));
    expect(first.edges.map((e) => [e.node.kind, e.node.id])).toEqual([
      ['SYSTEM_RECORD', 'fake:1'],
      ['SYSTEM_RECORD', 'fake:2'],
      ['CONTROLLED_DOCUMENT', expect.any(String)],
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await documentRegister(alex, { first: 3, after: first.pageInfo.endCursor }, read([source]));
    expect(rest.edges.map((e) => e.node.docCode)).toEqual(['PR-09']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const drafts = await documentRegister(alex, { filter: { status: 'DRAFT' } }, read([source]));
    expect(drafts.edges.map((e) => e.node.id)).toEqual(['fake:2', expect.any(String)]);
  });
});

describe('§3.6.4 document gaps', () => {
  const doc = (over: Partial<ControlledDocument>): ControlledDocument => ({
    id: 'd1',
    tenantId: 't1',
    docCode: 'PR-01',
    title: 'Procedure',
    type: 'PROCEDURE',
    mandatoryRef: null,
    procedureKind: null,
    annexAControls: [],
    ownerUserId: 'u-rafa',
    authorId: 'u-rafa',
    revision: 1,
    status: 'APPROVED',
    approval: null,
    effectiveOn: '2025-01-01',
    nextReviewOn: '2027-01-01',
    retentionPeriod: '3 years',
    classification: 'INTERNAL',
    storage: { kind: 'URL', url: 'https://x.example/a', sha256: 'a'.repeat(64) },
    origin: 'INTERNAL',
    distribution: [],
    wordCount: null,
    version: 1,
    createdAt: '',
    updatedAt: '',
    ...over,
  });
  const gapsOf = (documents: ControlledDocument[], systemRecords: SystemRecord[] = []) =>
    documentGaps({ today: '2026-03-01', checklist: [], documents, systemRecords }).map((g) => [
      g.code,
      g.docCode ?? g.systemRecordId,
    ]);

  it('§3.6.4 MANDATORY_DOCUMENT_MISSING for each D-01…D-19 MISSING, not for recommended or Annex A items', () => {
    const checklist = documentChecklist({
      today: '2026-03-01',
      links: [],
      systemRecords: [record({})],
      applicableControls: ['A.7.2'],
    });
    const gaps = documentGaps({ today: '2026-03-01', checklist, documents: [], systemRecords: [] });
    expect(gaps.map((g) => g.ref)).toEqual(
      MANDATORY_DOCUMENTS.slice(0, 19)
        .map((d) => d.ref)
        .filter((r) => r !== 'D-05'),
    );
    expect(gaps.every((g) => g.code === 'MANDATORY_DOCUMENT_MISSING')).toBe(true);
  });

  it('§3.6.4 DOCUMENT_REVIEW_OVERDUE for an approved document or system record past its review date', () => {
    expect(
      gapsOf(
        [
          doc({ nextReviewOn: '2026-02-28' }),
          doc({ id: 'd2', docCode: 'PR-02', nextReviewOn: '2026-03-01' }),
        ],
        [record({ nextReviewOn: '2026-01-01' })],
      ),
    ).toEqual([
      ['DOCUMENT_REVIEW_OVERDUE', 'PR-01'],
      ['DOCUMENT_REVIEW_OVERDUE', 'src:1'],
    ]);
  });

  it('§3.6.4 OBSOLETE_STILL_DISTRIBUTED for an obsolete document someone still holds', () => {
    expect(
      gapsOf([
        doc({ status: 'OBSOLETE', distribution: ['Ward 3'] }),
        doc({ id: 'd2', docCode: 'PR-02', status: 'OBSOLETE' }),
      ]),
    ).toEqual([['OBSOLETE_STILL_DISTRIBUTED', 'PR-01']]);
  });

  it('§3.6.4 EXTERNAL_ORIGIN_UNCONTROLLED for an external document without a hash or a review date', () => {
    const ext = { type: 'EXTERNAL' as const, origin: 'EXTERNAL' as const };
    expect(
      gapsOf([
        doc({ ...ext, storage: { kind: 'URL', url: 'https://eur-lex.example', sha256: null } }),
        doc({ ...ext, id: 'd2', docCode: 'EXT-02', nextReviewOn: null, status: 'DRAFT' }),
        doc({ ...ext, id: 'd3', docCode: 'EXT-03' }),
      ]),
    ).toEqual([
      ['EXTERNAL_ORIGIN_UNCONTROLLED', 'EXT-02'],
      ['EXTERNAL_ORIGIN_UNCONTROLLED', 'PR-01'],
    ]);
  });

  it('§3.6.4 PROCEDURE_TOO_LONG (over-documenting) for a procedure over 4,000 words when a word count is given', () => {
    expect(
      gapsOf([
        doc({ wordCount: 4001 }),
        doc({ id: 'd2', docCode: 'PR-02', wordCount: 4000 }),
        doc({ id: 'd3', docCode: 'POL-1', type: 'POLICY', wordCount: 9000 }),
        doc({ id: 'd4', docCode: 'PR-04', status: 'OBSOLETE', wordCount: 9000 }),
      ]),
    ).toEqual([['PROCEDURE_TOO_LONG', 'PR-01']]);
  });

  it('§3.6.4 the gaps use case reads overdue documents by the status index and the sparse attention partition', async () => {
    const d = await approved({ wordCount: 5000, nextReviewOn: '2026-06-01' });
    await createControlledDocument(
      rafa,
      procedure({
        docCode: 'EXT-01',
        type: 'EXTERNAL',
        mandatoryRef: null,
        storage: { url: 'https://eur-lex.example/ai-act' },
      }),
      deps,
    );
    now = new Date('2026-07-01T10:00:00.000Z');
    const gaps = await documentGapsOf(alex, { first: 100 }, read());
    const found = gaps.edges.map((e) => [e.node.code, e.node.docCode ?? e.node.ref]);
    expect(found).toContainEqual(['DOCUMENT_REVIEW_OVERDUE', 'PR-06']);
    expect(found).toContainEqual(['PROCEDURE_TOO_LONG', 'PR-06']);
    expect(found).toContainEqual(['EXTERNAL_ORIGIN_UNCONTROLLED', 'EXT-01']);
    expect(found).toContainEqual(['MANDATORY_DOCUMENT_MISSING', 'D-01']);
    expect(found).not.toContainEqual(['MANDATORY_DOCUMENT_MISSING', 'D-06']);
    expect(d.nextReviewOn).toBe('2026-06-01');
  });
});
