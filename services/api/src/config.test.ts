import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const valid = {
  CONTROL_PLANE_TABLE: 'cp',
  TENANT_TABLE_PREFIX: 'aims-dev-tenant-',
  POOLED_TABLE: 'pooled',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  JWT_AUDIENCE: 'client',
  JWKS_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json',
  CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor',
};

describe('loadConfig', () => {
  it('accepts a complete environment and defaults the stage', () => {
    expect(loadConfig(valid)).toMatchObject({ STAGE: 'dev', POOLED_TABLE: 'pooled' });
  });

  it('fails fast naming every missing or malformed variable', () => {
    expect(() => loadConfig({ ...valid, CONTROL_PLANE_TABLE: undefined, JWT_ISSUER: 'not a url' })).toThrow(
      /CONTROL_PLANE_TABLE.*JWT_ISSUER|JWT_ISSUER.*CONTROL_PLANE_TABLE/,
    );
  });

  it('needs a cursor secret from one source or the other', () => {
    expect(() => loadConfig({ ...valid, CURSOR_SECRET_ARN: undefined })).toThrow(/CURSOR_SECRET/);
    expect(
      loadConfig({ ...valid, CURSOR_SECRET_ARN: undefined, CURSOR_SECRET: 'x'.repeat(32) }).CURSOR_SECRET,
    ).toHaveLength(32);
  });

  it('takes a previous cursor secret only beside CURSOR_SECRET', () => {
    const local = { ...valid, CURSOR_SECRET_ARN: undefined, CURSOR_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...local, CURSOR_SECRET_PREVIOUS: 'y'.repeat(32) }).CURSOR_SECRET_PREVIOUS).toBe(
      'y'.repeat(32),
    );
    expect(() => loadConfig({ ...valid, CURSOR_SECRET_PREVIOUS: 'y'.repeat(32) })).toThrow(
      /CURSOR_SECRET_PREVIOUS/,
    );
    expect(() => loadConfig({ ...local, CURSOR_SECRET_PREVIOUS: 'short' })).toThrow(/CURSOR_SECRET_PREVIOUS/);
  });

  it('accepts only an IAM role ARN for tenant access', () => {
    expect(() => loadConfig({ ...valid, TENANT_ACCESS_ROLE_ARN: 'arn:aws:s3:::bucket' })).toThrow(
      /IAM role ARN/,
    );
    expect(
      loadConfig({ ...valid, TENANT_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/x' })
        .TENANT_ACCESS_ROLE_ARN,
    ).toBe('arn:aws:iam::123456789012:role/x');
  });
});
