import { CursorCodec, cursorKey } from '@aims/core';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCursorKeys } from './cursor-keys';

const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor';
const OLD = 'o'.repeat(48);
const NEW = 'n'.repeat(48);
const pageKey = { PK: 'T#t1#AISYS#01', SK: '#META' };

describe('loadCursorKeys', () => {
  it('uses CURSOR_SECRET, with CURSOR_SECRET_PREVIOUS as a key that still opens cursors', async () => {
    expect(await loadCursorKeys({ CURSOR_SECRET: NEW, AWS_REGION: 'eu-west-1' })).toEqual({
      current: cursorKey(NEW),
    });
    expect(
      await loadCursorKeys({ CURSOR_SECRET: NEW, CURSOR_SECRET_PREVIOUS: OLD, AWS_REGION: 'eu-west-1' }),
    ).toEqual({ current: cursorKey(NEW), previous: [cursorKey(OLD)] });
  });

  it('reads AWSCURRENT and AWSPREVIOUS from Secrets Manager, so a rotation keeps cursors in flight', async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: NEW })
      .on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' })
      .resolves({ SecretString: OLD });
    const keys = await loadCursorKeys({ CURSOR_SECRET_ARN: ARN, AWS_REGION: 'eu-west-1' });
    expect(keys).toEqual({ current: cursorKey(NEW), previous: [cursorKey(OLD)] });
    const beforeRotation = new CursorCodec({ current: cursorKey(OLD) }).encode('t1', 's', pageKey);
    expect(new CursorCodec(keys).decode(beforeRotation, 't1', 's')).toEqual(pageKey);
  });

  it('has no previous key when the secret was never rotated', async () => {
    secrets
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: NEW })
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .rejects(new ResourceNotFoundException({ message: 'no such version', $metadata: {} }));
    expect(await loadCursorKeys({ CURSOR_SECRET_ARN: ARN, AWS_REGION: 'eu-west-1' })).toEqual({
      current: cursorKey(NEW),
    });
  });

  it('fails (and so fails the init phase) when the current secret cannot be read', async () => {
    secrets.on(GetSecretValueCommand).rejects(new Error('AccessDenied'));
    await expect(loadCursorKeys({ CURSOR_SECRET_ARN: ARN, AWS_REGION: 'eu-west-1' })).rejects.toThrow(
      /AccessDenied/,
    );
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({});
    await expect(loadCursorKeys({ CURSOR_SECRET_ARN: ARN, AWS_REGION: 'eu-west-1' })).rejects.toThrow(
      /empty/,
    );
  });
});
