import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const FIELDS = /* GraphQL */ `
  id docCode title type mandatoryRef procedureKind annexAControls revision status version
  effectiveOn nextReviewOn retentionPeriod classification origin distribution wordCount
  owner { id } author { id }
  approval { by { id } role at comment }
  storage { url sha256 systemRecord { entityType entityId } }
`;
const CREATE = /* GraphQL */ `
  mutation Create($tenantId: ID, $input: CreateControlledDocumentInput!) {
    createControlledDocument(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($tenantId: ID, $input: UpdateControlledDocumentInput!) {
    updateControlledDocument(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const MOVE = /* GraphQL */ `
  mutation Move($tenantId: ID, $input: TransitionControlledDocumentInput!) {
    transitionControlledDocument(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const APPROVE = /* GraphQL */ `
  mutation Approve($tenantId: ID, $input: ApproveControlledDocumentInput!) {
    approveControlledDocument(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const GET = /* GraphQL */ `
  query Get($tenantId: ID, $id: ID!) {
    controlledDocument(tenantId: $tenantId, id: $id) {
      ${FIELDS}
      history { edges { node { action version actor { id } } } }
    }
  }
`;
const LIST = /* GraphQL */ `
  query List($tenantId: ID, $filter: DocumentFilter, $first: Int, $after: String) {
    controlledDocuments(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { node { id docCode status nextReviewOn } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const REGISTER = /* GraphQL */ `
  query Register($tenantId: ID, $filter: DocumentFilter, $first: Int, $after: String) {
    documentRegister(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { node { id kind docCode title type mandatoryRef status revision approvedBy { id } approvedAt entityRef { entityType entityId } document { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const CHECKLIST = /* GraphQL */ `
  query Checklist($tenantId: ID, $today: String) {
    documentChecklist(tenantId: $tenantId, today: $today, first: 100) {
      edges { node { ref kind title clause documentKind inGuide controls status evidence { id kind title status } } }
    }
  }
`;
const GAPS = /* GraphQL */ `
  query Gaps($tenantId: ID) {
    documentGaps(tenantId: $tenantId, first: 100) {
      edges { node { code explanation ref docCode systemRecordId document { id docCode } } }
    }
  }
`;

let api: TestApi;
let tenantId: string;

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
});

/** Documents and their change records in the tenant's table: a refused write leaves both unchanged. */
async function documentCount() {
  const { items, changes } = await storedCounts(api, {
    table: api.demo.tenants.acme.tableName,
    tenantId,
    partition: 'DOC',
    entityType: 'ControlledDocument',
  });
  return { documents: items, changes };
}

let codes = 0;
const base = (over: Record<string, unknown> = {}) => ({
  docCode: `PR-T${++codes}`,
  title: 'AI incident response procedure',
  type: 'PROCEDURE',
  mandatoryRef: 'D-11',
  annexAControls: ['A.8.4'],
  ownerUserId: api.users.rafa.sub,
  retentionPeriod: '3 years after superseded',
  classification: 'INTERNAL',
  storage: { url: 'https://intranet.acme-health.example/aims/incident.pdf', sha256: 'b'.repeat(64) },
  distribution: ['AI system owners'],
  ...over,
});

async function inReview(over: Record<string, unknown> = {}, as = api.users.alex) {
  const made = await api.gql(CREATE, { tenantId, input: base(over) }, { as });
  expect(made.errors).toBeUndefined();
  const d = made.data?.createControlledDocument;
  const moved = await api.gql(
    MOVE,
    { tenantId, input: { id: d.id, expectedVersion: d.version, status: 'IN_REVIEW' } },
    { as },
  );
  return moved.data?.transitionControlledDocument;
}

describe('§3.6.4 the document register through the handler', () => {
  it('§3.6.4 creates, submits and approves a document (approval by top management, not the author), each step versioned with a change record', async () => {
    const d = await inReview();
    expect(d).toMatchObject({
      status: 'IN_REVIEW',
      revision: 1,
      version: 2,
      origin: 'INTERNAL',
      owner: { id: api.users.rafa.sub },
      author: { id: api.users.alex.sub },
      storage: { url: 'https://intranet.acme-health.example/aims/incident.pdf', systemRecord: null },
    });
    const approved = await api.gql(
      APPROVE,
      {
        tenantId,
        input: { id: d.id, expectedVersion: 2, comment: 'Fit for use', nextReviewOn: '2027-06-30' },
      },
      { as: api.users.cleo },
    );
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveControlledDocument).toMatchObject({
      status: 'APPROVED',
      version: 3,
      nextReviewOn: '2027-06-30',
      approval: { by: { id: api.users.cleo.sub }, role: 'TOP_MANAGEMENT', comment: 'Fit for use' },
    });
    const read = await api.gql(GET, { tenantId, id: d.id });
    expect(
      read.data?.controlledDocument.history.edges.map((e: any) => [e.node.version, e.node.actor.id]),
    ).toEqual([
      [3, api.users.cleo.sub],
      [2, api.users.alex.sub],
      [1, api.users.alex.sub],
    ]);
    const byRef = await api.gql(LIST, { tenantId, filter: { mandatoryRef: 'D-11' } });
    expect(byRef.data?.controlledDocuments.edges.map((e: any) => e.node.id)).toContain(d.id);
    const approvedList = await api.gql(LIST, { tenantId, filter: { status: 'APPROVED' } });
    const reviews = approvedList.data?.controlledDocuments.edges.map((e: any) => e.node.nextReviewOn);
    expect(reviews).toEqual([...reviews].sort());
  });

  it('§3.6.4 the register lists the system records computed from the seeded artefacts, then the manual documents, paging across both', async () => {
    const first = await api.gql(REGISTER, { tenantId, first: 3 });
    expect(first.errors).toBeUndefined();
    const nodes = first.data?.documentRegister.edges.map((e: any) => e.node);
    expect(nodes[0]).toMatchObject({
      kind: 'SYSTEM_RECORD',
      mandatoryRef: 'D-05',
      status: 'APPROVED',
      entityRef: { entityType: 'RiskMethodology' },
      document: null,
    });
    const all = [...nodes];
    let after = first.data?.documentRegister.pageInfo.endCursor;
    let more = first.data?.documentRegister.pageInfo.hasNextPage;
    while (more) {
      const page = (await api.gql(REGISTER, { tenantId, first: 3, after })).data?.documentRegister;
      all.push(...page.edges.map((e: any) => e.node));
      after = page.pageInfo.endCursor;
      more = page.pageInfo.hasNextPage;
    }
    expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
    const refs = all.filter((n) => n.kind === 'SYSTEM_RECORD').map((n) => n.mandatoryRef);
    expect(refs).toEqual(expect.arrayContaining(['D-05', 'D-13', 'D-08']));
    expect(all.filter((n) => n.kind === 'CONTROLLED_DOCUMENT').map((n) => n.docCode)).toEqual(
      expect.arrayContaining(['EXT-01', 'EXT-02', 'PR-06', 'PR-07', 'PR-09']),
    );
    const d06 = all.find((n) => n.docCode === 'PR-06');
    expect(d06).toMatchObject({ status: 'APPROVED', approvedBy: { id: api.users.alex.sub }, revision: '1' });
  });

  it('§3.13 the checklist shows the month-2 picture: D-01 scope, D-02 AI policy and D-08 plan APPROVED by their own approvals, D-06 APPROVED, D-09 DRAFT (in review), the A.7 document DRAFT, the recommended items', async () => {
    const result = await api.gql(CHECKLIST, { tenantId });
    expect(result.errors).toBeUndefined();
    const items = result.data?.documentChecklist.edges.map((e: any) => e.node);
    const status = Object.fromEntries(items.map((i: any) => [i.ref, i.status]));
    expect(status).toMatchObject({
      'D-01': 'APPROVED',
      'D-02': 'APPROVED',
      'D-08': 'APPROVED',
      'D-05': 'APPROVED',
      'D-06': 'APPROVED',
      'D-09': 'DRAFT',
      'D-13': 'APPROVED',
      'ANNEX-A.7': 'DRAFT',
      'D-20': 'MISSING',
    });
    expect(items.filter((i: any) => i.kind === 'MANDATORY')).toHaveLength(19);
    expect(items.find((i: any) => i.ref === 'ANNEX-A.7').controls).toContain('A.7.4');
    expect(items.find((i: any) => i.ref === 'D-06')).toMatchObject({
      clause: '6.1.3',
      documentKind: 'R',
      evidence: [{ kind: 'CONTROLLED_DOCUMENT', status: 'APPROVED' }],
    });
    // §3.6.4 the approvals are the artefacts' own: no controlled document stands behind them.
    for (const ref of ['D-01', 'D-02', 'D-08']) {
      expect(items.find((i: any) => i.ref === ref).evidence).toContainEqual(
        expect.objectContaining({ kind: 'SYSTEM_RECORD', status: 'APPROVED' }),
      );
    }
    const bad = onlyError(await api.gql(CHECKLIST, { tenantId, today: 'tomorrow' }));
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('§3.6.4 the gaps name the missing mandatory documents (not the approved scope, a system record), the long draft procedure and the uncontrolled external copy', async () => {
    const result = await api.gql(GAPS, { tenantId });
    expect(result.errors).toBeUndefined();
    const gaps = result.data?.documentGaps.edges.map((e: any) => [e.node.code, e.node.docCode ?? e.node.ref]);
    expect(gaps).toContainEqual(['MANDATORY_DOCUMENT_MISSING', 'D-17']);
    expect(gaps).not.toContainEqual(['MANDATORY_DOCUMENT_MISSING', 'D-01']);
    expect(gaps).toContainEqual(['PROCEDURE_TOO_LONG', 'PR-07']);
    expect(gaps).toContainEqual(['EXTERNAL_ORIGIN_UNCONTROLLED', 'EXT-02']);
    expect(gaps).not.toContainEqual(['EXTERNAL_ORIGIN_UNCONTROLLED', 'EXT-01']);
    expect(gaps).not.toContainEqual(['MANDATORY_DOCUMENT_MISSING', 'D-06']);
  });

  it('§3.6.4 bad input is BAD_USER_INPUT with field paths, nothing written', async () => {
    const before = await documentCount();
    const result = await api.gql(CREATE, {
      tenantId,
      input: base({ docCode: '-bad code', mandatoryRef: 'D-42', storage: { sha256: 'xyz' } }),
    });
    const e = onlyError(result);
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual(
      expect.arrayContaining(['input.docCode', 'input.mandatoryRef', 'input.storage.sha256']),
    );
    const duplicate = onlyError(await api.gql(CREATE, { tenantId, input: base({ docCode: 'pr-06' }) }));
    expect(duplicate.extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual(['input.docCode']);
    const consultantOwner = onlyError(
      await api.gql(CREATE, { tenantId, input: base({ ownerUserId: api.users.priya.sub }) }),
    );
    expect(consultantOwner.extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.ownerUserId',
    ]);
    expect(await documentCount()).toEqual(before);
  });

  it('RQ-22 a procedure names its kind (changed while DRAFT); on another type → BAD_USER_INPUT at input.procedureKind, nothing written', async () => {
    const made = await api.gql(CREATE, { tenantId, input: base({ procedureKind: 'INCIDENT' }) });
    expect(made.errors).toBeUndefined();
    const d = made.data?.createControlledDocument;
    expect(d.procedureKind).toBe('INCIDENT');
    const changed = await api.gql(UPDATE, {
      tenantId,
      input: { id: d.id, expectedVersion: d.version, procedureKind: 'CORRECTIVE_ACTION' },
    });
    expect(changed.data?.updateControlledDocument.procedureKind).toBe('CORRECTIVE_ACTION');
    const before = await documentCount();
    const e = onlyError(
      await api.gql(CREATE, {
        tenantId,
        input: base({ type: 'REGISTER', mandatoryRef: null, procedureKind: 'INCIDENT' }),
      }),
    );
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual(['input.procedureKind']);
    expect(await documentCount()).toEqual(before);
  });

  it('§3.6.4 a stale expectedVersion is CONFLICT VERSION_MISMATCH, nothing written', async () => {
    const d = await inReview();
    const before = await documentCount();
    const e = onlyError(
      await api.gql(UPDATE, { tenantId, input: { id: d.id, expectedVersion: 1, distribution: [] } }),
    );
    expect(e.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(await documentCount()).toEqual(before);
  });

  it('§3.6.4 illegal moves are CONFLICT INVALID_STATE: approving a draft, editing content in review, reopening an obsolete document', async () => {
    const made = await api.gql(CREATE, { tenantId, input: base() });
    const d = made.data?.createControlledDocument;
    const approveDraft = onlyError(
      await api.gql(APPROVE, { tenantId, input: { id: d.id, expectedVersion: 1 } }, { as: api.users.cleo }),
    );
    expect(approveDraft.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    const review = await api.gql(MOVE, {
      tenantId,
      input: { id: d.id, expectedVersion: 1, status: 'IN_REVIEW' },
    });
    expect(review.errors).toBeUndefined();
    const edit = onlyError(
      await api.gql(UPDATE, {
        tenantId,
        input: { id: d.id, expectedVersion: 2, title: 'Changed in review' },
      }),
    );
    expect(edit.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    const back = await api.gql(MOVE, { tenantId, input: { id: d.id, expectedVersion: 2, status: 'DRAFT' } });
    const gone = await api.gql(MOVE, {
      tenantId,
      input: { id: d.id, expectedVersion: 3, status: 'OBSOLETE' },
    });
    expect([back.errors, gone.data?.transitionControlledDocument.status]).toEqual([undefined, 'OBSOLETE']);
    const reopen = onlyError(
      await api.gql(MOVE, { tenantId, input: { id: d.id, expectedVersion: 4, status: 'DRAFT' } }),
    );
    expect(reopen.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    const status = onlyError(
      await api.gql(MOVE, { tenantId, input: { id: d.id, expectedVersion: 4, status: 'APPROVED' } }),
    );
    expect(status.extensions.code).toBe('BAD_USER_INPUT');
    // Withdrawing the copies of an obsolete document is still allowed.
    const withdrawn = await api.gql(UPDATE, {
      tenantId,
      input: { id: d.id, expectedVersion: 4, distribution: [] },
    });
    expect(withdrawn.data?.updateControlledDocument.distribution).toEqual([]);
  });

  it('§3.6.4 the author approving their own revision is FORBIDDEN (not CONFLICT), nothing written', async () => {
    const d = await inReview();
    const before = await documentCount();
    const e = onlyError(await api.gql(APPROVE, { tenantId, input: { id: d.id, expectedVersion: 2 } }));
    expect(e.extensions.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/author/);
    expect(await documentCount()).toEqual(before);
  });

  it('§3.6.4 a consultant approving is FORBIDDEN; so is a member without a management appointment, and a viewer-grade role writing', async () => {
    const d = await inReview();
    const consultant = onlyError(
      await api.gql(APPROVE, { tenantId, input: { id: d.id, expectedVersion: 2 } }, { as: api.users.priya }),
    );
    expect(consultant.extensions.code).toBe('FORBIDDEN');
    const noAppointment = onlyError(
      await api.gql(APPROVE, { tenantId, input: { id: d.id, expectedVersion: 2 } }, { as: api.users.sam }),
    );
    expect(noAppointment.extensions.code).toBe('FORBIDDEN');
    const auditor = onlyError(await api.gql(CREATE, { tenantId, input: base() }, { as: api.users.ines }));
    expect(auditor.extensions.code).toBe('FORBIDDEN');
    const still = await api.gql(GET, { tenantId, id: d.id });
    expect(still.data?.controlledDocument).toMatchObject({ status: 'IN_REVIEW', version: 2 });
  });

  it("keeps another tenant's documents out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const made = await api.gql(
      CREATE,
      {
        tenantId: globex,
        input: base({ docCode: 'GX-01', ownerUserId: api.users.mei.sub, annexAControls: [] }),
      },
      { as: api.users.mei },
    );
    expect(made.errors).toBeUndefined();
    const id = made.data?.createControlledDocument.id;
    expect(onlyError(await api.gql(GET, { tenantId: globex, id })).extensions.code).toBe('FORBIDDEN');
    expect(onlyError(await api.gql(GET, { tenantId, id })).extensions.code).toBe('NOT_FOUND');
    const approve = onlyError(
      await api.gql(APPROVE, { tenantId, input: { id, expectedVersion: 1 } }, { as: api.users.cleo }),
    );
    expect(approve.extensions.code).toBe('NOT_FOUND');
    const register = await api.gql(REGISTER, { tenantId, first: 100 });
    expect(register.data?.documentRegister.edges.map((e: any) => e.node.docCode)).not.toContain('GX-01');
    const own = await api.gql(GET, { tenantId: globex, id }, { as: api.users.mei });
    expect(own.data?.controlledDocument).toMatchObject({ docCode: 'GX-01', version: 1 });
  });
});
