// Typed domain errors. The API maps each `code` to `extensions.code`; messages are
// written for the client, so never put internal detail in them.

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export interface FieldError {
  path: (string | number)[];
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly extensions: Record<string, unknown> = {};
}

export class ValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly fieldErrors: FieldError[],
    options?: ErrorOptions,
  ) {
    super(fieldErrors.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`).join('; '), options);
    this.extensions.fieldErrors = fieldErrors;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(entity: string, id: string, options?: ErrorOptions) {
    super(`${entity} ${id} not found`, options);
    this.extensions.entity = entity;
  }
}

/** Version mismatch or an action the entity's current state does not allow. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    reason: 'VERSION_MISMATCH' | 'INVALID_STATE' | 'ALREADY_EXISTS',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.extensions.reason = reason;
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}
