// Parent shapes for GraphQL types that carry more than the core entity: nested
// resolvers need the tenant to go back through the membership gate.
import type { ImpactFindingLink, SoaEntry, SoaFinding } from '@aims/core';

export interface ImpactFindingView extends ImpactFindingLink {
  tenantId: string;
}

export interface SoaEntryView extends SoaEntry {
  /** Entries of an approved SoA: links were frozen at approval and are not re-derived. */
  frozen: boolean;
}

export interface SoaFindingView extends SoaFinding {
  tenantId: string;
}
