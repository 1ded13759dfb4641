// The AIMS scope statement (4.3, §3.1): which AI systems, processes, units and
// places the AIMS covers, what it leaves out and why, and what it depends on
// outside itself. Versioned as numbered editions: a DRAFT is written, put
// IN_REVIEW, and APPROVED by top management; approving one SUPERSEDES the last.
import * as z from 'zod';
import type { AppointmentKind } from '../governance/appointment';
import type { AiSystem } from '../inventory/ai-system';
import { ConflictError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';
import { MIN_REASON } from './interested-party';

export const SCOPE_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SUPERSEDED'] as const;
export type ScopeStatus = (typeof SCOPE_STATUSES)[number];

/** APPROVED is reached only through approval; SUPERSEDED only when a later edition is approved. */
export const SCOPE_TRANSITIONS: Readonly<Record<ScopeStatus, readonly ScopeStatus[]>> = {
  DRAFT: ['IN_REVIEW'],
  IN_REVIEW: ['DRAFT', 'APPROVED'],
  APPROVED: ['SUPERSEDED'],
  SUPERSEDED: [],
};

/** 4.3 is top management's decision: the appointment that may approve a scope. */
export const SCOPE_APPROVER_KINDS: readonly AppointmentKind[] = ['TOP_MANAGEMENT'];

export interface ScopeInScope {
  aiSystemIds: string[];
  processes: string[];
  orgUnits: string[];
  locations: string[];
}

export interface ScopeExclusion {
  what: string;
  /** The AI system excluded, when the exclusion is one (it then counts as covered by the decision). */
  aiSystemId: string | null;
  justification: string;
}

export interface ScopeInterface {
  party: string;
  description: string;
}

export interface ScopeApproval {
  by: string;
  role: AppointmentKind;
  at: string;
  comment: string | null;
}

export interface ScopeStatement {
  id: string;
  tenantId: string;
  /** Edition number, 1 for the first scope written. */
  number: number;
  text: string;
  inScope: ScopeInScope;
  exclusions: ScopeExclusion[];
  interfacesAndDependencies: ScopeInterface[];
  status: ScopeStatus;
  /** Everyone who wrote or edited this edition: none of them may approve it. */
  authorIds: string[];
  approval: ScopeApproval | null;
  supersededAt: string | null;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Bookkeeping of the editions: the next number, the one open draft, the approved one. */
export interface ScopeHead {
  lastNumber: number;
  openId: string | null;
  approvedId: string | null;
  version: number;
}

const nonEmpty = <T extends z.ZodString>(s: T) => s.min(1, 'must not be empty');
const id = z.string().trim().min(1, 'must not be empty').max(100);
const labels = z.array(nonEmpty(singleLine(200))).max(100, 'at most 100 entries');

const contentFields = {
  text: nonEmpty(multiLine(8000)),
  inScope: z.object({
    aiSystemIds: z.array(id).max(200, 'at most 200 AI systems').nullish(),
    processes: labels.nullish(),
    orgUnits: labels.nullish(),
    locations: labels.nullish(),
  }),
  exclusions: z
    .array(
      z.object({
        what: nonEmpty(singleLine(300)),
        aiSystemId: id.nullish(),
        justification: multiLine(2000).pipe(z.string().min(MIN_REASON, `at least ${MIN_REASON} characters`)),
      }),
    )
    .max(100, 'at most 100 exclusions'),
  interfacesAndDependencies: z
    .array(z.object({ party: nonEmpty(singleLine(200)), description: nonEmpty(multiLine(2000)) }))
    .max(50, 'at most 50 entries'),
};

/** Fields left out start from the approved edition, if any (a new edition starts from the last). */
export const createScopeStatementInput = z.object({
  text: contentFields.text.optional(),
  inScope: contentFields.inScope.optional(),
  exclusions: contentFields.exclusions.optional(),
  interfacesAndDependencies: contentFields.interfacesAndDependencies.optional(),
});
export type CreateScopeStatementInput = z.infer<typeof createScopeStatementInput>;

export const updateScopeStatementInput = createScopeStatementInput.extend({
  id,
  expectedVersion: z.number().int(),
});
export type UpdateScopeStatementInput = z.infer<typeof updateScopeStatementInput>;

export const transitionScopeStatementInput = z.object({
  id,
  expectedVersion: z.number().int(),
  status: z.enum(SCOPE_STATUSES),
});

export const approveScopeStatementInput = z.object({
  id,
  expectedVersion: z.number().int(),
  comment: multiLine(2000).nullish(),
});

export const normaliseInScope = (s: z.infer<typeof contentFields.inScope>): ScopeInScope => ({
  aiSystemIds: [...new Set(s.aiSystemIds ?? [])],
  processes: [...new Set(s.processes ?? [])],
  orgUnits: [...new Set(s.orgUnits ?? [])],
  locations: [...new Set(s.locations ?? [])],
});

export const normaliseExclusions = (list: z.infer<typeof contentFields.exclusions>): ScopeExclusion[] =>
  list.map((e) => ({ what: e.what, aiSystemId: e.aiSystemId ?? null, justification: e.justification }));

/** CONFLICT INVALID_STATE unless the machine allows `from → to`. */
export function assertScopeTransition(s: Pick<ScopeStatement, 'id' | 'number' | 'status'>, to: ScopeStatus) {
  if (SCOPE_TRANSITIONS[s.status].includes(to)) return;
  throw new ConflictError(
    `scope statement ${s.number} is ${s.status} and cannot move to ${to}; allowed: ${
      SCOPE_TRANSITIONS[s.status].join(', ') || 'none (final)'
    }`,
    'INVALID_STATE',
  );
}

/** Only a DRAFT is edited: an edition in review or approved is the record of what was decided. */
export function assertEditable(s: Pick<ScopeStatement, 'number' | 'status'>) {
  if (s.status !== 'DRAFT') {
    throw new ConflictError(
      `scope statement ${s.number} is ${s.status}: only a DRAFT is edited (return it to DRAFT or start a new edition)`,
      'INVALID_STATE',
    );
  }
}

/** Whether the scope decides about a system: in scope, or named by an exclusion. */
export function coversSystem(
  scope: Pick<ScopeStatement, 'inScope' | 'exclusions'>,
  systemId: string,
): boolean {
  return (
    scope.inScope.aiSystemIds.includes(systemId) || scope.exclusions.some((e) => e.aiSystemId === systemId)
  );
}

/**
 * Systems the scope leaves undecided (§3.1): every system not DECOMMISSIONED
 * must be in scope or named in an exclusion. With no scope, every such system.
 */
export function undecidedSystems<S extends Pick<AiSystem, 'id' | 'lifecycleStage'>>(
  scope: Pick<ScopeStatement, 'inScope' | 'exclusions'> | null,
  systems: readonly S[],
): S[] {
  return systems.filter(
    (s) => s.lifecycleStage !== 'DECOMMISSIONED' && !(scope && coversSystem(scope, s.id)),
  );
}

/** AiSystem.inScope: null without an approved scope, else whether the approved scope lists the system. */
export function inApprovedScope(approved: Pick<ScopeStatement, 'inScope'> | null, systemId: string) {
  return approved ? approved.inScope.aiSystemIds.includes(systemId) : null;
}
