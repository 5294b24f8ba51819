import { UserError } from '../errors.js';
import type { FailOn, PolicyOverrides } from '../policy/policy.js';

export const COMMENT_MODES = ['on-change', 'always', 'on-failure', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

const FAIL_ON: FailOn[] = ['low', 'medium', 'high', 'critical', 'never'];

/** The Action's inputs, parsed. An empty input means "not set": the policy file and its schema supply defaults. */
export interface ActionInputs {
  token?: string;
  /** Directory to scan, relative to the workspace. */
  path: string;
  manifest?: string;
  policy?: string;
  overrides: PolicyOverrides;
  comment: CommentMode;
  sarifFile?: string;
  jsonFile?: string;
  baseRef?: string;
  headRef?: string;
  /** A previous audit's JSON report, to say what drifted since. */
  previousReport?: string;
  /** The `--cache` directory. */
  cacheDir?: string;
  /** Progress lines in the log while files are read. */
  progress: boolean;
}

/** Reads and checks inputs through `get` (core.getInput in the Action); throws UserError naming the bad input. */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const opt = (name: string): string | undefined => {
    const v = get(name).trim();
    return v === '' ? undefined : v;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const v = opt(name);
    if (v === undefined) return undefined;
    const lower = v.toLowerCase() as T;
    if (!allowed.includes(lower)) throw new UserError(`input '${name}' must be one of ${allowed.join(', ')} (got '${v}')`);
    return lower;
  };
  const bool = (name: string): boolean | undefined => {
    const v = oneOf(name, ['true', 'false', 'yes', 'no', 'on', 'off'] as const);
    return v === undefined ? undefined : v === 'true' || v === 'yes' || v === 'on';
  };
  return {
    token: opt('github-token'),
    path: opt('path') ?? '.',
    manifest: opt('manifest'),
    policy: opt('policy'),
    overrides: { failOn: oneOf('fail-on', FAIL_ON), scope: oneOf('scope', ['new', 'all'] as const), warnOnly: bool('warn-only') },
    comment: oneOf('comment', COMMENT_MODES) ?? 'on-change',
    sarifFile: opt('sarif-file'),
    jsonFile: opt('json-file'),
    baseRef: opt('base-ref'),
    headRef: opt('head-ref'),
    previousReport: opt('previous-report'),
    cacheDir: opt('cache-dir'),
    progress: bool('progress') ?? false,
  };
}
