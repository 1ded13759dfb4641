// The tenant's context profile: one record per tenant holding what Clause 4
// decides about the organisation as a whole — its roles in the AI ecosystem
// (ISO/IEC 22989, §3.1; separate from any per-system role) and the guide's
// party types it has explicitly found not relevant, each with a reason.
import * as z from 'zod';
import { multiLine } from '../shared/validation';
import { GUIDE_PARTY_TYPES, type GuidePartyType, MIN_REASON } from './interested-party';

/** ISO/IEC 22989 AI stakeholder roles, as §3.1 lists them. */
export const ORGANISATION_AI_ROLES = [
  'AI_PROVIDER',
  'AI_PRODUCER',
  'AI_CUSTOMER',
  'AI_PARTNER',
  'AI_SUBJECT',
  'RELEVANT_AUTHORITY',
] as const;
export type OrganisationAiRole = (typeof ORGANISATION_AI_ROLES)[number];

export interface OrganisationAiRoleEntry {
  role: OrganisationAiRole;
  /** How the organisation plays the role (e.g. "deployer of third-party triage AI"). */
  description: string | null;
}

export interface PartyTypeNotRelevant {
  type: GuidePartyType;
  reason: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ContextProfile {
  tenantId: string;
  organisationAiRoles: OrganisationAiRoleEntry[];
  partyTypesNotRelevant: PartyTypeNotRelevant[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const updateContextProfileInput = z.object({
  /** 0 when no profile has been saved yet. */
  expectedVersion: z.number().int().min(0),
  /** Replaces the list; each role at most once. */
  organisationAiRoles: z
    .array(z.object({ role: z.enum(ORGANISATION_AI_ROLES), description: multiLine(1000).nullish() }))
    .max(ORGANISATION_AI_ROLES.length)
    .optional(),
  /** Replaces the list; each guide party type at most once. */
  partyTypesNotRelevant: z
    .array(
      z.object({
        type: z.enum(GUIDE_PARTY_TYPES as [GuidePartyType, ...GuidePartyType[]]),
        reason: multiLine(2000).pipe(z.string().min(MIN_REASON, `at least ${MIN_REASON} characters`)),
      }),
    )
    .max(GUIDE_PARTY_TYPES.length)
    .optional(),
});
export type UpdateContextProfileInput = z.infer<typeof updateContextProfileInput>;

export const emptyProfile = (tenantId: string, now: string): ContextProfile => ({
  tenantId,
  organisationAiRoles: [],
  partyTypesNotRelevant: [],
  version: 0,
  createdAt: now,
  updatedAt: now,
});
