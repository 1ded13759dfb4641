// Where the cursor secret comes from, and how it rotates.
//
// In AWS the secret lives in Secrets Manager and rotation uses its own staging
// labels: `put-secret-value` moves AWSCURRENT to the new value and AWSPREVIOUS to
// the old one. Cursors are sealed with AWSCURRENT and opened with either, so a
// cursor made just before a rotation still works after it; one made two
// rotations ago does not. Locally, CURSOR_SECRET and CURSOR_SECRET_PREVIOUS play
// the two roles. Key ids are derived from the secrets (cursorKey), so nobody
// assigns or stores them.
import { type CursorKeys, cursorKey } from '@aims/core';
import type { ApiConfig } from './config';

type SecretSource = Pick<
  ApiConfig,
  'CURSOR_SECRET' | 'CURSOR_SECRET_PREVIOUS' | 'CURSOR_SECRET_ARN' | 'AWS_REGION'
>;

export async function loadCursorKeys(config: SecretSource): Promise<CursorKeys> {
  if (config.CURSOR_SECRET) {
    return withPrevious(config.CURSOR_SECRET, config.CURSOR_SECRET_PREVIOUS);
  }
  // Loaded only where configured: an SDK client adds tens of milliseconds to a cold start.
  const { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } = await import(
    '@aws-sdk/client-secrets-manager'
  );
  const client = new SecretsManagerClient({ region: config.AWS_REGION });
  const read = async (VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      const out = await client.send(
        new GetSecretValueCommand({ SecretId: config.CURSOR_SECRET_ARN, VersionStage }),
      );
      return out.SecretString;
    } catch (error) {
      // A secret never rotated has no AWSPREVIOUS version.
      if (VersionStage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
  const [current, previous] = await Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]);
  if (!current) throw new Error('cursor secret is empty');
  return withPrevious(current, previous);
}

function withPrevious(current: string, previous: string | undefined): CursorKeys {
  const keys = { current: cursorKey(current) };
  return previous && previous !== current ? { ...keys, previous: [cursorKey(previous)] } : keys;
}
