// RACI export (5.3, A.3.2): for every clause process, Annex A control and AI
// system, who is Responsible, Accountable, Consulted and Informed, derived
// from the appointments in force. Nothing is stored: the matrix is a view of
// the appointments, so it can never drift from them.
import * as z from 'zod';
import { ANNEX_A_CONTROLS, CLAUSE_REQUIREMENTS } from '../annex-a/catalogue';
import type { AiSystem } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  connectionFromArray,
} from '../shared/pagination';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { Appointment, AppointmentKind } from './appointment';
import { Appointments } from './model';

export const RACI_LETTERS = ['RESPONSIBLE', 'ACCOUNTABLE', 'CONSULTED', 'INFORMED'] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];
export const RACI_SUBJECT_TYPES = ['CLAUSE_PROCESS', 'ANNEX_A_CONTROL', 'AI_SYSTEM'] as const;
export type RaciSubjectType = (typeof RACI_SUBJECT_TYPES)[number];

export interface RaciAssignment {
  letter: RaciLetter;
  /** The appointment that puts its holder in this place (kind, appointee). */
  appointment: Appointment;
}

export interface RaciRow {
  subjectType: RaciSubjectType;
  /** Clause id (9.2.1), Annex A control id (A.6.2.6) or AI system id. */
  subjectRef: string;
  title: string;
  assignments: RaciAssignment[];
  /** RESPONSIBLE and/or ACCOUNTABLE when nobody fills them: the row's gap. */
  missing: RaciLetter[];
}

/** Clause processes the standard gives to top management: scope, leadership, policy, roles, objectives, resources, review. */
export const TOP_MANAGEMENT_PROCESSES = ['4.3', '5.1', '5.2', '5.3', '6.2', '7.1', '9.3'] as const;

/** Default responsible kind for a clause process when no PROCESS_OWNER is appointed for it. */
function clauseResponsible(id: string): AppointmentKind {
  if (id.startsWith('6.1') || ['8.2', '8.3', '8.4'].includes(id)) return 'AI_RISK_OWNER';
  if (id.startsWith('9.2')) return 'INTERNAL_AUDITOR';
  return 'AIMS_MANAGER';
}

/** Default responsible kind for an Annex A control, by its objective, when no PROCESS_OWNER owns it. */
function controlResponsible(objective: string): AppointmentKind {
  switch (objective) {
    case 'A.5':
      return 'AI_RISK_OWNER';
    case 'A.7':
      return 'DATA_GOVERNANCE_LEAD';
    case 'A.6':
    case 'A.9':
      return 'AI_SYSTEM_OWNER';
    default:
      return 'AIMS_MANAGER';
  }
}

const covers = (ref: string, id: string) => id === ref || id.startsWith(`${ref}.`);

/**
 * The RACI matrix, from the appointments in force (ended ones are left out;
 * one awaiting acceptance still fills its place, as in the gap list):
 *
 * Clause processes (clauses 4–10, each requirement):
 * - ACCOUNTABLE: TOP_MANAGEMENT for 4.3 scope, 5.1 leadership, 5.2 policy,
 *   5.3 roles, 6.2 objectives, 7.1 resources and 9.3 management review;
 *   AIMS_MANAGER for every other process.
 * - RESPONSIBLE: the PROCESS_OWNER whose subjectRef is the requirement or its
 *   process (9.2 covers 9.2.1); without one, AI_RISK_OWNER for 6.1.x and
 *   8.2–8.4 (risk and impact), INTERNAL_AUDITOR for 9.2, AIMS_MANAGER otherwise.
 * - CONSULTED: the committee (COMMITTEE_CHAIR, COMMITTEE_MEMBER).
 * - INFORMED: TOP_MANAGEMENT where it is not accountable.
 *
 * Annex A controls (every control of the catalogue):
 * - ACCOUNTABLE: TOP_MANAGEMENT for A.2 (policies) and A.3 (internal
 *   organisation); AIMS_MANAGER otherwise.
 * - RESPONSIBLE: the PROCESS_OWNER of the control or its objective; without
 *   one, AI_RISK_OWNER for A.5, DATA_GOVERNANCE_LEAD for A.7, the
 *   AI_SYSTEM_OWNERs for A.6 and A.9, AIMS_MANAGER otherwise.
 * - CONSULTED: the committee. INFORMED: TOP_MANAGEMENT where not accountable.
 *
 * AI systems (not decommissioned):
 * - RESPONSIBLE and ACCOUNTABLE: its AI_SYSTEM_OWNER.
 * - CONSULTED: AI_RISK_OWNER and DATA_GOVERNANCE_LEAD. INFORMED: AIMS_MANAGER.
 *
 * A row whose R or A nobody fills names them in `missing`.
 */
export function raciOf(input: {
  appointments: readonly Appointment[];
  systems: readonly Pick<AiSystem, 'id' | 'name' | 'lifecycleStage'>[];
}): RaciRow[] {
  const inForce = input.appointments.filter((a) => !a.endedAt);
  const ofKind = (...kinds: AppointmentKind[]) => inForce.filter((a) => kinds.includes(a.kind));
  const assign = (letter: RaciLetter, list: readonly Appointment[]): RaciAssignment[] =>
    list.map((appointment) => ({ letter, appointment }));
  const row = (
    subjectType: RaciSubjectType,
    subjectRef: string,
    title: string,
    assignments: RaciAssignment[],
  ): RaciRow => ({
    subjectType,
    subjectRef,
    title,
    assignments,
    missing: (['RESPONSIBLE', 'ACCOUNTABLE'] as const).filter(
      (l) => !assignments.some((a) => a.letter === l),
    ),
  });
  const committee = ofKind('COMMITTEE_CHAIR', 'COMMITTEE_MEMBER');
  const owners = ofKind('PROCESS_OWNER');

  const clauses = CLAUSE_REQUIREMENTS.map((c) => {
    const topManaged = TOP_MANAGEMENT_PROCESSES.some((p) => covers(p, c.id));
    const owner = owners.filter((a) => a.subjectRef && covers(a.subjectRef, c.id));
    return row('CLAUSE_PROCESS', c.id, c.title, [
      ...assign('RESPONSIBLE', owner.length ? owner : ofKind(clauseResponsible(c.id))),
      ...assign('ACCOUNTABLE', ofKind(topManaged ? 'TOP_MANAGEMENT' : 'AIMS_MANAGER')),
      ...assign('CONSULTED', committee),
      ...assign('INFORMED', topManaged ? [] : ofKind('TOP_MANAGEMENT')),
    ]);
  });

  const controls = ANNEX_A_CONTROLS.map((c) => {
    const topManaged = c.objective === 'A.2' || c.objective === 'A.3';
    const owner = owners.filter((a) => a.subjectRef === c.id || a.subjectRef === c.objective);
    return row('ANNEX_A_CONTROL', c.id, c.title, [
      ...assign('RESPONSIBLE', owner.length ? owner : ofKind(controlResponsible(c.objective))),
      ...assign('ACCOUNTABLE', ofKind(topManaged ? 'TOP_MANAGEMENT' : 'AIMS_MANAGER')),
      ...assign('CONSULTED', committee),
      ...assign('INFORMED', topManaged ? [] : ofKind('TOP_MANAGEMENT')),
    ]);
  });

  const systems = input.systems
    .filter((s) => s.lifecycleStage !== 'DECOMMISSIONED')
    .map((s) => {
      const owner = ofKind('AI_SYSTEM_OWNER').filter((a) => a.subjectRef === s.id);
      return row('AI_SYSTEM', s.id, s.name, [
        ...assign('RESPONSIBLE', owner),
        ...assign('ACCOUNTABLE', owner),
        ...assign('CONSULTED', ofKind('AI_RISK_OWNER', 'DATA_GOVERNANCE_LEAD')),
        ...assign('INFORMED', ofKind('AIMS_MANAGER')),
      ]);
    });

  return [...clauses, ...controls, ...systems];
}

const subjectTypeSchema = z.enum(RACI_SUBJECT_TYPES).nullish();

export interface RaciDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

/** The RACI export, optionally one subject type; two key-served reads. */
export async function raci(
  scope: TenantScope,
  args: ConnectionArgs & { subjectType?: RaciSubjectType | null },
  deps: RaciDeps,
): Promise<Connection<RaciRow>> {
  assertCan(scope.role, 'governance.read');
  const subjectType = parseInput(subjectTypeSchema, args.subjectType, ['subjectType']);
  const [appointments, systems] = await Promise.all([
    readAll(deps.store, Appointments, 'inForce', {}),
    readAll(deps.store, AiSystems, 'inventory', {}),
  ]);
  const rows = raciOf({ appointments, systems }).filter((r) => !subjectType || r.subjectType === subjectType);
  return connectionFromArray(rows, args, deps.cursors, scope.tenantId, `raci|${subjectType ?? ''}`);
}
