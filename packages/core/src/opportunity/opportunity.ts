// AI opportunities (ISO/IEC 42001 6.1.1, R9): what AI could do better for the
// organisation, rated by benefit and feasibility, addressed by a planned action
// whose result is evaluated. Kept as a register of its own beside the risks.
import * as z from 'zod';
import { ConflictError, type FieldError, ValidationError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';

export const OPPORTUNITY_STATUSES = ['IDENTIFIED', 'PLANNED', 'IN_PROGRESS', 'REALISED', 'REJECTED'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/**
 * The state machine. REALISED and REJECTED are terminal: the record stays as
 * documented information (6.1.1) and is never changed again.
 */
export const OPPORTUNITY_TRANSITIONS: Readonly<Record<OpportunityStatus, readonly OpportunityStatus[]>> = {
  IDENTIFIED: ['PLANNED', 'REJECTED'],
  PLANNED: ['IN_PROGRESS', 'IDENTIFIED', 'REJECTED'],
  IN_PROGRESS: ['REALISED', 'REJECTED'],
  REALISED: [],
  REJECTED: [],
};

export const isTerminal = (s: OpportunityStatus) => OPPORTUNITY_TRANSITIONS[s].length === 0;

export const MAX_OPPORTUNITY_SYSTEMS = 25;

export interface OpportunityAction {
  plan: string;
  /** An internal member: a consultant never owns the organisation's action. */
  ownerId: string;
  dueOn: string;
}

/** How the result of the action was evaluated (6.1.1: the effectiveness of actions). */
export interface OpportunityEvaluation {
  result: string;
  /** Whether the action achieved the benefit expected. */
  effective: boolean;
  evaluatedOn: string;
  evaluatedBy: string;
}

export interface OpportunityRejection {
  reason: string;
  rejectedBy: string;
  rejectedAt: string;
}

export interface AiOpportunity {
  id: string;
  tenantId: string;
  title: string;
  description: string | null;
  /** A context issue (4.1) the opportunity came from; a free reference until issues are an entity. */
  sourceIssueId: string | null;
  aiSystemIds: string[];
  benefit: number;
  feasibility: number;
  /** benefit × feasibility, derived on every write. */
  priority: number;
  action: OpportunityAction | null;
  status: OpportunityStatus;
  evaluation: OpportunityEvaluation | null;
  rejection: OpportunityRejection | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const priorityOf = (o: Pick<AiOpportunity, 'benefit' | 'feasibility'>) => o.benefit * o.feasibility;

const rating = z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const id = z.string().trim().min(1, 'must not be empty').max(100);
const nonEmpty = <T extends z.ZodString>(s: T) => s.min(1, 'must not be empty');

export const actionInput = z.object({
  plan: nonEmpty(multiLine(4000)),
  ownerId: id,
  dueOn: date,
});

const systemIds = z.array(id).max(MAX_OPPORTUNITY_SYSTEMS, `at most ${MAX_OPPORTUNITY_SYSTEMS} AI systems`);

export const createOpportunityInput = z.object({
  title: nonEmpty(singleLine(200)),
  description: multiLine(4000).nullish(),
  sourceIssueId: id.nullish(),
  aiSystemIds: systemIds.nullish(),
  benefit: rating,
  feasibility: rating,
  action: actionInput.nullish(),
});
export type CreateOpportunityInput = z.infer<typeof createOpportunityInput>;

export const updateOpportunityInput = z.object({
  id,
  expectedVersion: z.number().int(),
  title: nonEmpty(singleLine(200)).optional(),
  description: multiLine(4000).nullish(),
  sourceIssueId: id.nullish(),
  aiSystemIds: systemIds.optional(),
  benefit: rating.optional(),
  feasibility: rating.optional(),
  /** null clears the action (only while IDENTIFIED). */
  action: actionInput.nullish(),
});
export type UpdateOpportunityInput = z.infer<typeof updateOpportunityInput>;

export const transitionOpportunityInput = z.object({
  id,
  expectedVersion: z.number().int(),
  status: z.enum(OPPORTUNITY_STATUSES),
  /** PLANNED: the action, unless one is already recorded. */
  action: actionInput.nullish(),
  /** REALISED: the evaluation of the result. */
  evaluation: z
    .object({ result: nonEmpty(multiLine(4000)), effective: z.boolean(), evaluatedOn: date })
    .nullish(),
  /** REJECTED: why the opportunity is not pursued. */
  reason: nonEmpty(multiLine(2000)).nullish(),
});
export type TransitionOpportunityInput = z.infer<typeof transitionOpportunityInput>;

const at = (field: string) => ['input', field];

/**
 * The next state of a transition, or CONFLICT INVALID_STATE for a move the
 * machine does not allow, or BAD_USER_INPUT for what the target state needs
 * (PLANNED an action, REALISED an evaluation, REJECTED a reason) or forbids.
 */
export function transition(
  current: AiOpportunity,
  input: TransitionOpportunityInput,
  actorId: string,
  now: string,
): AiOpportunity {
  const to = input.status;
  if (!OPPORTUNITY_TRANSITIONS[current.status].includes(to)) {
    throw new ConflictError(
      isTerminal(current.status)
        ? `opportunity ${current.id} is ${current.status}: a closed record is not changed`
        : `opportunity ${current.id} cannot move from ${current.status} to ${to}; allowed: ${OPPORTUNITY_TRANSITIONS[current.status].join(', ')}`,
      'INVALID_STATE',
    );
  }
  const errors: FieldError[] = [];
  const forbid = (field: 'action' | 'evaluation' | 'reason', when: boolean) => {
    if (when && input[field]) errors.push({ path: at(field), message: `must be empty when moving to ${to}` });
  };
  forbid('action', to !== 'PLANNED');
  forbid('evaluation', to !== 'REALISED');
  forbid('reason', to !== 'REJECTED');
  const next: AiOpportunity = { ...current, status: to };
  if (to === 'PLANNED') {
    const action = input.action ?? current.action;
    if (!action) {
      errors.push({
        path: at('action'),
        message: 'is required to plan an opportunity: plan, owner and due date',
      });
    } else next.action = action;
  }
  if (to === 'REALISED') {
    if (!input.evaluation) {
      errors.push({
        path: at('evaluation'),
        message: 'is required to realise an opportunity: the evaluated result of the action (6.1.1)',
      });
    } else {
      if (input.evaluation.evaluatedOn > now.slice(0, 10)) {
        errors.push({ path: [...at('evaluation'), 'evaluatedOn'], message: 'must not be in the future' });
      }
      next.evaluation = { ...input.evaluation, evaluatedBy: actorId };
    }
  }
  if (to === 'REJECTED') {
    if (!input.reason) errors.push({ path: at('reason'), message: 'is required to reject an opportunity' });
    else next.rejection = { reason: input.reason, rejectedBy: actorId, rejectedAt: now };
  }
  if (errors.length) throw new ValidationError(errors);
  return next;
}

/** An update of a closed record, or one clearing the action a plan stands on, is refused. */
export function assertUpdatable(current: AiOpportunity, input: UpdateOpportunityInput): void {
  if (isTerminal(current.status)) {
    throw new ConflictError(
      `opportunity ${current.id} is ${current.status}: a closed record is not changed`,
      'INVALID_STATE',
    );
  }
  if (input.action === null && current.status !== 'IDENTIFIED') {
    throw new ConflictError(
      `opportunity ${current.id} is ${current.status}: its action cannot be removed (move it back to IDENTIFIED first)`,
      'INVALID_STATE',
    );
  }
}
