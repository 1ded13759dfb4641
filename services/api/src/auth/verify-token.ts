// Verifies a bearer JWT (signature against the JWKS, issuer, audience, expiry)
// and turns it into the Actor the use cases see. The audience is checked on `aud`
// (ID tokens) or `client_id`; an email claim is required, so in practice the
// Cognito ID token is what clients send.
import type { Actor } from '@aims/core';
import { UnauthenticatedError } from '@aims/core';
import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Actor | null>;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
    try {
      const { payload } = await jwtVerify(match[1], options.keys, {
        issuer: options.issuer,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp'],
      });
      const audiences = [payload.aud, payload.client_id]
        .flat()
        .filter((a): a is string => typeof a === 'string');
      if (!audiences.includes(options.audience))
        throw new UnauthenticatedError('token was issued for another audience');
      // Users are matched to invitations by email: Cognito access tokens carry none, so send the ID token.
      if (typeof payload.email !== 'string' || !payload.email) {
        throw new UnauthenticatedError('the token has no email claim; send the ID token');
      }
      const email = payload.email.toLowerCase();
      return {
        userId: String(payload.sub),
        email,
        emailVerified: payload.email_verified === true || payload.email_verified === 'true',
        displayName:
          typeof payload.name === 'string' && payload.name ? payload.name : email || String(payload.sub),
      };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      const reason = error instanceof errors.JWTExpired ? 'token expired' : 'invalid token';
      throw new UnauthenticatedError(reason, { cause: error });
    }
  };
}
