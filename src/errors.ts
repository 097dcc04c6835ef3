/**
 * An error the user can act on: front ends print `message` (and `hint`) on one line each,
 * never a stack trace.
 */
export class UserFacingError extends Error {
  /**
   * For whoever runs the program (the command line's output, the bot's log), never for chat
   * users: e.g. which server could not be reached and why.
   */
  readonly detail?: string;

  constructor(
    message: string,
    /** What to do about it, e.g. "Run `npm run index`." */
    readonly hint?: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
    if (options?.detail) this.detail = options.detail;
  }
}

/**
 * A setting the program cannot run with (INDEX_DIR a file, or on /proc): only changing the setting
 * helps, so no front end waits, retries or offers to rebuild; it stops with the line.
 */
export class SettingError extends UserFacingError {
  override name = 'SettingError';
}

/**
 * One line for the user: the message and, when there is one, the fix. `forOperator` (the
 * command line) adds the error's detail between them.
 */
export function describeError(error: unknown, { forOperator = false } = {}): string {
  if (error instanceof UserFacingError) return [error.message, forOperator ? error.detail : undefined, error.hint].filter(Boolean).join(' ');
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'Unexpected error.';
  return String(error);
}
