// How re-assessment requests are stored: the request, and a guard item per
// (system, scope) that exists while one is open, so there is never a second.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import {
  REASSESSMENT_SCOPES,
  REASSESSMENT_STATUSES,
  type ReassessmentRequest,
  SIGNIFICANT_CHANGES,
} from './reassessment-request';

const requestSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  aiSystemId: z.string(),
  scope: z.enum(REASSESSMENT_SCOPES),
  status: z.enum(REASSESSMENT_STATUSES),
  triggers: z.array(
    z.object({
      changes: z.array(z.enum(SIGNIFICANT_CHANGES)),
      systemVersion: z.number(),
      changedBy: z.string(),
      changedAt: z.string(),
    }),
  ),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  resolvedByAssessmentId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ReassessmentRequest>;

const newestFirst = (r: ReassessmentRequest) => `${r.createdAt}#${r.id}`;

export const ReassessmentRequests = defineAggregate({
  name: 'ReassessmentRequest',
  schema: requestSchema as z.ZodType<ReassessmentRequest>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['REASSESS', k.id], sort: '#META' }),
  keyOf: (r: ReassessmentRequest) => ({ id: r.id }),
  describes: 're-assessment request by id',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['REASSESS', 'ALL'],
      params: () => ({}),
      sort: newestFirst,
      describes: "the tenant's re-assessment requests by creation time",
    },
    byStatus: {
      index: 'GSI2',
      partition: (p: { status: string }) => ['REASSESS', 'STATUS', p.status],
      params: (r: ReassessmentRequest) => ({ status: r.status }),
      sort: newestFirst,
      describes: 're-assessment requests by status (OPEN / RESOLVED), by creation time',
    },
    bySystem: {
      index: 'GSI3',
      partition: (p: { aiSystemId: string }) => ['REASSESS', 'SYS', p.aiSystemId],
      params: (r: ReassessmentRequest) => ({ aiSystemId: r.aiSystemId }),
      sort: newestFirst,
      describes: "an AI system's re-assessment requests, by creation time",
    },
  },
});

export interface OpenReassessment {
  aiSystemId: string;
  scope: string;
  requestId: string;
}

/** Exists while the (system, scope) request is open: created 'absent', deleted on resolution. */
export const OpenReassessments = defineAggregate({
  name: 'OpenReassessment',
  schema: z.object({
    aiSystemId: z.string(),
    scope: z.string(),
    requestId: z.string(),
  }) as z.ZodType<OpenReassessment>,
  schemaVersion: 1,
  key: (k: { aiSystemId: string; scope: string }) => ({
    partition: ['AISYS', k.aiSystemId],
    sort: `REASSESS#${k.scope}`,
  }),
  keyOf: (g: OpenReassessment) => ({ aiSystemId: g.aiSystemId, scope: g.scope }),
  describes: 'the open re-assessment request of a (system, scope), at most one',
  patterns: {},
});
