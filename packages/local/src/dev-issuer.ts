// A local stand-in for Cognito: an RS256 key pair, its JWKS, and tokens for
// seeded users. Never used in AWS, where Cognito issues the tokens.
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTVerifyGetKey, SignJWT } from 'jose';

export interface DevUser {
  sub: string;
  email: string;
  name: string;
}

export interface SignOptions {
  expiresIn?: string | number;
  emailVerified?: boolean;
  /** Override the claims, to test that the API refuses them (null email: no email claim). */
  email?: string | null;
  issuer?: string;
  audience?: string;
}

export interface DevIssuer {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  keys: JWTVerifyGetKey;
  sign(user: DevUser, options?: SignOptions): Promise<string>;
}

export async function createDevIssuer(issuer: string, audience: string): Promise<DevIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  return {
    issuer,
    audience,
    jwks,
    keys: createLocalJWKSet(jwks),
    sign: (user, options = {}) =>
      new SignJWT({
        ...(options.email === null ? {} : { email: options.email ?? user.email }),
        email_verified: options.emailVerified ?? true,
        name: user.name,
      })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject(user.sub)
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '12h')
        .sign(privateKey),
  };
}
