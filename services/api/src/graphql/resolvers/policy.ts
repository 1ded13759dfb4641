// AI policy resolvers (5.2, §3.2.1) and the 5.1 commitment evidence view: thin
// adapters over the core use cases. The policy audience (members who are not
// consultants) comes from the control plane's membership listing, read once
// per request and tenant.
import {
  acknowledgementStats,
  acknowledgePolicy,
  approvePolicy,
  commitmentEvidence,
  connectionFromArray,
  createPolicyDocument,
  createPolicyVersion,
  getPolicyDocument,
  listPolicyDocuments,
  PolicyAcknowledgements,
  policyCompletenessOf,
  policyHistory,
  policyVersions,
  transitionPolicy,
  updatePolicyDraft,
} from '@aims/core';
import DataLoader from 'dataloader';
import type { TenantAccess } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { audienceOf } from './policy-audience';
import { withTenant } from './tenant-deps';

const myAcks = new WeakMap<TenantAccess, DataLoader<string, boolean>>();

/** Whether the caller acknowledged each `documentId|versionNumber`: one BatchGet per page. */
function myAckLoader(access: TenantAccess): DataLoader<string, boolean> {
  let loader = myAcks.get(access);
  if (!loader) {
    loader = new DataLoader(
      async (keys) => {
        const found = await access.store.getMany(
          PolicyAcknowledgements,
          keys.map((k) => {
            const [documentId = '', versionNumber = '0'] = k.split('|');
            return { documentId, versionNumber: Number(versionNumber), userId: access.scope.actorId };
          }),
        );
        return found.map((a) => !!a);
      },
      { maxBatchSize: 100 },
    );
    myAcks.set(access, loader);
  }
  return loader;
}

export const policyResolvers: Resolvers = {
  Query: {
    policyDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        getPolicyDocument(a.scope, args.id, args.versionNumber, deps),
      ),
    policyDocuments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listPolicyDocuments(a.scope, args, deps)),
    commitmentEvidence: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => commitmentEvidence(a.scope, args.period, deps)),
  },
  Mutation: {
    createPolicyDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createPolicyDocument(a.scope, args.input, deps)),
    updatePolicyDraft: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updatePolicyDraft(a.scope, args.input, deps)),
    createPolicyVersion: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createPolicyVersion(a.scope, args.input, deps)),
    transitionPolicy: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => transitionPolicy(a.scope, args.input, deps)),
    approvePolicy: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approvePolicy(a.scope, args.input, deps)),
    acknowledgePolicy: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => acknowledgePolicy(a.scope, args.input, deps)),
  },
  PolicyDocument: {
    authors: async (doc, _, ctx) =>
      (await ctx.loaders.users.loadMany(doc.authorIds)).flatMap((u) =>
        u && !(u instanceof Error) ? [u] : [],
      ),
    createdBy: (doc, _, ctx) => ctx.loaders.users.load(doc.createdBy),
    completeness: (doc, _, ctx) =>
      withTenant(ctx, doc.tenantId, (a, deps) =>
        policyCompletenessOf(a.scope, doc, { ...deps, audience: audienceOf(ctx, a) }),
      ),
    acknowledgementStats: (doc, _, ctx) =>
      withTenant(ctx, doc.tenantId, (a) => acknowledgementStats(a.store, doc, audienceOf(ctx, a))),
    acknowledgedByMe: (doc, _, ctx) =>
      withTenant(ctx, doc.tenantId, (a) => myAckLoader(a).load(`${doc.id}|${doc.versionNumber}`)),
    versions: (doc, args, ctx) =>
      withTenant(ctx, doc.tenantId, async (a, deps) =>
        connectionFromArray(
          await policyVersions(a.scope, doc.id, deps),
          args,
          deps.cursors,
          a.tenant.id,
          `policyVersions|${doc.id}`,
        ),
      ),
    history: (doc, args, ctx) =>
      withTenant(ctx, doc.tenantId, (a, deps) => policyHistory(a.scope, doc, args, deps)),
  },
  PolicyApproval: {
    by: (approval, _, ctx) => ctx.loaders.users.load(approval.by),
    byId: (approval) => approval.by,
  },
  PolicyAcknowledgement: {
    user: (ack, _, ctx) => ctx.loaders.users.load(ack.userId),
  },
  CommitmentEvidenceItem: {
    user: (item, _, ctx) => ctx.loaders.users.load(item.userId),
  },
};
