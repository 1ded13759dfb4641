// Key shapes. Every tenant-table key starts with `T#<tenantId>#`, so the same
// repositories serve a silo table and the pooled table, and IAM can pin a
// session to one tenant's leading keys. See services/data/README.md.

const nameKey = (name: string) => name.trim().toLowerCase().slice(0, 100);

export const tenantKeys = {
  aiSystem: (tenantId: string, id: string) => ({ PK: `T#${tenantId}#AISYS#${id}`, SK: '#META' }),
  aiSystemIndexes: (
    tenantId: string,
    s: { id: string; name: string; lifecycleStage: string; provenance: string },
  ) => {
    const sort = `${nameKey(s.name)}#${s.id}`;
    return {
      GSI1PK: `T#${tenantId}#AISYS`,
      GSI1SK: sort,
      GSI2PK: `T#${tenantId}#AISYS#STAGE#${s.lifecycleStage}`,
      GSI2SK: sort,
      GSI3PK: `T#${tenantId}#AISYS#PROV#${s.provenance}`,
      GSI3SK: sort,
    };
  },
  methodology: (tenantId: string, version: number) => ({
    PK: `T#${tenantId}#RISKMETH`,
    SK: `V#${String(version).padStart(10, '0')}`,
  }),
  risk: (tenantId: string, id: string) => ({ PK: `T#${tenantId}#RISK#${id}`, SK: '#META' }),
  riskIndexes: (tenantId: string, r: { id: string; score: number; band: string; ownerId: string }) => {
    // Highest score first, then id for a stable order.
    const sort = `${String(1000 - r.score).padStart(4, '0')}#${r.id}`;
    return {
      GSI1PK: `T#${tenantId}#RISK`,
      GSI1SK: sort,
      GSI2PK: `T#${tenantId}#RISK#BAND#${r.band}`,
      GSI2SK: sort,
      GSI3PK: `T#${tenantId}#RISK#OWNER#${r.ownerId}`,
      GSI3SK: sort,
    };
  },
  impactAssessment: (tenantId: string, id: string) => ({ PK: `T#${tenantId}#IA#${id}`, SK: '#META' }),
  impactAssessmentIndex: (tenantId: string, aiSystemId: string, revision: number) => ({
    GSI1PK: `T#${tenantId}#IA#SYS#${aiSystemId}`,
    GSI1SK: `REV#${String(revision).padStart(6, '0')}`,
  }),
  /** One per (system, revision): makes revision numbers unique under concurrent starts. */
  impactRevisionGuard: (tenantId: string, aiSystemId: string, revision: number) => ({
    PK: `T#${tenantId}#IASYS#${aiSystemId}`,
    SK: `REV#${String(revision).padStart(6, '0')}`,
  }),
  impactRiskLink: (tenantId: string, assessmentId: string, riskId: string) => ({
    PK: `T#${tenantId}#IA#${assessmentId}`,
    SK: `RISK#${riskId}`,
  }),
  soaWorking: (tenantId: string) => ({ PK: `T#${tenantId}#SOA`, SK: '#WORKING' }),
  soaApproved: (tenantId: string, n: number) => ({
    PK: `T#${tenantId}#SOA`,
    SK: `V#${String(n).padStart(6, '0')}`,
  }),
  action: (tenantId: string, id: string) => ({ PK: `T#${tenantId}#ACTION#${id}`, SK: '#META' }),
  actionIndex: (tenantId: string, a: { id: string; dueDate: string }) => ({
    GSI1PK: `T#${tenantId}#ACTION`,
    GSI1SK: `${a.dueDate}#${a.id}`,
  }),
  /** Change records live in their entity's item collection, ordered by version. */
  change: (tenantId: string, entityType: string, entityId: string, version: number) => ({
    PK: `T#${tenantId}#${entityPrefix(entityType)}#${entityId}`,
    SK: `CHG#${String(version).padStart(10, '0')}`,
  }),
  changeCollection: (tenantId: string, entityType: string, entityId: string) =>
    `T#${tenantId}#${entityPrefix(entityType)}#${entityId}`,
  /** Tenant-wide audit feed, newest last. */
  changeFeed: (tenantId: string, at: string, id: string) => ({
    GSI1PK: `T#${tenantId}#CHG`,
    GSI1SK: `${at}#${id}`,
  }),
};

function entityPrefix(entityType: string): string {
  const prefixes: Record<string, string> = {
    AiSystem: 'AISYS',
    Risk: 'RISK',
    RiskMethodology: 'RISKMETH',
    ImpactAssessment: 'IA',
    SoaEntry: 'SOAENTRY',
    StatementOfApplicability: 'SOA',
    TreatmentAction: 'ACTION',
  };
  const prefix = prefixes[entityType];
  if (!prefix) throw new Error(`no key prefix for entity type ${entityType}`);
  return prefix;
}

export const controlKeys = {
  consultancy: (id: string) => ({ PK: `CONS#${id}`, SK: '#META' }),
  consultancyMember: (userId: string, consultancyId: string) => ({
    PK: `USER#${userId}`,
    SK: `CONS#${consultancyId}`,
  }),
  consultancyStaffIndex: (consultancyId: string, userId: string) => ({
    GSI1PK: `CONS#${consultancyId}#STAFF`,
    GSI1SK: `USER#${userId}`,
  }),
  tenant: (id: string) => ({ PK: `TENANT#${id}`, SK: '#META' }),
  tenantIndexes: (t: { id: string; name: string; status: string; consultancyId: string | null }) => ({
    ...(t.consultancyId
      ? { GSI1PK: `CONS#${t.consultancyId}#TENANTS`, GSI1SK: `${nameKey(t.name)}#${t.id}` }
      : {}),
    GSI2PK: `TENANTS#${t.status}`,
    GSI2SK: t.id,
  }),
  user: (id: string) => ({ PK: `USER#${id}`, SK: '#META' }),
  email: (email: string) => ({ PK: `EMAIL#${email.toLowerCase()}`, SK: '#USER' }),
  membership: (userId: string, tenantId: string) => ({ PK: `USER#${userId}`, SK: `MEMBER#${tenantId}` }),
  membersIndex: (tenantId: string, userId: string) => ({
    GSI1PK: `TENANT#${tenantId}#MEMBERS`,
    GSI1SK: `USER#${userId}`,
  }),
  invitation: (tenantId: string, email: string) => ({
    PK: `TENANT#${tenantId}`,
    SK: `INVITE#${email.toLowerCase()}`,
  }),
  invitationsByEmail: (email: string, tenantId: string) => ({
    GSI1PK: `EMAIL#${email.toLowerCase()}#INVITES`,
    GSI1SK: `TENANT#${tenantId}`,
  }),
};
