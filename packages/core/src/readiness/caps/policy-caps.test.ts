import { describe, expect, it } from 'vitest';
import { FULL_SECTIONS } from '../../policy/fixtures.test-support';
import { MAX_POLICY_WORDS, type PolicyDocument } from '../../policy/policy';
import { rq09AiPolicy, rq10PolicyCommunication, rq38ConcisePolicies } from './policy-caps';

const policy = (over: Partial<PolicyDocument>): PolicyDocument => ({
  id: 'pol',
  tenantId: 't1',
  kind: 'AI_POLICY',
  versionNumber: 1,
  status: 'APPROVED',
  title: 'AI policy',
  sections: FULL_SECTIONS,
  references: [],
  wordCount: 300,
  reviewIntervalMonths: 12,
  nextReviewOn: '2027-06-01',
  publishedInternallyAt: null,
  externalAvailability: 'ON_REQUEST',
  externalUrl: null,
  approval: null,
  authorIds: [],
  latest: true,
  endedAt: null,
  createdBy: 'u1',
  version: 1,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const today = '2026-11-27';

describe('policy caps (§3.12.2)', () => {
  it('RQ-09 an approved AI policy with every element ⇒ 4; approved with missing elements ⇒ 2; a draft ⇒ 2', () => {
    expect(rq09AiPolicy([policy({})], today)?.cap).toBe(4);
    expect(rq09AiPolicy([policy({ status: 'PUBLISHED' })], today)?.cap).toBe(4);
    const missing = rq09AiPolicy([policy({ sections: FULL_SECTIONS.slice(1) })], today);
    expect(missing).toMatchObject({ cap: 2 });
    expect(missing?.basis).toContain('APPROPRIATE_TO_PURPOSE');
    expect(rq09AiPolicy([policy({ status: 'DRAFT' })], today)).toMatchObject({
      cap: 2,
      basis: 'AI policy drafted, not approved',
    });
    expect(rq09AiPolicy([policy({ kind: 'TOPIC_POLICY' })], today)).toBeNull();
  });

  it('RQ-10 the published AI policy acknowledged by ≥ 80 % with ≥ 1 reference ⇒ 4; short of either ⇒ 2; unpublished ⇒ 1', () => {
    const ref = {
      documentId: null,
      externalName: 'Information security policy',
      relation: 'ALIGNS_WITH' as const,
    };
    const stats = (acknowledged: number, audienceSize: number) => ({
      versionNumber: 1,
      acknowledged,
      audienceSize,
      rate: audienceSize ? acknowledged / audienceSize : null,
    });
    const published = policy({ status: 'PUBLISHED', references: [ref] });
    expect(rq10PolicyCommunication({ hasAiPolicy: true, published, acknowledgements: stats(8, 10) })).toEqual(
      {
        itemId: 'RQ-10',
        cap: 4,
        basis: 'acknowledged by 80 % (8 of 10), 1 reference(s) to other policies',
      },
    );
    expect(
      rq10PolicyCommunication({ hasAiPolicy: true, published, acknowledgements: stats(7, 10) })?.cap,
    ).toBe(2);
    expect(
      rq10PolicyCommunication({
        hasAiPolicy: true,
        published: policy({ status: 'PUBLISHED' }),
        acknowledgements: stats(10, 10),
      })?.cap,
    ).toBe(2);
    expect(
      rq10PolicyCommunication({ hasAiPolicy: true, published, acknowledgements: stats(0, 0) })?.cap,
    ).toBe(2);
    expect(rq10PolicyCommunication({ hasAiPolicy: true, published: null, acknowledgements: null })?.cap).toBe(
      1,
    );
    // Without the audience the rate is unknown: self-declared.
    expect(rq10PolicyCommunication({ hasAiPolicy: true, published, acknowledgements: null })).toBeNull();
    expect(
      rq10PolicyCommunication({ hasAiPolicy: false, published: null, acknowledgements: null }),
    ).toBeNull();
  });

  it('RQ-38 no policy flagged TOO_LONG ⇒ 4; one too long ⇒ 2', () => {
    expect(rq38ConcisePolicies([policy({})], today)?.cap).toBe(4);
    expect(
      rq38ConcisePolicies(
        [policy({}), policy({ kind: 'TOPIC_POLICY', wordCount: MAX_POLICY_WORDS + 1 })],
        today,
      )?.cap,
    ).toBe(2);
    expect(rq38ConcisePolicies([], today)).toBeNull();
  });
});
