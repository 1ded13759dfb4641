// What an auditor would find missing in the context of the organisation
// (Clause 4, §3.1), as a pure rule over the registers plus the use case that
// reads them. Every code is computed from records, none is typed in.
//
// THIRD_PARTY_AI_NOT_CONSIDERED (guide mistake #3, "ignoring third-party AI
// tools") is defined as: an AI system whose provenance is not INTERNAL and
// whose stage is DEPLOYMENT or USE (it is, or is about to be, relied on) is a
// gap unless BOTH (a) an interested party of type PARTNER_SUPPLIER names it
// (the supplier and what it requires or provides are recorded, 4.2) AND (b) a
// live (ACTIVE or MONITORING) context issue names it (the dependency on an
// outside party is analysed as an issue, 4.1). The gap says which is missing.
// Systems in DEVELOPMENT are not yet relied on; DECOMMISSIONED ones no longer.
import * as z from 'zod';
import type { AiSystem } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  connectionFromArray,
} from '../shared/pagination';
import type { Clock } from '../shared/ports';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type ContextIssue, isLiveIssue } from './context-issue';
import type { ContextProfile } from './context-profile';
import { GUIDE_PARTY_TYPES, type InterestedParty, type PartyType } from './interested-party';
import { readScopeHead } from './manage-scope';
import { ContextIssues, ContextProfiles, InterestedParties, LIVE_ISSUES, ScopeStatements } from './model';
import { type ScopeHead, type ScopeStatement, undecidedSystems } from './scope-statement';

export const CONTEXT_GAP_CODES = [
  'NO_EXTERNAL_REGULATORY_ISSUE',
  'NO_INTERNAL_ISSUE',
  'PARTY_TYPE_NOT_CONSIDERED',
  'REQUIREMENT_UNDECIDED',
  'SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED',
  'THIRD_PARTY_AI_NOT_CONSIDERED',
  'NO_ORG_AI_ROLE',
  'SCOPE_NOT_APPROVED',
] as const;
export type ContextGapCode = (typeof CONTEXT_GAP_CODES)[number];

export interface ContextGap {
  code: ContextGapCode;
  /** Why this is a gap, in words an auditor would use. */
  explanation: string;
  aiSystemId: string | null;
  partyType: PartyType | null;
  partyId: string | null;
  requirementId: string | null;
  /** The open edition awaiting approval (SCOPE_NOT_APPROVED), if any. */
  scopeStatementId: string | null;
}

const gap = (
  code: ContextGapCode,
  explanation: string,
  extra: Partial<Omit<ContextGap, 'code' | 'explanation'>> = {},
): ContextGap => ({
  code,
  explanation,
  aiSystemId: null,
  partyType: null,
  partyId: null,
  requirementId: null,
  scopeStatementId: null,
  ...extra,
});

/** Third-party AI that is relied on: not built in-house, deployed or in use. */
export const isThirdPartyInService = (s: Pick<AiSystem, 'provenance' | 'lifecycleStage'>) =>
  s.provenance !== 'INTERNAL' && (s.lifecycleStage === 'DEPLOYMENT' || s.lifecycleStage === 'USE');

export interface ContextRecords {
  issues: readonly ContextIssue[];
  parties: readonly InterestedParty[];
  profile: Pick<ContextProfile, 'organisationAiRoles' | 'partyTypesNotRelevant'> | null;
  approvedScope: Pick<ScopeStatement, 'inScope' | 'exclusions'> | null;
  head: Pick<ScopeHead, 'openId'>;
  systems: readonly Pick<AiSystem, 'id' | 'name' | 'lifecycleStage' | 'provenance'>[];
}

export function contextGapsOf(r: ContextRecords): ContextGap[] {
  const gaps: ContextGap[] = [];
  const live = r.issues.filter(isLiveIssue);

  if (!live.some((i) => i.origin === 'EXTERNAL' && i.category === 'REGULATORY')) {
    gaps.push(
      gap(
        'NO_EXTERNAL_REGULATORY_ISSUE',
        'No external regulatory issue is recorded: the regulatory landscape (the EU AI Act, sector rules, national AI strategies) is the first external issue 4.1 expects.',
      ),
    );
  }
  if (!live.some((i) => i.origin === 'INTERNAL')) {
    gaps.push(
      gap(
        'NO_INTERNAL_ISSUE',
        'No internal issue is recorded: AI maturity, capabilities, culture, governance and strategy shape what the AIMS can achieve (4.1).',
      ),
    );
  }

  const notRelevant = new Set(r.profile?.partyTypesNotRelevant.map((t) => t.type) ?? []);
  const present = new Set(r.parties.map((p) => p.type));
  for (const type of GUIDE_PARTY_TYPES) {
    if (present.has(type) || notRelevant.has(type)) continue;
    gaps.push(
      gap(
        'PARTY_TYPE_NOT_CONSIDERED',
        `No interested party of type ${type} is recorded and it is not declared not relevant with a reason (4.2).`,
        { partyType: type },
      ),
    );
  }

  for (const p of r.parties) {
    for (const req of p.requirements) {
      if (req.addressedByAims !== null) continue;
      gaps.push(
        gap(
          'REQUIREMENT_UNDECIDED',
          `"${p.name}" requires "${req.text.slice(0, 120)}": it is not decided whether the AIMS addresses it (4.2 c).`,
          { partyId: p.id, partyType: p.type, requirementId: req.id },
        ),
      );
    }
  }

  for (const s of undecidedSystems(r.approvedScope, r.systems)) {
    gaps.push(
      gap(
        'SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED',
        r.approvedScope
          ? `AI system "${s.name}" (${s.lifecycleStage}) is neither in the approved scope nor named in one of its exclusions (4.3).`
          : `AI system "${s.name}" (${s.lifecycleStage}) is not covered: there is no approved scope to place it in or out (4.3).`,
        { aiSystemId: s.id },
      ),
    );
  }

  const suppliers = r.parties.filter((p) => p.type === 'PARTNER_SUPPLIER');
  for (const s of r.systems.filter(isThirdPartyInService)) {
    const missing = [
      ...(suppliers.some((p) => p.aiSystemIds.includes(s.id))
        ? []
        : ['no PARTNER_SUPPLIER interested party names it']),
      ...(live.some((i) => i.aiSystemIds.includes(s.id)) ? [] : ['no live context issue names it']),
    ];
    if (!missing.length) continue;
    gaps.push(
      gap(
        'THIRD_PARTY_AI_NOT_CONSIDERED',
        `Third-party AI system "${s.name}" (${s.provenance}, ${s.lifecycleStage}) is not considered in the context: ${missing.join(' and ')} (guide mistake #3).`,
        { aiSystemId: s.id },
      ),
    );
  }

  if (!r.profile?.organisationAiRoles.length) {
    gaps.push(
      gap(
        'NO_ORG_AI_ROLE',
        'The organisation has not determined its role(s) in the AI ecosystem (ISO/IEC 22989: provider, producer, customer, partner, subject, authority), which 4.1 asks it to consider.',
      ),
    );
  }

  if (!r.approvedScope) {
    gaps.push(
      gap(
        'SCOPE_NOT_APPROVED',
        r.head.openId
          ? 'The AIMS scope has an edition in preparation but none approved by top management (4.3).'
          : 'No AIMS scope statement exists, let alone one approved by top management (4.3).',
        { scopeStatementId: r.head.openId },
      ),
    );
  }
  return gaps;
}

const todaySchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' }).nullish();

export interface ContextGapDeps {
  store: TenantStore;
  clock: Clock;
  cursors: CursorCodec;
}

/**
 * The gaps as of `today` (default: the clock's date; it keys the listing for
 * cursors, no §3.1 code depends on the date). Six key-served reads whatever the
 * number of gaps: live issues, parties, the profile, the scope head and its
 * approved edition, the inventory.
 */
export async function contextGaps(
  scope: TenantScope,
  args: ConnectionArgs & { today?: string | null },
  deps: ContextGapDeps,
): Promise<Connection<ContextGap>> {
  assertCan(scope.role, 'context.read');
  const today = parseInput(todaySchema, args.today, ['today']) ?? deps.clock.now().toISOString().slice(0, 10);
  const [issues, parties, profile, head, systems] = await Promise.all([
    readAll(deps.store, ContextIssues, 'register', {}, { sortPrefix: LIVE_ISSUES }),
    readAll(deps.store, InterestedParties, 'register', {}),
    deps.store.get(ContextProfiles, {}),
    readScopeHead(deps.store),
    readAll(deps.store, AiSystems, 'inventory', {}),
  ]);
  const approvedScope = head.approvedId
    ? await deps.store.get(ScopeStatements, { id: head.approvedId })
    : null;
  const gaps = contextGapsOf({ issues, parties, profile, approvedScope, head, systems });
  return connectionFromArray(gaps, args, deps.cursors, scope.tenantId, `contextGaps|${today}`);
}
