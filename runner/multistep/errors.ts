/** Errors the step runner tells apart. */

/** A step failed in an expected way; the message is for the user as is. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** The build was interrupted (SIGINT, SIGTERM or a caller's abort). */
export class BuildAborted extends Error {
  constructor(readonly reason: string) {
    super(`build interrupted: ${reason}`);
    this.name = 'BuildAborted';
  }
}
