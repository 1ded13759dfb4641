// Control-plane key shapes. Tenant data keys come from the aggregate
// declarations in core (see packages/core/src/shared/store-keys.ts).

const nameKey = (name: string) => name.trim().toLowerCase().slice(0, 100);

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
