import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';

export type Format = 'text' | 'json' | 'markdown' | 'sarif';
const FORMATS: Format[] = ['text', 'json', 'markdown', 'sarif'];
const LEVELS = ['low', 'medium', 'high', 'critical', 'never'] as const;

export interface CliArgs {
  command: 'scan' | 'diff' | 'init' | 'validate' | 'aggregate' | 'help' | 'version';
  positionals: string[];
  rev?: string;
  base?: string;
  head?: string;
  format?: Format;
  output?: string;
  manifest?: string;
  policy?: string;
  cache?: string;
  failOn?: (typeof LEVELS)[number];
  scope?: 'new' | 'all';
  warnOnly?: boolean;
  /** Report progress on stderr even where it is off by default (CI logs, a redirected stderr). */
  progress?: boolean;
  force?: boolean;
  previous?: string;
}

/** Parses argv (without node and script); throws UserError with a one-line reason. */
export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        rev: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        manifest: { type: 'string' },
        policy: { type: 'string' },
        cache: { type: 'string' },
        'fail-on': { type: 'string' },
        scope: { type: 'string' },
        'warn-only': { type: 'boolean' },
        progress: { type: 'boolean' },
        force: { type: 'boolean' },
        previous: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UserError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.version) return { command: 'version', positionals: [] };
  const [cmd, ...positionals] = parsed.positionals;
  if (v.help || cmd === undefined || cmd === 'help') return { command: 'help', positionals: [] };
  if (!['scan', 'diff', 'init', 'validate', 'aggregate'].includes(cmd)) throw new UserError(`unknown command '${cmd}' (try --help)`);
  if (cmd !== 'aggregate' && positionals.length > 1) throw new UserError(`${cmd} takes one path, got ${positionals.length}`);
  if (v.format !== undefined && !FORMATS.includes(v.format as Format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`);
  if (v['fail-on'] !== undefined && !(LEVELS as readonly string[]).includes(v['fail-on'])) throw new UserError(`--fail-on must be one of ${LEVELS.join(', ')}`);
  if (v.scope !== undefined && v.scope !== 'new' && v.scope !== 'all') throw new UserError(`--scope must be new or all`);
  if (cmd === 'diff' && !v.base) throw new UserError('diff needs --base REV');
  if (cmd !== 'diff' && (v.base || v.head)) throw new UserError(`--base/--head belong to diff, not ${cmd}`);
  if (cmd !== 'scan' && v.rev) throw new UserError(`--rev belongs to scan; use --base/--head with diff`);
  return {
    command: cmd as CliArgs['command'],
    positionals,
    rev: v.rev,
    base: v.base,
    head: v.head,
    format: v.format as Format | undefined,
    output: v.output,
    manifest: v.manifest,
    policy: v.policy,
    cache: v.cache,
    failOn: v['fail-on'] as CliArgs['failOn'],
    scope: v.scope as CliArgs['scope'],
    warnOnly: v['warn-only'],
    progress: v.progress,
    force: v.force,
    previous: v.previous,
  };
}

export const HELP = `maestro-gate — threat-model agentic-AI repositories with CSA MAESTRO and gate changes

Usage:
  maestro-gate scan [PATH] [--rev REV] [options]          audit the working tree at PATH (default .) or revision REV
  maestro-gate diff [PATH] --base REV [--head REV] [opts] what a change adds: base against head (default: working tree)
  maestro-gate init [PATH] [--force]                      write a starter maestro.yaml from what the scan infers
  maestro-gate validate [FILE]                            validate a maestro.yaml (default ./maestro.yaml)
  maestro-gate aggregate [NAME=]REPORT.json... [--previous FLEET.json] [--format markdown|json]
                                                          merge per-repository JSON reports into a fleet report
  maestro-gate --version | --help

Options:
  -f, --format text|json|markdown|sarif   report format (default text)
  -o, --output FILE                       write the report to FILE instead of stdout
      --manifest FILE                     threat-model manifest (default: maestro.yaml in the scanned revision)
      --policy FILE                       gate policy (default: .github/maestro-policy.yaml, else the built-in one)
      --fail-on low|medium|high|critical|never
      --scope new|all                     on diff: gate on new chains only, or on every open chain
      --warn-only                         report the verdict but exit 0
      --cache DIR                         keep analysis results between runs (per file; per commit, with its listing)
      --progress                          report progress on stderr in CI logs too (a line every few seconds)

Exit codes: 0 the gate passes, 1 the gate fails, 2 usage or input error.
`;
