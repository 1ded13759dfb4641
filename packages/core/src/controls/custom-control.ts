// X-8 (R11): controls the organisation adds beyond Annex A (its own, ISO 27001,
// NIST AI RMF, sector). 6.1.3 asks for every necessary control, so treatments
// and the SoA name a control by a `controlRef`: an Annex A id or a custom ref.
import type { ControlId } from '../annex-a/catalogue';

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
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Either an Annex A control id or the ref of a tenant's custom control. */
export type ControlRef = string;
