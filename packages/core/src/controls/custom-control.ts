// X-8 (R11): controls the organisation adds beyond Annex A (its own, ISO 27001,
// NIST AI RMF, sector). 6.1.3 asks for every necessary control, so treatments
// and the SoA name a control by a `controlRef`: an Annex A id or a custom ref.
import * as z from 'zod';
import { type ControlId, isControlId } from '../annex-a/catalogue';
import { multiLine, singleLine } from '../shared/validation';

export const CUSTOM_CONTROL_SOURCES = ['ORGANISATION', 'ISO27001', 'NIST_AI_RMF', 'SECTOR', 'OTHER'] as const;
export type CustomControlSource = (typeof CUSTOM_CONTROL_SOURCES)[number];

/**
 * "ORG-12", "ISO27001:A.8.28", "NIST-AI-RMF:MAP-1.1": upper-case letters and digits
 * first, then letters, digits, `.`, `:`, `-` or `_`; never `#` (the key separator)
 * and never an Annex A id ("A.5.2" stays the catalogue's).
 */
export const CUSTOM_CONTROL_REF = /^[A-Z0-9][A-Z0-9._:-]{1,39}$/;

export interface CustomControl {
  /** Unique per tenant, immutable once created. */
  ref: string;
  tenantId: string;
  title: string;
  description: string | null;
  source: CustomControlSource;
  /** Annex A controls this one supports or refines; may be empty. */
  mappedAnnexA: ControlId[];
  ownerId: string | null;
  /** Retired controls stay readable for history but cannot be newly referenced. */
  retiredAt: string | null;
  retiredReason?: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Either an Annex A control id or the ref of a tenant's custom control. */
export type ControlRef = string;

const refField = z
  .string()
  .regex(CUSTOM_CONTROL_REF, 'upper-case letters, digits, ".", ":", "-" or "_", 2 to 40 characters')
  .refine((r) => !isControlId(r), 'is an Annex A control id; custom controls need their own ref');
const mappedField = z
  .array(z.string().refine(isControlId, 'not an Annex A control id'))
  .max(38)
  .transform((ids) => [...new Set(ids)] as ControlId[]);

export const createCustomControlInput = z.object({
  ref: refField,
  title: singleLine(200).min(3),
  description: multiLine(4000).nullish(),
  source: z.enum(CUSTOM_CONTROL_SOURCES),
  mappedAnnexA: mappedField.optional(),
  ownerId: z.string().min(1).nullish(),
});

export const updateCustomControlInput = z.object({
  ref: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  title: singleLine(200).min(3).optional(),
  description: multiLine(4000).nullish(),
  source: z.enum(CUSTOM_CONTROL_SOURCES).optional(),
  mappedAnnexA: mappedField.optional(),
  ownerId: z.string().min(1).nullish(),
});

export const retireCustomControlInput = z.object({
  ref: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  reason: multiLine(2000).min(10, 'give the reason in at least 10 characters'),
});
