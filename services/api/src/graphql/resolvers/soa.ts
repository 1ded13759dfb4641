// Statement of Applicability resolvers.
import {
  approveSoa,
  assertCan,
  connectionFromArray,
  entityHistory,
  getApprovedSoa,
  getControl,
  NotFoundError,
  type SoaEntry,
  soaConsistency,
  updateSoaEntry,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

const entryView = (frozen: boolean) => (e: SoaEntry) => ({ ...e, frozen });

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
    entries: (soa) => soa.entries.map(entryView(false)),
  },
  ApprovedSoa: {
    // Core numbers approvals; the API calls every version `version`.
    version: (soa) => soa.number,
    entries: (soa) => soa.entries.map(entryView(true)),
    waivers: (soa) => soa.waivers.map((w) => ({ ...w, tenantId: soa.tenantId })),
    approvedBy: (soa, _, ctx) => ctx.loaders.users.load(soa.approvedBy),
    history: (soa, args, ctx) =>
      withTenant(ctx, soa.tenantId, (a, deps) =>
        entityHistory(a.scope, 'ApprovedSoa', 'soa', args, { history: deps.store, ...deps }, soa.number),
      ),
  },
  SoaEntry: {
    control: (e) => {
      const control = getControl(e.controlId);
      if (!control) throw new NotFoundError('AnnexAControl', e.controlId);
      return control;
    },
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
    control: (w) => (w.controlId ? (getControl(w.controlId) ?? null) : null),
    risk: (w, _, ctx) =>
      w.riskId ? withTenant(ctx, w.tenantId, (a) => a.loaders.risks.load(w.riskId as string)) : null,
    grantedBy: (w, _, ctx) => ctx.loaders.users.load(w.grantedBy),
  },
  SoaFinding: {
    control: (f) => (f.controlId ? (getControl(f.controlId) ?? null) : null),
    risk: (f, _, ctx) =>
      f.riskId ? withTenant(ctx, f.tenantId, (a) => a.loaders.risks.load(f.riskId as string)) : null,
  },
};
