import { beforeEach, describe, expect, it } from 'vitest';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { approvePolicy } from './approve-policy';
import { FULL_SECTIONS } from './fixtures.test-support';
import {
  acknowledgePolicy,
  createPolicyDocument,
  createPolicyVersion,
  transitionPolicy,
  updatePolicyDraft,
} from './manage-policies';
import { type PolicyDocument, type PolicyElement, policyCompleteness, wordCountOf } from './policy';
import {
  acknowledgementStats,
  getPolicyDocument,
  policyAudience,
  policyCompletenessOf,
  policyVersions,
  publishedPolicyVersions,
} from './query-policies';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-cleo': 'VIEWER',
  'u-dana': 'AIMS_MANAGER',
  'u-sam': 'AI_SYSTEM_OWNER',
  'u-consultant': 'CONSULTANT',
};
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });
const manager = as('u-manager');
const cleo = as('u-cleo');
const consultant = as('u-consultant');

let store: InMemoryTenantStore;
let now: Date;
let n: number;
const deps = () => ({
  store,
  clock: { now: () => now },
  ids: { next: () => `id-${++n}` },
  memberRole: async (id: string) => roles[id] ?? null,
});

const without = (element: PolicyElement) =>
  FULL_SECTIONS.map((s) => ({ ...s, elements: s.elements.filter((e) => e !== element) }));

async function appointTopManagement(userId: string) {
  const a = await appoint(manager, { kind: 'TOP_MANAGEMENT', userId }, deps());
  await acceptAppointment(as(userId), { id: a.id, expectedVersion: 1 }, deps());
}

async function draft(sections = FULL_SECTIONS, author = manager) {
  return createPolicyDocument(
    author,
    { kind: 'AI_POLICY', title: 'AI policy', sections, externalAvailability: 'ON_REQUEST' },
    deps(),
  );
}

async function inReview(sections = FULL_SECTIONS) {
  const d = await draft(sections);
  return transitionPolicy(
    manager,
    { documentId: d.id, expectedVersion: d.version, status: 'IN_REVIEW' },
    deps(),
  );
}

const approve = (doc: PolicyDocument, scope = cleo) =>
  approvePolicy(
    scope,
    {
      documentId: doc.id,
      expectedVersion: doc.version,
      appropriateToPurposeAttested: true,
      comment: 'Fits us',
    },
    deps(),
  );

async function published() {
  const approved = await approve(await inReview());
  return transitionPolicy(
    manager,
    { documentId: approved.id, expectedVersion: approved.version, status: 'PUBLISHED' },
    deps(),
  );
}

const changes = () => [...store.table.items.values()].filter((i) => i.entity === 'ChangeRecord');

beforeEach(async () => {
  store = new InMemoryTenantStore('t1');
  now = new Date('2026-03-01T10:00:00.000Z');
  n = 0;
  await appointTopManagement('u-cleo');
});

describe('§3.2.1 policy completeness', () => {
  it('§3.2.1 a policy covering every element has nothing missing', () => {
    const c = policyCompleteness(
      {
        kind: 'AI_POLICY',
        sections: FULL_SECTIONS,
        wordCount: wordCountOf(FULL_SECTIONS),
        externalAvailability: 'PUBLIC_URL',
        status: 'DRAFT',
        nextReviewOn: null,
        publishedInternallyAt: null,
      },
      { today: '2026-03-01' },
    );
    expect(c).toEqual({ missing: [], missingPrinciples: [], warnings: [] });
  });

  it('§3.2.1 GUIDING_PRINCIPLES sub-check: each named principle must appear', () => {
    const sections = FULL_SECTIONS.map((s) =>
      s.elements.includes('GUIDING_PRINCIPLES') ? { ...s, body: 'Fairness and transparency.' } : s,
    );
    const c = policyCompleteness(
      {
        kind: 'AI_POLICY',
        sections,
        wordCount: 10,
        externalAvailability: 'ON_REQUEST',
        status: 'DRAFT',
        nextReviewOn: null,
        publishedInternallyAt: null,
      },
      { today: '2026-03-01' },
    );
    expect(c.missing).toEqual(['GUIDING_PRINCIPLES']);
    expect(c.missingPrinciples).toEqual(['ACCOUNTABILITY', 'SAFETY', 'PRIVACY']);
  });

  it('§3.2.1 warnings: TOO_LONG, NOT_AVAILABLE_TO_INTERESTED_PARTIES, REVIEW_OVERDUE, NOT_COMMUNICATED, recommended element', () => {
    const c = policyCompleteness(
      {
        kind: 'AI_POLICY',
        sections: without('DEVIATIONS_AND_EXCEPTIONS'),
        wordCount: 1201,
        externalAvailability: 'NONE',
        status: 'PUBLISHED',
        nextReviewOn: '2026-02-28',
        publishedInternallyAt: '2026-01-30T10:00:00.000Z',
      },
      { today: '2026-03-01', acknowledgementRate: 0.79 },
    );
    expect(c.missing).toEqual([]);
    expect(c.warnings.map((w) => w.code).sort()).toEqual([
      'NOT_AVAILABLE_TO_INTERESTED_PARTIES',
      'NOT_COMMUNICATED',
      'RECOMMENDED_ELEMENT_MISSING',
      'REVIEW_OVERDUE',
      'TOO_LONG',
    ]);
  });

  it('§3.2.1 NOT_COMMUNICATED only 30 days after publication and under 80 %', () => {
    const base = {
      kind: 'AI_POLICY' as const,
      sections: FULL_SECTIONS,
      wordCount: 100,
      externalAvailability: 'ON_REQUEST' as const,
      status: 'PUBLISHED' as const,
      nextReviewOn: '2027-01-01',
      publishedInternallyAt: '2026-02-01T10:00:00.000Z',
    };
    const codes = (today: string, rate: number) =>
      policyCompleteness(base, { today, acknowledgementRate: rate }).warnings.map((w) => w.code);
    expect(codes('2026-03-02', 0.5)).toEqual([]);
    expect(codes('2026-03-03', 0.8)).toEqual([]);
    expect(codes('2026-03-03', 0.5)).toEqual(['NOT_COMMUNICATED']);
  });

  it('§3.2.1 the required-element checklist applies to the AI policy, not to a topic policy', () => {
    const doc = {
      sections: [],
      wordCount: 0,
      externalAvailability: 'ON_REQUEST' as const,
      status: 'DRAFT' as const,
      nextReviewOn: null,
      publishedInternallyAt: null,
    };
    expect(policyCompleteness({ ...doc, kind: 'AI_POLICY' }, { today: '2026-03-01' }).missing).toHaveLength(
      7,
    );
    expect(policyCompleteness({ ...doc, kind: 'TOPIC_POLICY' }, { today: '2026-03-01' })).toEqual({
      missing: [],
      missingPrinciples: [],
      warnings: [],
    });
  });

  it('§3.2.1 wordCount counts the words of headings and bodies', () => {
    expect(wordCountOf([{ heading: 'Our AI', body: "We don't guess: 42 checks, end-to-end." }])).toBe(8);
  });
});

describe('§3.2.1 policy lifecycle and approval', () => {
  it('§3.2.1 a draft is created with its word count and a CREATED change record', async () => {
    const d = await draft();
    expect(d).toMatchObject({
      status: 'DRAFT',
      versionNumber: 1,
      version: 1,
      authorIds: ['u-manager'],
      latest: true,
    });
    expect(d.wordCount).toBe(wordCountOf(FULL_SECTIONS));
    expect(changes()).toHaveLength(3); // two for the appointment, one for the policy
  });

  it('§3.2.1 a policy without OBJECTIVES_FRAMEWORK cannot be approved (CONFLICT with the missing codes)', async () => {
    const doc = await inReview(without('OBJECTIVES_FRAMEWORK'));
    const error = await approve(doc).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.extensions).toMatchObject({ reason: 'INVALID_STATE', missing: ['OBJECTIVES_FRAMEWORK'] });
    expect((await getPolicyDocument(cleo, doc.id, null, deps())).status).toBe('IN_REVIEW');
  });

  it('§3.2.1 the approver cannot be the author (an editor is an author too)', async () => {
    await appointTopManagement('u-dana');
    const d = await draft();
    const edited = await updatePolicyDraft(
      as('u-dana'),
      { documentId: d.id, expectedVersion: d.version, title: 'AI policy of the group' },
      deps(),
    );
    const doc = await transitionPolicy(
      manager,
      { documentId: d.id, expectedVersion: edited.version, status: 'IN_REVIEW' },
      deps(),
    );
    await expect(approve(doc, as('u-dana'))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approve(doc)).resolves.toMatchObject({ status: 'APPROVED' });
  });

  it('§3.2.1 a consultant cannot approve', async () => {
    const doc = await inReview();
    await expect(approve(doc, consultant)).rejects.toThrow(/consultant/);
  });

  it('§3.2.1 approval needs an accepted TOP_MANAGEMENT appointment', async () => {
    const doc = await inReview();
    await expect(approve(doc, as('u-sam'))).rejects.toThrow(/TOP_MANAGEMENT/);
    await appoint(manager, { kind: 'TOP_MANAGEMENT', userId: 'u-sam' }, deps()); // not accepted yet
    await expect(approve(doc, as('u-sam'))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('§3.2.1 the approver attests APPROPRIATE_TO_PURPOSE; the Approval record and next review are kept', async () => {
    const doc = await inReview();
    const refused = await approvePolicy(
      cleo,
      { documentId: doc.id, expectedVersion: doc.version, appropriateToPurposeAttested: false },
      deps(),
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fieldErrors[0].path).toEqual(['input', 'appropriateToPurposeAttested']);
    const approved = await approve(doc);
    expect(approved.approval).toEqual({
      by: 'u-cleo',
      role: 'TOP_MANAGEMENT',
      at: now.toISOString(),
      comment: 'Fits us',
      appropriateToPurposeAttested: true,
    });
    expect(approved.nextReviewOn).toBe('2027-03-01');
  });

  it('§3.2.1 approving a DRAFT (not IN_REVIEW) is CONFLICT INVALID_STATE', async () => {
    const d = await draft();
    await expect(approve(d)).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
  });

  it('§3.2.1 editing only in DRAFT; a stale expectedVersion is CONFLICT VERSION_MISMATCH', async () => {
    const doc = await inReview();
    await expect(
      updatePolicyDraft(manager, { documentId: doc.id, expectedVersion: doc.version, title: 'X' }, deps()),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    await expect(
      updatePolicyDraft(manager, { documentId: doc.id, expectedVersion: 1, title: 'X' }, deps()),
    ).rejects.toMatchObject({ extensions: { reason: 'VERSION_MISMATCH' } });
  });

  it('§3.2.1 a new version starts from the previous one; publishing it supersedes the previous', async () => {
    const v1 = await published();
    expect(v1).toMatchObject({ status: 'PUBLISHED', publishedInternallyAt: now.toISOString() });
    now = new Date('2026-06-01T10:00:00.000Z');
    const v2 = await createPolicyVersion(manager, { documentId: v1.id, expectedVersion: v1.version }, deps());
    expect(v2).toMatchObject({
      versionNumber: 2,
      status: 'DRAFT',
      sections: v1.sections,
      approval: null,
      version: v1.version + 1,
    });
    const review = await transitionPolicy(
      manager,
      { documentId: v1.id, expectedVersion: v2.version, status: 'IN_REVIEW' },
      deps(),
    );
    const approved = await approve(review);
    const pub = await transitionPolicy(
      manager,
      { documentId: v1.id, expectedVersion: approved.version, status: 'PUBLISHED' },
      deps(),
    );
    const versions = await policyVersions(cleo, v1.id, deps());
    expect(versions.map((v) => [v.versionNumber, v.status, v.latest])).toEqual([
      [2, 'PUBLISHED', true],
      [1, 'SUPERSEDED', false],
    ]);
    expect(versions[1]?.endedAt).toBe(now.toISOString());
    expect((await publishedPolicyVersions(store)).map((p) => p.versionNumber)).toEqual([pub.versionNumber]);
  });

  it('§3.2.1 illegal moves are CONFLICT INVALID_STATE (DRAFT → PUBLISHED, new version of a draft)', async () => {
    const d = await draft();
    await expect(
      transitionPolicy(
        manager,
        { documentId: d.id, expectedVersion: d.version, status: 'PUBLISHED' },
        deps(),
      ),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    await expect(
      createPolicyVersion(manager, { documentId: d.id, expectedVersion: d.version }, deps()),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
  });

  it('§3.2.1 a draft edited to PUBLIC_URL needs the URL (BAD_USER_INPUT at input.externalUrl)', async () => {
    const d = await draft();
    const error = await updatePolicyDraft(
      manager,
      { documentId: d.id, expectedVersion: d.version, externalUrl: 'https://acme.example/ai-policy' },
      deps(),
    ).catch((e) => e);
    expect(error.fieldErrors[0].path).toEqual(['input', 'externalUrl']);
    await expect(
      updatePolicyDraft(
        manager,
        {
          documentId: d.id,
          expectedVersion: d.version,
          externalAvailability: 'PUBLIC_URL',
          externalUrl: 'https://acme.example/ai-policy',
        },
        deps(),
      ),
    ).resolves.toMatchObject({
      externalAvailability: 'PUBLIC_URL',
      externalUrl: 'https://acme.example/ai-policy',
    });
  });

  it('§3.2.1 bad input: PUBLIC_URL without a URL, reference without target → field paths, nothing written', async () => {
    const before = store.table.items.size;
    const error = await createPolicyDocument(
      manager,
      {
        kind: 'AI_POLICY',
        title: 'AI policy',
        externalAvailability: 'PUBLIC_URL',
        references: [{ relation: 'ALIGNS_WITH' }],
      },
      deps(),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors.map((f: { path: unknown }) => f.path)).toEqual(
      expect.arrayContaining([
        ['input', 'externalUrl'],
        ['input', 'references', 0, 'documentId'],
      ]),
    );
    expect(store.table.items.size).toBe(before);
  });
});

describe('§3.2.1 acknowledgements', () => {
  it('§3.2.1 a member acknowledges the published version once (idempotent); rate = acks / audience', async () => {
    const pub = await published();
    const input = { documentId: pub.id, versionNumber: 1 };
    const first = await acknowledgePolicy(as('u-sam'), input, deps());
    now = new Date('2026-03-02T10:00:00.000Z');
    const again = await acknowledgePolicy(as('u-sam'), input, deps());
    expect(again).toEqual(first);
    await acknowledgePolicy(consultant, input, deps());
    const audience = async () => ['u-manager', 'u-cleo', 'u-dana', 'u-sam'];
    expect(await acknowledgementStats(store, pub, audience)).toEqual({
      versionNumber: 1,
      acknowledged: 1,
      audienceSize: 4,
      rate: 0.25,
    });
    now = new Date('2026-04-01T10:00:00.000Z');
    const c = await policyCompletenessOf(cleo, pub, { ...deps(), audience });
    expect(c.warnings.map((w) => w.code)).toContain('NOT_COMMUNICATED');
  });

  it('§3.2.1 the default audience is every member but consultants, read page by page', async () => {
    const members = ['u-manager', 'u-consultant', 'u-sam', 'u-cleo'].map((userId) => ({
      userId,
      tenantId: 't1',
      role: roles[userId] ?? 'VIEWER',
      createdAt: '2026-01-01T00:00:00.000Z',
    }));
    const pages: number[] = [];
    const audience = await policyAudience(async (page) => {
      const start = Number(page.startKey?.i ?? 0);
      pages.push(start);
      const slice = members.slice(start, start + 2);
      return {
        entries: slice.map((item, k) => ({ item, key: { i: start + k + 1 } })),
        hasMore: start + 2 < members.length,
      };
    });
    expect(audience).toEqual(['u-manager', 'u-sam', 'u-cleo']);
    expect(pages).toEqual([0, 2]);
  });

  it('§3.2.1 only the published version is acknowledged', async () => {
    const d = await draft();
    await expect(
      acknowledgePolicy(as('u-sam'), { documentId: d.id, versionNumber: 1 }, deps()),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
  });
});
