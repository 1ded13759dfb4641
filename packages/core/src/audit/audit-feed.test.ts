import { describe, expect, it } from 'vitest';
import { registerAiSystem } from '../inventory/register-ai-system';
import { updateAiSystem } from '../inventory/update-ai-system';
import { ForbiddenError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { TenantScope } from '../tenancy/tenant-scope';
import { auditFeed } from './audit-feed';

const cursors = new CursorCodec({ current: cursorKey('c'.repeat(32)) });
const manager = (tenantId: string): TenantScope => ({ tenantId, actorId: 'u1', role: 'AIMS_MANAGER' });

/** Two tenants sharing one table (the pooled table), with a clock that ticks a second per call. */
function pooled() {
  const table = new InMemoryTable();
  let tick = 0;
  let n = 0;
  const deps = (tenantId: string) => ({
    store: new InMemoryTenantStore(tenantId, table),
    cursors,
    isMember: async () => true,
    clock: { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)) },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  });
  return { a: deps('t-a'), b: deps('t-b') };
}

const system = (name: string) => ({ name, purpose: 'p', lifecycleStage: 'USE', provenance: 'INTERNAL' });

describe('auditFeed', () => {
  it("pages the tenant's change records of every entity, newest first, and none of another tenant's", async () => {
    const { a, b } = pooled();
    const first = await registerAiSystem(manager('t-a'), system('First'), a);
    await registerAiSystem(manager('t-b'), system('Elsewhere'), b);
    const second = await registerAiSystem(manager('t-a'), system('Second'), a);
    await updateAiSystem(manager('t-a'), { id: first.id, expectedVersion: 1, name: 'First, renamed' }, a);

    const page1 = await auditFeed(manager('t-a'), { first: 2 }, a);
    expect(page1.edges.map((e) => [e.node.entityId, e.node.version])).toEqual([
      [first.id, 2],
      [second.id, 1],
    ]);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await auditFeed(manager('t-a'), { first: 2, after: page1.pageInfo.endCursor }, a);
    expect(page2.edges.map((e) => [e.node.entityId, e.node.version])).toEqual([[first.id, 1]]);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.edges.every((e) => e.node.tenantId === 't-a')).toBe(true);
  });

  it('is closed to viewers, as every history is', async () => {
    const { a } = pooled();
    await expect(() =>
      auditFeed({ tenantId: 't-a', actorId: 'u2', role: 'VIEWER' }, {}, a),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
