import { createDevIssuer } from '@aims/local';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const ME = '{ me { user { id email } } }';
let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});

describe('authentication', () => {
  it('accepts a valid token and answers for its subject', async () => {
    const result = await api.gql(ME, {}, { as: api.users.alex });
    expect(result.data?.me.user).toEqual({ id: api.users.alex.sub, email: api.users.alex.email });
  });

  it('refuses a request without a token', async () => {
    const result = await api.gql(ME, {}, { as: null });
    expect(onlyError(result)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, path: ['me'] });
  });

  it('refuses an expired token', async () => {
    const expired = await api.issuer.sign(api.users.alex, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const result = await api.gql(ME, {}, { bearer: `Bearer ${expired}` });
    expect(result.status).toBe(401);
    const error = onlyError(result);
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/token expired$/);
    expect(result.data).toBeNull();
  });

  it('refuses a token signed by another key with the same issuer and audience', async () => {
    const forger = await createDevIssuer(api.issuer.issuer, api.issuer.audience);
    const forged = await forger.sign(api.users.priya);
    const result = await api.gql(ME, {}, { bearer: `Bearer ${forged}` });
    expect(onlyError(result).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token for another audience or issuer, even when signed with the trusted key', async () => {
    for (const claims of [{ audience: 'someone-else' }, { issuer: 'https://evil.test/' }]) {
      const token = await api.issuer.sign(api.users.alex, claims);
      const result = await api.gql(ME, {}, { bearer: `Bearer ${token}` });
      expect(onlyError(result).extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a token without an email claim (a Cognito access token), asking for the ID token', async () => {
    const token = await api.issuer.sign(api.users.alex, { email: null });
    const result = await api.gql(ME, {}, { bearer: `Bearer ${token}` });
    expect(onlyError(result).extensions.code).toBe('UNAUTHENTICATED');
    expect(onlyError(result).message).toMatch(/ID token/);
  });

  it('refuses a malformed Authorization header and an unsigned token', async () => {
    const noScheme = await api.gql(ME, {}, { bearer: 'just-a-token' });
    expect(onlyError(noScheme).extensions.code).toBe('UNAUTHENTICATED');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: 'user-alex', iss: api.issuer.issuer, aud: api.issuer.audience }),
    ).toString('base64url');
    const unsigned = await api.gql(ME, {}, { bearer: `Bearer ${header}.${body}.` });
    expect(onlyError(unsigned).extensions.code).toBe('UNAUTHENTICATED');
  });
});
