// Statement of Applicability resolvers.
import {
  type ApprovedSoa,
  approveSoa,
  assertCan,
  type CustomControl,
  CustomControls,
  connectionFromArray,
  entityHistory,
  getApprovedSoa,
  getControl,
  NotFoundError,
  type SoaEntry,
  type StatementOfApplicability,
  sectionOf,
  soaConsistency,
  updateSoaEntry,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import type { SoaEntryView } from '../views';
import { type TenantDeps, withTenant } from './tenant-deps';

const annexA = (e: SoaEntry) => sectionOf(e.controlId) === 'ANNEX_A';

const workingEntries = (soa: StatementOfApplicability, additional: boolean): SoaEntryView[] =>
  soa.entries
    .filter((e) => annexA(e) !== additional)
    .map((e) => ({ ...e, frozen: false, customControl: soa.customControls.get(e.controlId) ?? null }));

/** Approved additional entries show their control as approved, over its live record (one BatchGet). */
async function frozenAdditional(soa: ApprovedSoa, deps: TenantDeps): Promise<SoaEntryView[]> {
  const entries = soa.entries.filter((e) => !annexA(e));
  const live = await deps.store.getMany(
    CustomControls,
    entries.map((e) => ({ ref: e.controlId })),
  );
  return entries.map((e, i) => {
    const current = live[i];
    const frozen = e.customControl;
    const control: CustomControl | null = current
      ? {
          ...current,
          ...(frozen ?? {}),
          mappedAnnexA: (frozen?.mappedAnnexA ?? current.mappedAnnexA) as CustomControl['mappedAnnexA'],
        }
      : null;
    return { ...e, frozen: true, customControl: control };
  });
}

/** A finding's or waiver's control: Annex A, else a live custom control (the working SoA, read once per request). */
function controlOf(ref: string | null, tenantId: string, ctx: Parameters<typeof withTenant>[0]) {
  if (!ref) return null;
  const annex = getControl(ref);
  if (annex) return annex;
  return withTenant(
    ctx,
    tenantId,
    async (_a, deps) => (await deps.workingSoa()).customControls.get(ref) ?? null,
  );
}

export const soaResolvers: Resolvers = {
  Query: {
    statementOfApplicability: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => {
        assertCan(a.scope.role, 'soa.read');
        return deps.workingSoa();
      }),
    approvedSoa: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getApprovedSoa(a.scope, args.version, deps)),
    soaConsistency: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => {
        const all = await a.loaders.soaFindings(() => soaConsistency(a.scope, deps));
        const findings = all.map((f) => ({ ...f, tenantId: a.tenant.id }));
        return connectionFromArray(findings, args, deps.cursors, a.tenant.id, 'soaConsistency');
      }),
  },
  Mutation: {
    updateSoaEntry: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateSoaEntry(a.scope, args.input, deps)),
    approveSoa: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approveSoa(a.scope, args.input, deps)),
  },
  StatementOfApplicability: {
    entries: (soa) => workingEntries(soa, false),
    additionalEntries: (soa) => workingEntries(soa, true),
  },
  ApprovedSoa: {
    // Core numbers approvals; the API calls every version `version`.
    version: (soa) => soa.number,
    entries: (soa) => soa.entries.filter(annexA).map((e) => ({ ...e, frozen: true, customControl: null })),
    additionalEntries: (soa, _, ctx) =>
      withTenant(ctx, soa.tenantId, (_a, deps) => frozenAdditional(soa, deps)),
    methodologyVersion: (soa) => soa.methodologyVersion ?? null,
    openRiskCount: (soa) => soa.openRiskCount ?? null,
    waivers: (soa) => soa.waivers.map((w) => ({ ...w, tenantId: soa.tenantId })),
    approvedBy: (soa, _, ctx) => ctx.loaders.users.load(soa.approvedBy),
    history: (soa, args, ctx) =>
      withTenant(ctx, soa.tenantId, (a, deps) =>
        entityHistory(a.scope, 'ApprovedSoa', 'soa', args, { history: deps.store, ...deps }, soa.number),
      ),
  },
  SoaEntry: {
    controlRef: (e) => e.controlId,
    section: (e) => sectionOf(e.controlId),
    control: (e) => {
      const control = getControl(e.controlId) ?? e.customControl;
      if (!control) throw new NotFoundError('Control', e.controlId);
      return control;
    },
    officialTitle: (e) => e.officialTitle ?? null,
    owner: (e, _, ctx) => (e.ownerId ? ctx.loaders.users.load(e.ownerId) : null),
    // Explicit links plus the risks relying on the control (link items read once per request), by key.
    linkedRisks: (e, _, ctx) =>
      withTenant(ctx, e.tenantId, async (a) => {
        const relying = e.frozen
          ? []
          : (await a.loaders.controlReliance())
              .filter((l) => l.controlRef === e.controlId)
              .map((l) => l.riskId);
        const ids = [...new Set([...e.linkedRiskIds, ...relying])];
        return (await a.loaders.risks.loadMany(ids)).flatMap((r) => (r && !(r instanceof Error) ? [r] : []));
      }),
    // Entries of an approved SoA show their history up to the version frozen.
    history: (e, args, ctx) =>
      withTenant(ctx, e.tenantId, (a, deps) =>
        entityHistory(a.scope, 'SoaEntry', e.controlId, args, { history: deps.store, ...deps }, e.version),
      ),
  },
  SoaWaiver: {
    control: (w, _, ctx) => controlOf(w.controlId, w.tenantId, ctx),
    risk: (w, _, ctx) =>
      w.riskId ? withTenant(ctx, w.tenantId, (a) => a.loaders.risks.load(w.riskId as string)) : null,
    grantedBy: (w, _, ctx) => ctx.loaders.users.load(w.grantedBy),
  },
  SoaFinding: {
    control: (f, _, ctx) => controlOf(f.controlId, f.tenantId, ctx),
    risk: (f, _, ctx) =>
      f.riskId ? withTenant(ctx, f.tenantId, (a) => a.loaders.risks.load(f.riskId as string)) : null,
  },
};
