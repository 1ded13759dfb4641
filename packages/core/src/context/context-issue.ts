// Internal and external issues (ISO/IEC 42001 4.1, §3.1): the guide's context
// analysis matrix — each issue internal or external, categorised, rated for
// relevance to the AIMS, with what it implies for scope and risk.
import * as z from 'zod';
import { multiLine, singleLine } from '../shared/validation';

export const ISSUE_ORIGINS = ['INTERNAL', 'EXTERNAL'] as const;
export type IssueOrigin = (typeof ISSUE_ORIGINS)[number];

export const ISSUE_CATEGORIES = [
  'REGULATORY',
  'LEGAL',
  'MARKET',
  'TECHNOLOGY',
  'SOCIETAL',
  'ETHICAL',
  'ENVIRONMENTAL',
  'AI_MATURITY',
  'CAPABILITY',
  'CULTURE',
  'GOVERNANCE',
  'STRATEGY',
  'FINANCIAL',
  'OTHER',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const ISSUE_STATUSES = ['ACTIVE', 'MONITORING', 'RETIRED'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export interface ContextIssue {
  id: string;
  tenantId: string;
  title: string;
  description: string | null;
  origin: IssueOrigin;
  category: IssueCategory;
  /** 1 (marginal) to 5 (decisive) for the AIMS's intended outcomes. */
  relevance: number;
  implicationsForScope: string | null;
  implicationsForRisk: string | null;
  linkedRiskIds: string[];
  linkedOpportunityIds: string[];
  /** AI systems the issue is about (how third-party AI shows up in the context, guide mistake #3). */
  aiSystemIds: string[];
  status: IssueStatus;
  /** When the issue is next looked at again (YYYY-MM-DD). */
  reviewOn: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const MAX_ISSUE_LINKS = 50;

export const date = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
export const refId = z.string().trim().min(1, 'must not be empty').max(100);
export const refIds = (max: number) => z.array(refId).max(max, `at most ${max} entries`);
const nonEmpty = <T extends z.ZodString>(s: T) => s.min(1, 'must not be empty');
const relevance = z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');

export const createContextIssueInput = z.object({
  title: nonEmpty(singleLine(200)),
  description: multiLine(4000).nullish(),
  origin: z.enum(ISSUE_ORIGINS),
  category: z.enum(ISSUE_CATEGORIES),
  relevance,
  implicationsForScope: multiLine(2000).nullish(),
  implicationsForRisk: multiLine(2000).nullish(),
  linkedRiskIds: refIds(MAX_ISSUE_LINKS).nullish(),
  linkedOpportunityIds: refIds(MAX_ISSUE_LINKS).nullish(),
  aiSystemIds: refIds(MAX_ISSUE_LINKS).nullish(),
  status: z.enum(ISSUE_STATUSES).nullish(),
  reviewOn: date,
});
export type CreateContextIssueInput = z.infer<typeof createContextIssueInput>;

export const updateContextIssueInput = z.object({
  id: refId,
  expectedVersion: z.number().int(),
  title: nonEmpty(singleLine(200)).optional(),
  description: multiLine(4000).nullish(),
  origin: z.enum(ISSUE_ORIGINS).optional(),
  category: z.enum(ISSUE_CATEGORIES).optional(),
  relevance: relevance.optional(),
  implicationsForScope: multiLine(2000).nullish(),
  implicationsForRisk: multiLine(2000).nullish(),
  linkedRiskIds: refIds(MAX_ISSUE_LINKS).optional(),
  linkedOpportunityIds: refIds(MAX_ISSUE_LINKS).optional(),
  aiSystemIds: refIds(MAX_ISSUE_LINKS).optional(),
  status: z.enum(ISSUE_STATUSES).optional(),
  reviewOn: date.optional(),
});
export type UpdateContextIssueInput = z.infer<typeof updateContextIssueInput>;

/** A live issue is one still considered (ACTIVE or MONITORING); RETIRED ones stay as a record. */
export const isLiveIssue = (i: Pick<ContextIssue, 'status'>) => i.status !== 'RETIRED';
