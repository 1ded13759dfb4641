// Interested parties and their AI-related requirements (4.2, §3.1). Each
// requirement is decided: addressed by the AIMS (and how: controls, processes,
// documents) or not (and why). Undecided (null) is a gap, not a default.
import * as z from 'zod';
import type { FieldError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';
import { date, refId, refIds } from './context-issue';

export const PARTY_TYPES = [
  'CUSTOMER_END_USER',
  'REGULATOR',
  'EMPLOYEE',
  'DATA_SUBJECT',
  'INVESTOR_BOARD',
  'PARTNER_SUPPLIER',
  'COMMUNITY_SOCIETY',
  'OTHER',
] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

/** The seven typical parties the guide lists (Step 1); each must be considered (PARTY_TYPE_NOT_CONSIDERED). */
export const GUIDE_PARTY_TYPES = PARTY_TYPES.filter((t) => t !== 'OTHER') as Exclude<PartyType, 'OTHER'>[];
export type GuidePartyType = (typeof GUIDE_PARTY_TYPES)[number];

export const REQUIREMENT_BASES = ['LAW', 'REGULATION', 'CONTRACT', 'STANDARD', 'EXPECTATION'] as const;
export type RequirementBasis = (typeof REQUIREMENT_BASES)[number];

export interface HowAddressed {
  controlRefs: string[];
  processRefs: string[];
  documentIds: string[];
}

export interface PartyRequirement {
  id: string;
  text: string;
  basis: RequirementBasis;
  /** true: the AIMS addresses it (howAddressed says how); false: it does not (notAddressedReason); null: undecided. */
  addressedByAims: boolean | null;
  howAddressed: HowAddressed | null;
  notAddressedReason: string | null;
}

export interface InterestedParty {
  id: string;
  tenantId: string;
  name: string;
  type: PartyType;
  description: string | null;
  requirements: PartyRequirement[];
  /** AI systems the party interacts with or supplies (a vendor naming its systems, guide mistake #3). */
  aiSystemIds: string[];
  lastReviewedOn: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const MAX_REQUIREMENTS = 40;
const refs = refIds(30);

export const requirementInput = z.object({
  /** Keeps an existing requirement's identity; left out for a new one. */
  id: refId.nullish(),
  text: multiLine(2000).pipe(z.string().min(1, 'must not be empty')),
  basis: z.enum(REQUIREMENT_BASES),
  addressedByAims: z.boolean().nullable(),
  howAddressed: z
    .object({
      controlRefs: refs.nullish(),
      processRefs: z
        .array(singleLine(200).pipe(z.string().min(1, 'must not be empty')))
        .max(30)
        .nullish(),
      documentIds: refs.nullish(),
    })
    .nullish(),
  notAddressedReason: multiLine(2000).nullish(),
});
export type RequirementInput = z.infer<typeof requirementInput>;

const requirements = z
  .array(requirementInput)
  .max(MAX_REQUIREMENTS, `at most ${MAX_REQUIREMENTS} requirements`);

export const createInterestedPartyInput = z.object({
  name: singleLine(200).pipe(z.string().min(1, 'must not be empty')),
  type: z.enum(PARTY_TYPES),
  description: multiLine(4000).nullish(),
  requirements: requirements.nullish(),
  aiSystemIds: refIds(50).nullish(),
  lastReviewedOn: date.nullish(),
});
export type CreateInterestedPartyInput = z.infer<typeof createInterestedPartyInput>;

export const updateInterestedPartyInput = z.object({
  id: refId,
  expectedVersion: z.number().int(),
  name: singleLine(200).pipe(z.string().min(1, 'must not be empty')).optional(),
  type: z.enum(PARTY_TYPES).optional(),
  description: multiLine(4000).nullish(),
  /** Replaces the list; entries with an id keep it. */
  requirements: requirements.optional(),
  aiSystemIds: refIds(50).optional(),
  lastReviewedOn: date.nullish(),
});
export type UpdateInterestedPartyInput = z.infer<typeof updateInterestedPartyInput>;

export const MIN_REASON = 10;

/**
 * The stored requirements, or field errors: addressed needs at least one
 * control, process or document and no reason; not addressed needs a reason of
 * at least 10 characters and no references; undecided carries neither.
 * Control refs are checked against the tenant separately (one BatchGet).
 */
export function requirementsOf(
  inputs: readonly RequirementInput[],
  previous: readonly PartyRequirement[],
  nextId: () => string,
): { requirements: PartyRequirement[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const known = new Set(previous.map((r) => r.id));
  const seen = new Set<string>();
  const out = inputs.map((r, i): PartyRequirement => {
    const at = (...rest: string[]) => ['input', 'requirements', i, ...rest];
    if (r.id && !known.has(r.id))
      errors.push({ path: at('id'), message: 'is not a requirement of this party' });
    if (r.id && seen.has(r.id)) errors.push({ path: at('id'), message: 'is given twice' });
    if (r.id) seen.add(r.id);
    const how: HowAddressed = {
      controlRefs: [...new Set(r.howAddressed?.controlRefs ?? [])],
      processRefs: [...new Set(r.howAddressed?.processRefs ?? [])],
      documentIds: [...new Set(r.howAddressed?.documentIds ?? [])],
    };
    const anyRef = how.controlRefs.length + how.processRefs.length + how.documentIds.length > 0;
    const reason = r.notAddressedReason || null;
    if (r.addressedByAims === true) {
      if (!anyRef) {
        errors.push({
          path: at('howAddressed'),
          message:
            'must name at least one control, process or document when the AIMS addresses the requirement',
        });
      }
      if (reason) errors.push({ path: at('notAddressedReason'), message: 'must be empty when addressed' });
    } else if (r.addressedByAims === false) {
      if (!reason || reason.length < MIN_REASON) {
        errors.push({
          path: at('notAddressedReason'),
          message: `is required (at least ${MIN_REASON} characters) when the AIMS does not address the requirement`,
        });
      }
      if (anyRef) errors.push({ path: at('howAddressed'), message: 'must be empty when not addressed' });
    } else if (anyRef || reason) {
      errors.push({
        path: at('addressedByAims'),
        message: 'must be decided (true or false) when howAddressed or notAddressedReason is given',
      });
    }
    return {
      id: r.id ?? nextId(),
      text: r.text,
      basis: r.basis,
      addressedByAims: r.addressedByAims,
      howAddressed: r.addressedByAims === true ? how : null,
      notAddressedReason: r.addressedByAims === false ? reason : null,
    };
  });
  return { requirements: out, errors };
}
