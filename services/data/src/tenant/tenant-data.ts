// Binds data access to one verified tenant. The client provider is the seam for
// tenant-scoped credentials in AWS (a client whose session policy reaches only
// this tenant's table or leading keys); locally it passes one client through.
import type { Tenant } from '@aims/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAiSystemRepository } from './ai-system-repository';
import {
  DynamoImpactAssessmentRepository,
  DynamoSoaRepository,
  DynamoTreatmentActionRepository,
} from './assessment-repositories';
import { DynamoMethodologyRepository, DynamoRiskRepository } from './risk-repositories';
import { VersionedStore } from './versioned-store';

export interface TenantClientProvider {
  clientFor(tenant: Tenant): Promise<DynamoDBDocumentClient>;
}

export class PassThroughClientProvider implements TenantClientProvider {
  constructor(private readonly doc: DynamoDBDocumentClient) {}
  async clientFor(): Promise<DynamoDBDocumentClient> {
    return this.doc;
  }
}

export interface TenantRepositories {
  aiSystems: DynamoAiSystemRepository;
  methodologies: DynamoMethodologyRepository;
  risks: DynamoRiskRepository;
  assessments: DynamoImpactAssessmentRepository;
  soa: DynamoSoaRepository;
  actions: DynamoTreatmentActionRepository;
}

export async function tenantRepositories(
  tenant: Tenant,
  clients: TenantClientProvider,
): Promise<TenantRepositories> {
  const doc = await clients.clientFor(tenant);
  const store = new VersionedStore(doc, tenant.tableName, tenant.id);
  return {
    aiSystems: new DynamoAiSystemRepository(doc, tenant.tableName, tenant.id),
    methodologies: new DynamoMethodologyRepository(store),
    risks: new DynamoRiskRepository(store),
    assessments: new DynamoImpactAssessmentRepository(store),
    soa: new DynamoSoaRepository(store),
    actions: new DynamoTreatmentActionRepository(store),
  };
}
