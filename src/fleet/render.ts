import { LAYERS } from '../model/types.js';
import { escapeMarkdown } from '../report/escape.js';
import type { FleetChain, FleetReport } from './aggregate.js';

/** Markdown for a fleet report; repository-controlled strings are escaped for tables. */
export function renderFleetMarkdown(f: FleetReport): string {
  const out: string[] = [];
  const t = f.totals;
  out.push('# maestro-gate fleet audit', '');
  out.push(`${t.repositories} repositories, ${t.failing} failing the gate; open chains: ${t.openChains.critical} critical, ${t.openChains.high} high, ${t.openChains.medium} medium, ${t.openChains.low} low.`, '');
  if (f.drift) {
    const d = f.drift;
    out.push('## Drift since the previous audit', '');
    out.push(`${d.newChains.length} new open chain(s), ${d.resolvedChains.length} resolved; ${d.newRepositories.length} new repositor(ies), ${d.goneRepositories.length} gone.`, '');
    if (d.newChains.length) out.push(chainTable(d.newChains), '');
  }
  out.push('## Top open chains', '');
  out.push(f.topChains.length ? chainTable(f.topChains) : '_No open chains._', '');
  out.push('## Layer coverage', '', '| layer | repositories | components |', '|---|---:|---:|');
  for (const l of LAYERS) out.push(`| ${l} | ${f.layers[l].repositories} | ${f.layers[l].components} |`);
  out.push('', '## Repositories', '', '| repository | gate | frameworks | components | critical | high |', '|---|---|---|---:|---:|---:|');
  for (const r of f.repositories) out.push(`| ${cell(r.name)} | ${r.gate} | ${cell(r.frameworks.join(', '))} | ${r.components} | ${r.openChains.critical} | ${r.openChains.high} |`);
  return out.join('\n') + '\n';
}

function chainTable(chains: FleetChain[]): string {
  const rows = ['| risk | repository | chain | layers | fingerprint |', '|---|---|---|---|---|'];
  for (const c of chains) rows.push(`| ${c.level} | ${cell(c.repo)} | ${cell(c.title)} | ${c.layers.join(' → ')} | \`${c.fingerprint}\` |`);
  return rows.join('\n');
}

/** Report text is repository text: inert in a table cell (no pipes, HTML, links or @mentions). */
const cell = escapeMarkdown;
