/**
 * An error the user can act on: front ends print `message` (and `hint`) on one line each,
 * never a stack trace.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    /** What to do about it, e.g. "Run `npm run index`." */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

/** One line for the user: the message and, when there is one, the fix. */
export function describeError(error: unknown): string {
  if (error instanceof UserFacingError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'Unexpected error.';
  return String(error);
}
