export type ErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'ALREADY_EXISTS'
  | 'UNAVAILABLE'
  | 'BUSY'
  | 'INTERNAL';

/** An error meant for the user: the message says what happened and what to do. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
