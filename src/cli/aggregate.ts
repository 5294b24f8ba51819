import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { aggregate, type FleetReport } from '../fleet/aggregate.js';
import { renderFleetMarkdown } from '../fleet/render.js';
import type { Report } from '../report/types.js';
import { reportErrors } from '../report/validate.js';

/** `aggregate [NAME=]REPORT.json... [--previous FLEET.json] [--format markdown|json] [--output FILE]` */
export function runAggregate(files: string[], opts: { previous?: string; format?: string; output?: string }, io: { stdout: (s: string) => void }): number {
  if (!files.length) throw new UserError('aggregate needs at least one report.json');
  if (opts.format && opts.format !== 'json' && opts.format !== 'markdown') throw new UserError('aggregate writes --format markdown or json');
  const inputs = files.map((arg) => {
    const eq = arg.indexOf('=');
    const file = eq > 0 ? arg.slice(eq + 1) : arg;
    const report = readJson(file) as Report;
    const errors = reportErrors(report);
    if (errors.length) throw new UserError(`not a maestro-gate report: ${errors[0]}`, file);
    return { name: eq > 0 ? arg.slice(0, eq) : repoName(file), report };
  });
  const seen = new Set<string>();
  for (const i of inputs) {
    if (seen.has(i.name)) throw new UserError(`two reports are named '${i.name}'; name them with NAME=FILE`);
    seen.add(i.name);
  }
  let previous: FleetReport | undefined;
  if (opts.previous) {
    previous = readJson(opts.previous) as FleetReport;
    if (previous?.kind !== 'fleet' || !Array.isArray(previous.topChains)) throw new UserError('not a maestro-gate fleet report', opts.previous);
  }
  const fleet = aggregate(inputs, previous);
  const body = opts.format === 'json' ? JSON.stringify(fleet, null, 2) + '\n' : renderFleetMarkdown(fleet);
  if (opts.output) writeFileSync(opts.output, body);
  else io.stdout(body);
  return 0;
}

/** Matrix jobs upload `<repo>/report.json`; name a report by its folder then, else by its file name. */
function repoName(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, '');
  if (/^(maestro-)?report$/i.test(base)) return path.basename(path.dirname(path.resolve(file)));
  return base;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('file not found', file);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new UserError(`invalid JSON: ${(e as Error).message}`, file, line);
  }
}
