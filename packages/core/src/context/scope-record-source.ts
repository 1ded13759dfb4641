// D-01 in the document register (§3.6.4): the approved scope edition with its
// top-management approval, and the open edition while one is being written.
import { recordOf, type SystemRecordSource } from '../documents/system-record';
import { readScopeHead } from './manage-scope';
import { ScopeStatements } from './model';

export const scopeSource: SystemRecordSource = {
  id: 'scope',
  mandatoryRef: 'D-01',
  title: 'Scope of the AIMS',
  type: 'SCOPE',
  async records(store) {
    const head = await readScopeHead(store);
    const ids = [head.approvedId, head.openId].filter((id) => id !== null);
    if (!ids.length) return [];
    const editions = await store.getMany(
      ScopeStatements,
      ids.map((id) => ({ id })),
    );
    return editions
      .filter((s) => s !== null)
      .map((s) =>
        recordOf(this, {
          title: `${this.title}, edition ${s.number}`,
          status: s.status === 'SUPERSEDED' ? 'OBSOLETE' : s.status,
          revision: String(s.number),
          approvedBy: s.approval?.by ?? null,
          approvedAt: s.approval?.at ?? null,
          nextReviewOn: null,
          entityRef: { entityType: 'ScopeStatement', entityId: s.id },
          updatedAt: s.updatedAt,
        }),
      );
  },
};
