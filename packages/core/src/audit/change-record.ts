// The audit trail an ISO auditor asks for: one append-only record per mutation,
// written in the same transaction as the change it describes.
import * as z from 'zod';
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

export const changeRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.enum(['CREATED', 'UPDATED', 'DECOMMISSIONED']),
  actorId: z.string(),
  at: z.string(),
  version: z.number(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
}) satisfies z.ZodType<ChangeRecord>;

export interface ChangeHistoryReader {
  history(entityType: string, entityId: string, page: PageRequest): Promise<Page<ChangeRecord>>;
}

export function changeRecord(fields: Omit<ChangeRecord, 'id'>, ids: IdGenerator): ChangeRecord {
  return { id: ids.next(), ...fields };
}

/** The change record for a versioned tenant entity; snapshots leave out the tenant id, which the key carries. */
export function entityChange<E extends { id: string; version: number; tenantId: string }>(
  entityType: string,
  scope: { tenantId: string; actorId: string },
  before: E | null,
  after: E,
  at: string,
  ids: IdGenerator,
  action: ChangeAction = before ? 'UPDATED' : 'CREATED',
): ChangeRecord {
  const strip = ({ tenantId: _t, ...rest }: E) => rest;
  return changeRecord(
    {
      tenantId: scope.tenantId,
      entityType,
      entityId: after.id,
      action,
      actorId: scope.actorId,
      at,
      version: after.version,
      before: before ? strip(before) : null,
      after: strip(after),
    },
    ids,
  );
}
