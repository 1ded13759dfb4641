// What the nested parts of a scope edition resolve from: the core shapes plus
// the edition's tenant, so their AI systems load in the right tenant.
import type { ScopeExclusion, ScopeInScope } from '@aims/core';

export type ScopeInScopeView = ScopeInScope & { tenantId: string };
export type ScopeExclusionView = ScopeExclusion & { tenantId: string };
