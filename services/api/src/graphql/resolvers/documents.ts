// Document register resolvers (7.5, §3.6.4, §3.13): thin adapters over the core use cases.
import {
  approveControlledDocument,
  type ControlledDocument,
  connectionFromArray,
  controlledDocumentHistory,
  createControlledDocument,
  documentChecklistOf,
  documentGapsOf,
  documentRegister,
  getControlledDocument,
  listControlledDocuments,
  transitionControlledDocument,
  updateControlledDocument,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

const storageView = (s: ControlledDocument['storage']) =>
  s.kind === 'SYSTEM_RECORD'
    ? { systemRecord: s.systemRecord, url: null, sha256: null }
    : { systemRecord: null, url: s.url, sha256: s.sha256 };

export const documentsResolvers: Resolvers = {
  Query: {
    controlledDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getControlledDocument(a.scope, args.id, deps)),
    controlledDocuments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listControlledDocuments(a.scope, args, deps)),
    documentRegister: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => documentRegister(a.scope, args, deps)),
    documentChecklist: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) =>
        connectionFromArray(
          await documentChecklistOf(a.scope, args, deps),
          args,
          deps.cursors,
          a.scope.tenantId,
          `documentChecklist|${args.today ?? ''}`,
        ),
      ),
    documentGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => documentGapsOf(a.scope, args, deps)),
  },
  Mutation: {
    createControlledDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createControlledDocument(a.scope, args.input, deps)),
    updateControlledDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateControlledDocument(a.scope, args.input, deps)),
    transitionControlledDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => transitionControlledDocument(a.scope, args.input, deps)),
    approveControlledDocument: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approveControlledDocument(a.scope, args.input, deps)),
  },
  ControlledDocument: {
    owner: (d, _, ctx) => ctx.loaders.users.load(d.ownerUserId),
    author: (d, _, ctx) => ctx.loaders.users.load(d.authorId),
    storage: (d) => storageView(d.storage),
    history: (d, args, ctx) =>
      withTenant(ctx, d.tenantId, (a, deps) => controlledDocumentHistory(a.scope, d, args, deps)),
  },
  DocumentApproval: {
    by: (approval, _, ctx) => ctx.loaders.users.load(approval.by),
  },
  RegisterEntry: {
    approvedBy: (e, _, ctx) => (e.approvedBy ? ctx.loaders.users.load(e.approvedBy) : null),
  },
};
