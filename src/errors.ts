/** A problem with what the user gave us (flag, file, revision): exit code 2 with a one-line reason. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `file:line:col: message`, the form editors and CI logs link. */
  format(): string {
    if (!this.file) return this.message;
    const loc = [this.file, this.line, this.line !== undefined ? this.column : undefined].filter((x) => x !== undefined);
    return `${loc.join(':')}: ${this.message}`;
  }
}
