import { UserError } from '../errors.js';
import { filesPerSecond, progressLog } from '../progress-log.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { redactSecrets } from '../report/redact.js';
import type { RuleInfo } from '../report/rules.js';
import { renderSarif } from '../report/sarif.js';
import { renderText } from '../report/text.js';
import type { Report } from '../report/types.js';
import { runDiff, runScan, type RunOptions } from '../run.js';
import { TOOL_VERSION } from '../version.js';
import { writeTextFileSync } from '../write-text.js';
import { runAggregate } from './aggregate.js';
import { runInit, runValidate } from './manifest-commands.js';
import { HELP, parseCli, type CliArgs, type Format } from './args.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /** Progress goes to stderr only on a terminal, never in CI logs. */
  stderrIsTTY?: boolean;
}

/** Runs one CLI invocation; returns the exit code (0 pass, 1 gate failed, 2 usage or input error). */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const args = parseCli(argv);
    switch (args.command) {
      case 'version':
        io.stdout(`${TOOL_VERSION}\n`);
        return 0;
      case 'help':
        io.stdout(HELP);
        return 0;
      case 'scan':
      case 'diff':
        return await scanOrDiff(args, io);
      case 'aggregate':
        return runAggregate(args.positionals, { previous: args.previous, format: args.format, output: args.output }, io);
      case 'init':
        return await runInit(args.positionals[0], Boolean(args.force), io);
      case 'validate':
        return await runValidate(args.positionals[0], io);
    }
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`maestro-gate: ${e.format()}\n`);
      return 2;
    }
    io.stderr(`maestro-gate: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

async function scanOrDiff(args: CliArgs, io: Io): Promise<number> {
  const opts: RunOptions = {
    path: args.positionals[0] ?? '.',
    manifest: args.manifest,
    policy: args.policy,
    cache: args.cache,
    overrides: { failOn: args.failOn, scope: args.scope, warnOnly: args.warnOnly },
    onProgress: progressReporter(io, args.progress),
  };
  const { report, analyses, rules } = args.command === 'diff' ? await runDiff({ ...opts, base: args.base!, head: args.head }) : await runScan({ ...opts, rev: args.rev });
  const format: Format = args.format ?? 'text';
  const body = render(report, format, { color: io.isTTY && !args.output && !process.env.NO_COLOR, rules });
  // Counters for the benchmark, on request only: the report itself never carries timings or counts of work.
  if (process.env.MAESTRO_STATS) {
    const total = { filesListed: 0, filesRead: 0, analysed: 0, cacheHits: 0 };
    for (const a of analyses) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += a.stats[k];
    io.stderr(`MAESTRO_STATS ${JSON.stringify(total)}\n`);
  }
  if (overwrites(io)) io.stderr('\r\u001b[K');
  if (args.output) writeTextFileSync(args.output, [body]);
  else io.stdout(body);
  return report.gate.status === 'pass' ? 0 : 1;
}

/** Every format passes the secret mask last: a token that reached any report string never reaches the output. */
export function render(report: Report, format: Format, opts: { color: boolean; rules: RuleInfo[] }): string {
  return redactSecrets(renderUnmasked(report, format, opts));
}

function renderUnmasked(report: Report, format: Format, opts: { color: boolean; rules: RuleInfo[] }): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'text':
      return renderText(report, opts);
    case 'markdown':
      return renderMarkdown(report, { mode: 'summary', rules: opts.rules });
    case 'sarif':
      return JSON.stringify(renderSarif(report, opts.rules), null, 2) + '\n';
  }
}

/**
 * Progress on stderr: a self-overwriting line with files/s on an interactive terminal, or with `--progress` where
 * stderr is a log (CI), plain lines (`progressLog`). Off otherwise.
 */
function progressReporter(io: Io, asked = false): RunOptions['onProgress'] {
  const started = Date.now();
  if (overwrites(io)) return (phase, done, total) => io.stderr(`\r\u001b[K${phase}: ${done}/${total} files (${filesPerSecond(done, started)} files/s)`);
  return asked ? progressLog((line) => io.stderr(`${line}\n`)) : undefined;
}

/** Whether progress is the self-overwriting line: an interactive terminal, outside CI. */
function overwrites(io: Io): boolean {
  return !!io.stderrIsTTY && !process.env.CI;
}
