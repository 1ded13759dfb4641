// How the context of the organisation is stored: issues by origin and
// category, parties by type, the tenant's context profile (one item), scope
// editions by number and the head that numbers them and points at the
// approved one (how AiSystem.inScope is answered with two reads per request).
import * as z from 'zod';
import { defineAggregate, padded } from '../shared/store';
import {
  type ContextIssue,
  ISSUE_CATEGORIES,
  ISSUE_ORIGINS,
  ISSUE_STATUSES,
  isLiveIssue,
} from './context-issue';
import { type ContextProfile, ORGANISATION_AI_ROLES } from './context-profile';
import { GUIDE_PARTY_TYPES, type InterestedParty, PARTY_TYPES, REQUIREMENT_BASES } from './interested-party';
import { SCOPE_STATUSES, type ScopeHead, type ScopeStatement } from './scope-statement';

/** Live issues (prefix `L#`) before retired ones (`R#`), then most relevant first. */
export const issueSort = (i: Pick<ContextIssue, 'status' | 'relevance' | 'id'>) =>
  `${isLiveIssue(i) ? 'L' : 'R'}#${5 - i.relevance}#${i.id}`;
export const LIVE_ISSUES = 'L#';

export const contextIssueSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  origin: z.enum(ISSUE_ORIGINS),
  category: z.enum(ISSUE_CATEGORIES),
  relevance: z.number(),
  implicationsForScope: z.string().nullable(),
  implicationsForRisk: z.string().nullable(),
  linkedRiskIds: z.array(z.string()),
  linkedOpportunityIds: z.array(z.string()),
  aiSystemIds: z.array(z.string()),
  status: z.enum(ISSUE_STATUSES),
  reviewOn: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ContextIssue>;

export const ContextIssues = defineAggregate({
  name: 'ContextIssue',
  schema: contextIssueSchema as z.ZodType<ContextIssue>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CTXISSUE', k.id], sort: '#META' }),
  keyOf: (i: ContextIssue) => ({ id: i.id }),
  describes: 'context issue by id',
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['CTXISSUE'],
      params: () => ({}),
      sort: issueSort,
      describes: 'context issues (4.1), live first (prefix L#), most relevant first',
    },
    byOrigin: {
      index: 'GSI2',
      partition: (p: { origin: string }) => ['CTXISSUE', 'ORIGIN', p.origin],
      params: (i: ContextIssue) => ({ origin: i.origin }),
      sort: issueSort,
      describes: 'internal or external issues, live first, most relevant first',
    },
    byCategory: {
      index: 'GSI3',
      partition: (p: { category: string }) => ['CTXISSUE', 'CAT', p.category],
      params: (i: ContextIssue) => ({ category: i.category }),
      sort: issueSort,
      describes: 'issues of one category, live first, most relevant first',
    },
    byOriginAndCategory: {
      index: 'GSI4',
      partition: (p: { origin: string; category: string }) => [
        'CTXISSUE',
        'ORIGIN',
        p.origin,
        'CAT',
        p.category,
      ],
      params: (i: ContextIssue) => ({ origin: i.origin, category: i.category }),
      sort: issueSort,
      describes: 'issues of one origin and category (e.g. external regulatory), live first',
    },
  },
});

const partySort = (p: Pick<InterestedParty, 'name' | 'id'>) =>
  `${p.name.trim().toLowerCase().slice(0, 100)}#${p.id}`;

export const interestedPartySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  type: z.enum(PARTY_TYPES),
  description: z.string().nullable(),
  requirements: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      basis: z.enum(REQUIREMENT_BASES),
      addressedByAims: z.boolean().nullable(),
      howAddressed: z
        .object({
          controlRefs: z.array(z.string()),
          processRefs: z.array(z.string()),
          documentIds: z.array(z.string()),
        })
        .nullable(),
      notAddressedReason: z.string().nullable(),
    }),
  ),
  aiSystemIds: z.array(z.string()),
  lastReviewedOn: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<InterestedParty>;

export const InterestedParties = defineAggregate({
  name: 'InterestedParty',
  schema: interestedPartySchema as z.ZodType<InterestedParty>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CTXPARTY', k.id], sort: '#META' }),
  keyOf: (p: InterestedParty) => ({ id: p.id }),
  describes: 'interested party by id',
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['CTXPARTY'],
      params: () => ({}),
      sort: partySort,
      describes: 'interested parties (4.2), by name',
    },
    byType: {
      index: 'GSI2',
      partition: (p: { type: string }) => ['CTXPARTY', 'TYPE', p.type],
      params: (p: InterestedParty) => ({ type: p.type }),
      sort: partySort,
      describes: 'interested parties of one type, by name',
    },
  },
});

export const contextProfileSchema = z.object({
  tenantId: z.string(),
  organisationAiRoles: z.array(
    z.object({ role: z.enum(ORGANISATION_AI_ROLES), description: z.string().nullable() }),
  ),
  partyTypesNotRelevant: z.array(
    z.object({
      type: z.enum(GUIDE_PARTY_TYPES as [string, ...string[]]),
      reason: z.string(),
      recordedBy: z.string(),
      recordedAt: z.string(),
    }),
  ),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ContextProfiles = defineAggregate({
  name: 'ContextProfile',
  schema: contextProfileSchema as unknown as z.ZodType<ContextProfile>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['CTXPROFILE'], sort: '#META' }),
  keyOf: (_: ContextProfile) => ({}),
  entityId: () => 'profile',
  describes: "the tenant's context profile (organisation AI roles, party types not relevant): one item",
  patterns: {},
});

const statementSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  number: z.number(),
  text: z.string(),
  inScope: z.object({
    aiSystemIds: z.array(z.string()),
    processes: z.array(z.string()),
    orgUnits: z.array(z.string()),
    locations: z.array(z.string()),
  }),
  exclusions: z.array(
    z.object({ what: z.string(), aiSystemId: z.string().nullable(), justification: z.string() }),
  ),
  interfacesAndDependencies: z.array(z.object({ party: z.string(), description: z.string() })),
  status: z.enum(SCOPE_STATUSES),
  authorIds: z.array(z.string()),
  approval: z
    .object({ by: z.string(), role: z.string(), at: z.string(), comment: z.string().nullable() })
    .nullable(),
  supersededAt: z.string().nullable(),
  createdBy: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ScopeStatements = defineAggregate({
  name: 'ScopeStatement',
  schema: statementSchema as unknown as z.ZodType<ScopeStatement>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['SCOPE', k.id], sort: '#META' }),
  keyOf: (s: ScopeStatement) => ({ id: s.id }),
  describes: 'scope statement edition by id',
  patterns: {
    editions: {
      index: 'GSI1',
      partition: () => ['SCOPE'],
      params: () => ({}),
      sort: (s: ScopeStatement) => padded(s.number),
      describes: 'scope statement editions by number (descending: newest first)',
    },
  },
});

export const ScopeHeads = defineAggregate({
  name: 'ScopeHead',
  schema: z.object({
    lastNumber: z.number(),
    openId: z.string().nullable(),
    approvedId: z.string().nullable(),
    version: z.number(),
  }) as z.ZodType<ScopeHead>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['SCOPEHEAD'], sort: '#META' }),
  keyOf: (_: ScopeHead) => ({}),
  entityId: () => 'scope-head',
  describes: 'scope head: last edition number, the open draft, the approved edition (one item)',
  patterns: {},
});
