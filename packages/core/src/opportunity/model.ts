// How the opportunity register is stored: opportunities by priority and by
// status, their actions by due date (the 6.1.1 view), and one link item per
// AI system so a system's opportunities are a key read, as for risks.
import * as z from 'zod';
import { defineAggregate, padded } from '../shared/store';
import { type AiOpportunity, OPPORTUNITY_STATUSES } from './opportunity';

/** Highest priority (at most 25) first, then id, as a string order. */
export const prioritySort = (priority: number, id: string) => `${padded(100 - priority, 3)}#${id}`;

export const opportunitySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  sourceIssueId: z.string().nullable(),
  aiSystemIds: z.array(z.string()),
  benefit: z.number(),
  feasibility: z.number(),
  priority: z.number(),
  action: z.object({ plan: z.string(), ownerId: z.string(), dueOn: z.string() }).nullable(),
  status: z.enum(OPPORTUNITY_STATUSES),
  evaluation: z
    .object({ result: z.string(), effective: z.boolean(), evaluatedOn: z.string(), evaluatedBy: z.string() })
    .nullable(),
  rejection: z.object({ reason: z.string(), rejectedBy: z.string(), rejectedAt: z.string() }).nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<AiOpportunity>;

const registerOrder = (o: AiOpportunity) => prioritySort(o.priority, o.id);

export const AiOpportunities = defineAggregate({
  name: 'AiOpportunity',
  schema: opportunitySchema as z.ZodType<AiOpportunity>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['OPP', k.id], sort: '#META' }),
  keyOf: (o: AiOpportunity) => ({ id: o.id }),
  describes: 'AI opportunity by id (GetItem; BatchGetItem behind the system links)',
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['OPP'],
      params: () => ({}),
      sort: registerOrder,
      describes: 'opportunity register, highest priority (benefit × feasibility) first',
    },
    byStatus: {
      index: 'GSI2',
      partition: (p: { status: string }) => ['OPP', 'STATUS', p.status],
      params: (o: AiOpportunity) => ({ status: o.status }),
      sort: registerOrder,
      describes: 'opportunities by status, highest priority first',
    },
    actions: {
      index: 'GSI3',
      partition: () => ['OPP', 'ACTION'],
      params: (o: AiOpportunity) => (o.action ? {} : null),
      sort: (o: AiOpportunity) => `${o.action?.dueOn ?? ''}#${o.id}`,
      describes: 'sparse: opportunities with an action, earliest due first (6.1.1 actions view)',
    },
  },
});

export interface OpportunitySystemLink {
  opportunityId: string;
  aiSystemId: string;
  priority: number;
}

const linkSort = (l: OpportunitySystemLink) => `${l.aiSystemId}#${prioritySort(l.priority, l.opportunityId)}`;

export const OpportunitySystemLinks = defineAggregate({
  name: 'OpportunitySystemLink',
  schema: z.object({
    opportunityId: z.string(),
    aiSystemId: z.string(),
    priority: z.number(),
  }) as z.ZodType<OpportunitySystemLink>,
  schemaVersion: 1,
  key: (k: OpportunitySystemLink) => ({ partition: ['LINK', 'OPP-SYSTEM'], sort: linkSort(k) }),
  keyOf: (l: OpportunitySystemLink) => l,
  describes: 'opportunity ↔ AI system link',
  patterns: {
    bySystem: {
      index: 'TABLE',
      partition: () => ['LINK', 'OPP-SYSTEM'],
      params: () => ({}),
      sort: linkSort,
      describes: "a system's opportunities by priority (begins_with <systemId>#), then BatchGet",
    },
  },
});

/** Link deletes and puts that take the links of `before` to those of `after`. */
export function systemLinkDiff(before: AiOpportunity | null, after: AiOpportunity) {
  const links = (o: AiOpportunity | null) =>
    new Map(
      (o?.aiSystemIds ?? []).map((aiSystemId) => {
        const l = { opportunityId: o?.id ?? '', aiSystemId, priority: o?.priority ?? 0 };
        return [linkSort(l), l] as const;
      }),
    );
  const was = links(before);
  const is = links(after);
  return {
    removed: [...was].filter(([k]) => !is.has(k)).map(([, l]) => l),
    added: [...is].filter(([k]) => !was.has(k)).map(([, l]) => l),
  };
}
