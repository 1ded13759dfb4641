// The evidence caps of the readiness assessment (§3.12.2 "Evidence cap",
// §3.12.3 c_i), computed from the tenant's records. Each module is read on its
// own, in parallel, by key-served, bounded reads (index queries, small
// partitions, gets), and its gap rules decide the caps. A module with no
// records gives no caps: its items stay self-declared (absent from the map).
import { contextGapsOf } from '../../context/context-gaps';
import { readScopeHead } from '../../context/manage-scope';
import {
  ContextIssues,
  ContextProfiles,
  InterestedParties,
  LIVE_ISSUES,
  ScopeStatements,
} from '../../context/model';
import { ControlledDocuments } from '../../documents/model';
import { documentChecklistOf } from '../../documents/query-documents';
import { addMonths } from '../../governance/committee';
import { governanceGapsOf } from '../../governance/governance-gaps';
import { Appointments, Committees } from '../../governance/model';
import { ImpactAssessments } from '../../impact/model';
import { AiSystems } from '../../inventory/model';
import { AiObjectives } from '../../objectives/model';
import { AiOpportunities } from '../../opportunity/model';
import { planState } from '../../plan/approve-treatment-plan';
import { TreatmentPlanHeads } from '../../plan/model';
import { mitigationGaps } from '../../plan/treatment-plan-gaps';
import { commitmentEvidence } from '../../policy/commitment-evidence';
import { PolicyDocuments } from '../../policy/model';
import { acknowledgementStats, type PolicyAudience } from '../../policy/query-policies';
import { approvedMethodology } from '../../risk/manage-methodology';
import { Methodologies, RiskCountsStore, RiskSystemLinks, Risks } from '../../risk/model';
import type { Risk } from '../../risk/risk';
import type { Clock, PageKey } from '../../shared/ports';
import { readAll } from '../../shared/read-all';
import type { TenantStore } from '../../shared/store';
import { soaConsistency } from '../../soa/manage-soa';
import { SoaEntries, SoaHeads } from '../../soa/model';
import type { SoaEntry, SoaHead } from '../../soa/statement-of-applicability';
import { competenceGapsOf, defaultRequirements, requiredCompetences } from '../../support/competence';
import {
  CommunicationPlanEntries,
  CompetenceGapActions,
  CompetenceRecords,
  CompetenceRequirements,
  TrainingAssignments,
} from '../../support/model';
import type { TenantScope } from '../../tenancy/tenant-scope';
import { cm4BusinessInvolvement, type Decision } from './business-involvement-cap';
import { rq02ContextIssues, rq03SystemRoles, rq04InterestedParties, rq05Scope } from './context-caps';
import { rq27DocumentControl } from './document-caps';
import type { EvidenceCap } from './evidence-cap';
import { cm2BusinessInitiative, rq06Committee, rq07Roles, rq08TopManagement } from './governance-caps';
import { rq17ImpactAssessments } from './impact-caps';
import { rq11Inventory, rq18EuAiAct } from './inventory-caps';
import { rq12Objectives, rq15Opportunities, rq20TreatmentPlan } from './planning-caps';
import { rq09AiPolicy, rq10PolicyCommunication, rq38ConcisePolicies } from './policy-caps';
import { rq22Procedures, rq30IncidentProcess } from './procedure-caps';
import { rq13Methodology, rq14RiskAssessments, rq16Treatment } from './risk-caps';
import { annexControlCaps, rq19Soa } from './soa-caps';
import { rq24Competence, rq25Training, rq26Communication } from './support-caps';

export type { EvidenceCap } from './evidence-cap';

type Caps = (EvidenceCap | null)[];

/** What the tenant store does not hold: the caller supplies it from the control plane. */
export interface EvidenceSources {
  /** The people a policy is meant for (RQ-10's acknowledgement rate); without it RQ-10 stays self-declared. */
  policyAudience?: PolicyAudience;
}

/** The module reads run under a read-only scope of the store's own tenant: the caps are facts, not a user's view. */
const readerScope = (store: TenantStore): TenantScope => ({
  tenantId: store.tenantId,
  actorId: 'readiness-evidence',
  role: 'VIEWER',
});

/** The day the caps are computed for, as the modules' clock. */
const clockAt = (today: string): Clock => ({ now: () => new Date(`${today}T12:00:00.000Z`) });

/** The inventory and the approved scope: what "in-scope systems" means for several items. */
async function readInventory(store: TenantStore) {
  const [systems, head] = await Promise.all([
    readAll(store, AiSystems, 'inventory', {}),
    readScopeHead(store),
  ]);
  const approvedScope = head.approvedId ? await store.get(ScopeStatements, { id: head.approvedId }) : null;
  const live = systems.filter((s) => s.lifecycleStage !== 'DECOMMISSIONED');
  const inScope = approvedScope ? live.filter((s) => approvedScope.inScope.aiSystemIds.includes(s.id)) : live;
  return { systems, head, approvedScope, inScope };
}
type Inventory = Awaited<ReturnType<typeof readInventory>>;

async function contextCaps(store: TenantStore, inventory: Promise<Inventory>): Promise<Caps> {
  const [issues, parties, profile, inv] = await Promise.all([
    readAll(store, ContextIssues, 'register', {}, { sortPrefix: LIVE_ISSUES }),
    readAll(store, InterestedParties, 'register', {}),
    store.get(ContextProfiles, {}),
    inventory,
  ]);
  const gaps = contextGapsOf({ ...inv, issues, parties, profile });
  return [
    rq02ContextIssues(issues, gaps),
    rq03SystemRoles(inv.inScope),
    rq04InterestedParties(parties, gaps),
    rq05Scope(inv.head, gaps),
    rq11Inventory(inv.inScope),
    rq18EuAiAct(inv.inScope),
  ];
}

async function governanceCaps(
  store: TenantStore,
  today: string,
  inventory: Promise<Inventory>,
  appointments: Promise<Awaited<ReturnType<typeof readAppointments>>>,
): Promise<Caps> {
  const [inForce, committees, inv, evidence] = await Promise.all([
    appointments,
    readAll(store, Committees, 'all', {}),
    inventory,
    commitmentEvidence(
      readerScope(store),
      { from: addMonths(today, -12), to: today },
      { store, clock: clockAt(today) },
    ),
  ]);
  const gaps = governanceGapsOf({ appointments: inForce, systems: inv.systems, committees, today });
  return [
    rq06Committee(committees, gaps),
    cm2BusinessInitiative(committees, gaps),
    rq07Roles(inForce.length, gaps),
    rq08TopManagement(inForce.filter((a) => a.kind === 'TOP_MANAGEMENT').length, evidence.total),
  ];
}

const readAppointments = (store: TenantStore) => readAll(store, Appointments, 'inForce', {});

async function policyCaps(store: TenantStore, today: string, audience?: PolicyAudience): Promise<Caps> {
  const [register, published] = await Promise.all([
    readAll(store, PolicyDocuments, 'register', {}),
    readAll(store, PolicyDocuments, 'published', {}),
  ]);
  // The newest publication of an AI policy (the index is oldest first): the version people acknowledge.
  const aiPublished = published.filter((p) => p.kind === 'AI_POLICY').at(-1) ?? null;
  const acknowledgements =
    aiPublished && audience ? await acknowledgementStats(store, aiPublished, audience) : null;
  return [
    rq09AiPolicy([...published, ...register], today),
    rq10PolicyCommunication({
      hasAiPolicy: register.some((p) => p.kind === 'AI_POLICY'),
      published: aiPublished,
      acknowledgements,
    }),
    rq38ConcisePolicies(register, today),
  ];
}

async function riskCaps(store: TenantStore, inventory: Promise<Inventory>): Promise<Caps> {
  const [approved, latest, links, gaps, counts, inv] = await Promise.all([
    approvedMethodology(store),
    store.collection(Methodologies, ['RISKMETH'], { descending: true, limit: 1 }),
    store.collection(RiskSystemLinks, ['LINK', 'RISK-SYSTEM']),
    readAll(store, Risks, 'gaps', {}),
    store.collection(RiskCountsStore, ['RISKCOUNT']),
    inventory,
  ]);
  const inScopeIds = inv.inScope.map((s) => s.id);
  const wanted = new Set(inScopeIds);
  const linked = links.filter((l) => wanted.has(l.aiSystemId));
  const riskIds = [...new Set(linked.map((l) => l.riskId))];
  const risks = new Map(
    (
      await store.getMany(
        Risks,
        riskIds.map((id) => ({ id })),
      )
    )
      .filter((r): r is Risk => !!r)
      .map((r) => [r.id, r]),
  );
  const bySystem = new Map<string, Risk[]>();
  for (const l of linked) {
    const risk = risks.get(l.riskId);
    if (risk) bySystem.set(l.aiSystemId, [...(bySystem.get(l.aiSystemId) ?? []), risk]);
  }
  // Inherent cells count every open risk once per methodology version.
  const openRisks = counts
    .flatMap((c) => Object.entries(c.cells).filter(([k]) => k.startsWith('i_')))
    .reduce((n, [, v]) => n + v, 0);
  return [
    rq13Methodology(approved, latest[0] ?? null),
    rq14RiskAssessments(links.length ? inScopeIds : [], bySystem),
    rq16Treatment(openRisks, gaps.length),
  ];
}

async function impactCaps(store: TenantStore, today: string, inventory: Promise<Inventory>): Promise<Caps> {
  const [any, approved, inv] = await Promise.all([
    store.query(ImpactAssessments, 'byTenant', {}, { limit: 1 }),
    readAll(store, ImpactAssessments, 'reassessmentDue', {}),
    inventory,
  ]);
  return [
    rq17ImpactAssessments({
      inScopeIds: inv.inScope.map((s) => s.id),
      anyAssessment: any.entries.length > 0,
      approved,
      today,
    }),
  ];
}

async function soaCaps(store: TenantStore, today: string): Promise<Caps> {
  const parts = await store.partition(['SOA'], [SoaHeads, SoaEntries]);
  const head = (parts.get(SoaHeads.name)?.[0] as SoaHead | undefined) ?? null;
  const entries = (parts.get(SoaEntries.name) ?? []) as SoaEntry[];
  if (!head && !entries.length) return [];
  const findings = await soaConsistency(readerScope(store), { store, clock: clockAt(today) });
  return [rq19Soa(head, findings), ...annexControlCaps(entries)];
}

/** Whether a MITIGATE risk lacks an action, read until the first one. */
async function anyMitigationWithoutAction(store: TenantStore): Promise<boolean> {
  let startKey: PageKey | undefined;
  do {
    const page = await mitigationGaps(store, { limit: 25, ...(startKey ? { startKey } : {}) });
    if (page.entries.length) return true;
    startKey = page.hasMore ? page.endKey : undefined;
  } while (startKey);
  return false;
}

async function planningCaps(store: TenantStore): Promise<Caps> {
  const [objectives, opportunities, withAction, head, mitigation] = await Promise.all([
    readAll(store, AiObjectives, 'register', {}),
    store.query(AiOpportunities, 'register', {}, { limit: 1 }),
    readAll(store, AiOpportunities, 'actions', {}),
    store.get(TreatmentPlanHeads, {}),
    anyMitigationWithoutAction(store),
  ]);
  return [
    rq12Objectives(objectives),
    rq15Opportunities(opportunities.entries.length, withAction),
    rq20TreatmentPlan(planState(head), mitigation),
  ];
}

const readCommunicationPlan = (store: TenantStore) => readAll(store, CommunicationPlanEntries, 'all', {});
type CommunicationPlan = Awaited<ReturnType<typeof readCommunicationPlan>>;

async function supportCaps(
  store: TenantStore,
  today: string,
  appointments: Promise<Awaited<ReturnType<typeof readAppointments>>>,
  communicationPlan: Promise<CommunicationPlan>,
): Promise<Caps> {
  const [stored, records, actions, inForce, assignments, plan] = await Promise.all([
    readAll(store, CompetenceRequirements, 'all', {}),
    readAll(store, CompetenceRecords, 'all', {}),
    readAll(store, CompetenceGapActions, 'all', {}),
    appointments,
    readAll(store, TrainingAssignments, 'all', {}),
    communicationPlan,
  ]);
  // Appointees only (members: none): RQ-24 is about the people holding AIMS roles.
  const requirements = stored.length
    ? stored
    : defaultRequirements(store.tenantId, new Date(0).toISOString());
  const required = requiredCompetences({ requirements, appointments: inForce, members: [] });
  const gaps = competenceGapsOf({ required, records, actions, today });
  return [
    rq24Competence(stored.length + records.length + actions.length > 0, gaps),
    rq25Training(assignments, today),
    rq26Communication(plan),
  ];
}

/** APPROVED documents past their review date: the status index in review order, read until the first not due. */
async function overdueDocuments(store: TenantStore, today: string): Promise<number> {
  let n = 0;
  let startKey: PageKey | undefined;
  do {
    const page = await store.query(
      ControlledDocuments,
      'byStatus',
      { status: 'APPROVED' },
      { limit: 100, ...(startKey ? { startKey } : {}) },
    );
    for (const { item } of page.entries) {
      if (!item.nextReviewOn || item.nextReviewOn >= today) return n;
      n++;
    }
    startKey = page.hasMore ? (page.endKey ?? page.entries.at(-1)?.key) : undefined;
  } while (startKey);
  return n;
}

async function documentCaps(store: TenantStore, today: string): Promise<Caps> {
  const [first, checklist, overdue] = await Promise.all([
    store.query(ControlledDocuments, 'register', {}, { limit: 1 }),
    documentChecklistOf(readerScope(store), { today }, { store, clock: clockAt(today) }),
    overdueDocuments(store, today),
  ]);
  return [
    rq27DocumentControl({
      hasDocuments: first.entries.length > 0,
      checklist,
      overdueDocuments: overdue,
      today,
    }),
  ];
}

/** The procedures of the register (one type index, a few dozen documents at most) and the communication plan. */
async function procedureCaps(
  store: TenantStore,
  communicationPlan: Promise<CommunicationPlan>,
): Promise<Caps> {
  const [procedures, plan] = await Promise.all([
    readAll(store, ControlledDocuments, 'byType', { type: 'PROCEDURE' }),
    communicationPlan,
  ]);
  return [rq22Procedures(procedures), rq30IncidentProcess(procedures, plan)];
}

/** Decisions read for CM-4: the newest residual acceptances, as many as commitment evidence reads. */
const MAX_ACCEPTANCES = 100;

async function businessCaps(store: TenantStore): Promise<Caps> {
  const [committee, accepted, approved] = await Promise.all([
    readAll(store, Appointments, 'register', {}, { sortPrefix: 'COMMITTEE_' }),
    store.query(Risks, 'byStatus', { status: 'ACCEPTED' }, { limit: MAX_ACCEPTANCES }),
    readAll(store, ImpactAssessments, 'reassessmentDue', {}),
  ]);
  const decisions: Decision[] = [
    ...accepted.entries.flatMap(({ item }) =>
      item.residualAcceptance
        ? [{ by: item.residualAcceptance.acceptedBy, at: item.residualAcceptance.acceptedAt }]
        : [],
    ),
    ...approved.flatMap((a) =>
      a.approvedBy && a.approvedAt ? [{ by: a.approvedBy, at: a.approvedAt }] : [],
    ),
  ];
  return [cm4BusinessInvolvement(decisions, committee)];
}

/**
 * Every cap the tenant's records support as of `today` (YYYY-MM-DD), by item id.
 * Reads shared by several groups (inventory, appointments, communication plan) run once.
 */
export async function evidenceCaps(
  store: TenantStore,
  today: string,
  sources: EvidenceSources = {},
): Promise<Map<string, EvidenceCap>> {
  const inventory = readInventory(store);
  const appointments = readAppointments(store);
  const communicationPlan = readCommunicationPlan(store);
  const groups = await Promise.all([
    contextCaps(store, inventory),
    governanceCaps(store, today, inventory, appointments),
    policyCaps(store, today, sources.policyAudience),
    riskCaps(store, inventory),
    impactCaps(store, today, inventory),
    soaCaps(store, today),
    planningCaps(store),
    supportCaps(store, today, appointments, communicationPlan),
    documentCaps(store, today),
    procedureCaps(store, communicationPlan),
    businessCaps(store),
  ]);
  const caps = groups.flat().filter((c): c is EvidenceCap => c !== null);
  return new Map(caps.map((c) => [c.itemId, c]));
}
