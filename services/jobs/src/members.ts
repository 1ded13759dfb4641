// The tenant's members for a job (training reconciliation): the control plane's
// membersOfTenant index (GSI1), page by page, so a large tenant is never one read.
import type { ControlPlaneRepository, Member, PageKey } from '@aims/core';

const PAGE_SIZE = 100;

export function tenantMembers(
  controlPlane: Pick<ControlPlaneRepository, 'listMembersOfTenant'>,
  tenantId: string,
): () => Promise<Member[]> {
  return async () => {
    const out: Member[] = [];
    let startKey: PageKey | undefined;
    do {
      const page = await controlPlane.listMembersOfTenant(tenantId, {
        limit: PAGE_SIZE,
        ...(startKey ? { startKey } : {}),
      });
      for (const { item } of page.entries) {
        out.push({ userId: item.userId, role: item.role, joinedOn: item.createdAt.slice(0, 10) });
      }
      startKey = page.hasMore ? page.entries.at(-1)?.key : undefined;
    } while (startKey);
    return out;
  };
}
