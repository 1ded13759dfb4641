// The audit trail an ISO auditor asks for: one append-only record per mutation,
// written in the same transaction as the change it describes.
import type { IdGenerator, Page, PageRequest } from '../shared/ports';

export type ChangeAction = 'CREATED' | 'UPDATED' | 'DECOMMISSIONED';

export interface ChangeRecord {
  id: string;
  tenantId: string;
  entityType: string;
  entityId: string;
  action: ChangeAction;
  actorId: string;
  at: string;
  /** Version of the entity after the change. */
  version: number;
  before: unknown | null;
  after: unknown | null;
}

export interface ChangeHistoryReader {
  history(entityType: string, entityId: string, page: PageRequest): Promise<Page<ChangeRecord>>;
}

export function changeRecord(fields: Omit<ChangeRecord, 'id'>, ids: IdGenerator): ChangeRecord {
  return { id: ids.next(), ...fields };
}
