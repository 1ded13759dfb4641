// Roles and the permission matrix. Every authorisation decision in the API goes
// through `can`/`assertCan`, so the matrix below is the whole policy.
import { ForbiddenError } from '../shared/errors';

export const ROLES = [
  'CONSULTANT',
  'AIMS_MANAGER',
  'AI_RISK_OWNER',
  'AI_SYSTEM_OWNER',
  'DATA_GOVERNANCE_LEAD',
  'COMMITTEE_MEMBER',
  'INTERNAL_AUDITOR',
  'VIEWER',
] as const;
export type Role = (typeof ROLES)[number];

export const CONSULTANCY_ROLES = ['PARTNER_ADMIN', 'CONSULTANT'] as const;
export type ConsultancyRole = (typeof CONSULTANCY_ROLES)[number];

export const TENANT_ACTIONS = [
  'tenant.read',
  'member.list',
  'member.invite',
  'aiSystem.read',
  'aiSystem.create',
  'aiSystem.update',
  'aiSystem.decommission',
  'history.read',
  'risk.read',
  'risk.manage',
  'risk.treat',
  'methodology.manage',
  'impact.read',
  'impact.edit',
  'impact.approve',
  'soa.read',
  'soa.edit',
  'soa.approve',
  'treatment.manage',
  'document.read',
  'document.manage',
  'governance.read',
  'governance.appoint',
  'support.read',
  'support.manage',
  'policy.manage',
  'objective.manage',
  'context.read',
  'context.manage',
  'readiness.read',
  'readiness.answer',
] as const;
export type TenantAction = (typeof TENANT_ACTIONS)[number];

/** `own` means allowed only on resources the actor owns (e.g. their own AI systems). */
type Grant = 'all' | 'own';

const everyone: Role[] = [...ROLES];
const managers: Role[] = ['CONSULTANT', 'AIMS_MANAGER'];

const MATRIX: Record<TenantAction, Partial<Record<Role, Grant>>> = {
  'tenant.read': grantAll(everyone),
  'member.list': grantAll(everyone),
  'member.invite': grantAll(managers),
  'aiSystem.read': grantAll(everyone),
  'aiSystem.create': grantAll([...managers, 'AI_SYSTEM_OWNER']),
  'aiSystem.update': { ...grantAll(managers), AI_SYSTEM_OWNER: 'own' },
  'aiSystem.decommission': grantAll(managers),
  // The audit trail is evidence: auditors and governance roles read it, plain viewers do not.
  'history.read': grantAll(everyone.filter((r) => r !== 'VIEWER')),
  'risk.read': grantAll(everyone),
  'risk.manage': grantAll([...managers, 'AI_RISK_OWNER']),
  'risk.treat': grantAll([...managers, 'AI_RISK_OWNER']),
  'methodology.manage': grantAll([...managers, 'AI_RISK_OWNER']),
  'impact.read': grantAll(everyone),
  'impact.edit': grantAll([...managers, 'AI_RISK_OWNER', 'AI_SYSTEM_OWNER', 'DATA_GOVERNANCE_LEAD']),
  // Approval is a governance decision: the AIMS manager or the committee, not the authors.
  'impact.approve': grantAll(['AIMS_MANAGER', 'COMMITTEE_MEMBER']),
  'soa.read': grantAll(everyone),
  'soa.edit': grantAll(managers),
  'soa.approve': grantAll(['AIMS_MANAGER', 'COMMITTEE_MEMBER']),
  'treatment.manage': grantAll([...managers, 'AI_RISK_OWNER']),
  'document.read': grantAll(everyone),
  // Writing the register; approval needs a management appointment on top (documents/manage-documents.ts).
  'document.manage': grantAll([...managers, 'AI_RISK_OWNER', 'DATA_GOVERNANCE_LEAD']),
  'governance.read': grantAll(everyone),
  // Recording an appointment writes down management's decision; it does not make the recorder eligible.
  'governance.appoint': grantAll(managers),
  // Clause 7 records (competence, training, communication): everyone reads; the AIMS office keeps them.
  'support.read': grantAll(everyone),
  'support.manage': grantAll(managers),
  // Drafting and publishing; approval needs a TOP_MANAGEMENT appointment whatever the role.
  'policy.manage': grantAll(managers),
  'objective.manage': grantAll([...managers, 'AI_RISK_OWNER']),
  'context.read': grantAll(everyone),
  // Writing the context down is the AIMS manager's (or their consultant's) work; approving the scope is top management's.
  'context.manage': grantAll(managers),
  // The readiness picture is for the people running the AIMS: governance roles and auditors read it, plain viewers do not.
  'readiness.read': grantAll(everyone.filter((r) => r !== 'VIEWER')),
  // Answering, submitting and adopting the roadmap is the AIMS office's work (the manager or the client's consultant).
  'readiness.answer': grantAll(managers),
};

function grantAll(roles: Role[]): Partial<Record<Role, Grant>> {
  return Object.fromEntries(roles.map((r) => [r, 'all']));
}

export interface ResourceOwnership {
  actorId: string;
  ownerId?: string | null;
}

export function can(role: Role, action: TenantAction, resource?: ResourceOwnership): boolean {
  const grant = MATRIX[action][role];
  if (grant === 'all') return true;
  if (grant === 'own') return !!resource?.ownerId && resource.ownerId === resource.actorId;
  return false;
}

export function assertCan(role: Role, action: TenantAction, resource?: ResourceOwnership): void {
  if (!can(role, action, resource)) {
    throw new ForbiddenError(`role ${role} may not perform ${action}`);
  }
}

export const CONSULTANCY_ACTIONS = [
  'consultancy.onboardClient',
  'consultancy.listClients',
  'consultancy.readPortfolio',
  'consultancy.manageTemplates',
] as const;
export type ConsultancyAction = (typeof CONSULTANCY_ACTIONS)[number];

const CONSULTANCY_MATRIX: Record<ConsultancyAction, ConsultancyRole[]> = {
  'consultancy.onboardClient': ['PARTNER_ADMIN', 'CONSULTANT'],
  'consultancy.listClients': ['PARTNER_ADMIN', 'CONSULTANT'],
  'consultancy.readPortfolio': ['PARTNER_ADMIN', 'CONSULTANT'],
  'consultancy.manageTemplates': ['PARTNER_ADMIN', 'CONSULTANT'],
};

export function assertConsultancyCan(role: ConsultancyRole | undefined, action: ConsultancyAction): void {
  if (!role || !CONSULTANCY_MATRIX[action].includes(role)) {
    throw new ForbiddenError(`not allowed to perform ${action} in this consultancy`);
  }
}
