import { stringify } from 'yaml';
import { type Component, LAYERS, type Layer } from '../types.js';
import { cmp } from '../order.js';

// `maestro-gate init`: a starter manifest from what the scanner inferred.
//
// Inferred components are listed as comments, by layer, not as entries: an entry that repeats an inferred
// component would turn it into a manifest component (the team's word) although nobody said anything about
// it, and would go stale when the code changes. The ids are there to copy into ignore, layers, flows,
// trust boundaries, mitigations and risks. Only `version` and `system.name` are live, so the file validates
// as written; each section has a commented example built from this repository's ids, valid when uncommented.

/** Where editors find the schema; the lead sets the published location. */
export const MANIFEST_SCHEMA_REF =
  'https://raw.githubusercontent.com/maestro-gate/maestro-gate/main/schemas/manifest.schema.json';

export interface StarterChain {
  fingerprint: string;
  title: string;
  risk: { level: string };
  status: string;
}

export interface StarterInput {
  components: Component[];
  chains: StarterChain[];
  /** The system's name (e.g. the repository folder name). */
  name?: string;
  /** `$schema` reference for the yaml-language-server line. */
  schemaRef?: string;
  /** YYYY-MM-DD: the example acceptance expires 90 days later (a fixed date without it, for determinism). */
  today?: string;
}

const LAYER_NAMES: Record<Layer, string> = {
  L1: 'Foundation models',
  L2: 'Data operations',
  L3: 'Agent frameworks',
  L4: 'Deployment and infrastructure',
  L5: 'Evaluation and observability',
  L6: 'Security and compliance (cross-cutting)',
  L7: 'Agent ecosystem',
};

const LEVEL_ORDER: Record<string, number> = { critical: 0, high: 1 };
const RULE = `# ${'-'.repeat(110)}`;

export function renderStarterManifest(input: StarterInput): string {
  const out: string[] = [];
  out.push(`# yaml-language-server: $schema=${oneLine(input.schemaRef ?? MANIFEST_SCHEMA_REF)}`);
  out.push('#');
  out.push('# The threat model of this system in the team\'s own words (CSA MAESTRO). maestro-gate infers components from the');
  out.push('# code; this file adds what the code cannot show, the mitigations in place with their evidence, and decisions');
  out.push('# on findings. Check it with `maestro-gate validate`. Only `version` is required; commented blocks are examples');
  out.push('# built from this repository: uncomment and edit them.');
  out.push('');
  out.push('version: 1');
  out.push('');
  out.push('system:');
  out.push('  # owners: ["@your-org/your-team"] # TODO: who answers for this threat model');
  out.push('  # dataClassification: internal # TODO: public | internal | confidential | restricted (absent: internal)');
  const exposedBy = input.components.find((c) => c.attributes?.public === true);
  out.push(
    exposedBy
      ? `  # internetExposed: true # TODO: confirm; ${oneLine(exposedBy.id)} looks public (absent: inferred from the code)`
      : '  # internetExposed: true # TODO: set when callers on the internet reach an agent (absent: inferred from the code)',
  );
  out.push('  # description: TODO one or two sentences on what the agents do and for whom');
  // Live keys last: the yaml package keeps comments that precede a key where they are when it rewrites the
  // file, but indents comments that follow a nested mapping.
  out.push(`  name: ${scalar(oneLine(input.name ?? '') || 'my-agent-system')} # TODO: the name your team uses for this system`);
  out.push('');
  out.push(RULE);
  out.push(...inferredComponents(input.components));
  out.push('#');
  out.push(...openChains(input.chains));
  out.push(RULE);
  for (const section of exampleSections(input)) {
    out.push('');
    for (const line of section.about) out.push(`# ${line}`);
    for (const line of section.yaml.trimEnd().split('\n')) out.push(line === '' ? '#' : `# ${line}`);
  }
  return `${out.join('\n')}\n`;
}

/** The example sections as live YAML (what a reader gets by uncommenting them all). */
export function starterExamples(input: StarterInput): string {
  return ['version: 1', ...exampleSections(input).map((s) => s.yaml.trimEnd())].join('\n') + '\n';
}

function inferredComponents(components: Component[]): string[] {
  const lines = [
    '# Components the scanner inferred, by MAESTRO layer. They need no entry here; refer to them by id to ignore',
    '# them, correct their layer, merge them into one (`replaces`), or draw flows and trust boundaries.',
  ];
  if (components.length === 0) return [...lines, '#   (none inferred)'];
  const width = Math.min(70, Math.max(...components.map((c) => oneLine(c.id).length)));
  for (const layer of LAYERS) {
    const here = components.filter((c) => c.layer === layer).sort((a, b) => cmp(a.id, b.id));
    if (here.length === 0) continue;
    lines.push('#', `# ${layer} ${LAYER_NAMES[layer]}`);
    for (const c of here) {
      const first = [...c.evidence].sort((a, b) => cmp(a.path, b.path) || a.line - b.line)[0];
      const where = first ? `${first.path}${first.line > 0 ? `:${first.line}` : ''}` : '';
      const caps = c.capabilities?.length ? ` [${[...c.capabilities].map(oneLine).sort().join(', ')}]` : '';
      lines.push(`#   ${oneLine(c.id).padEnd(width)}  ${oneLine(where)}${caps}`.trimEnd());
    }
  }
  return lines;
}

function openChains(chains: StarterChain[]): string[] {
  const open = chains
    .filter((c) => c.status === 'open' && c.risk.level in LEVEL_ORDER)
    .sort((a, b) => LEVEL_ORDER[a.risk.level]! - LEVEL_ORDER[b.risk.level]! || cmp(a.title, b.title) || cmp(a.fingerprint, b.fingerprint));
  const lines = [
    '# Open high and critical chains (fingerprint, risk, title). Break them (see the fix list in the report), declare',
    '# the mitigation in place under `mitigations`, or record a decision under `risks` with the fingerprint.',
  ];
  if (open.length === 0) return [...lines, '#   (none)'];
  for (const c of open) lines.push(`#   ${oneLine(c.fingerprint)}  ${c.risk.level.padEnd(8)}  ${oneLine(c.title)}`);
  return lines;
}

interface Section {
  about: string[];
  yaml: string;
}

function exampleSections(input: StarterInput): Section[] {
  const comps = [...input.components].sort((a, b) => cmp(a.id, b.id));
  const agent = comps.find((c) => c.kind === 'agent');
  const hosted = 'vector-store:hosted-index';
  const partner = 'peer-agent:partner-billing';
  const anyId = comps[0]?.id ?? partner;
  const evidencePath = comps.flatMap((c) => c.evidence).map((e) => e.path).sort(cmp)[0] ?? 'README.md';
  const chain = input.chains
    .filter((c) => c.status === 'open' && c.risk.level in LEVEL_ORDER)
    .sort((a, b) => LEVEL_ORDER[a.risk.level]! - LEVEL_ORDER[b.risk.level]! || cmp(a.fingerprint, b.fingerprint))[0];
  const fingerprint = chain?.fingerprint ?? '0123456789abcdef';
  const exposed = comps.filter((c) => c.kind === 'agent-endpoint' || c.kind === 'k8s-exposure').map((c) => c.id);

  return [
    {
      about: ['components: what the code cannot show (a hosted model, an external vector DB, a partner agent).',
        'An entry with the id of an inferred component, or listing inferred ids under `replaces`, merges them here.'],
      yaml: block({
        components: [
          {
            id: hosted,
            layer: 'L2',
            kind: 'vector-store',
            name: 'Hosted vector index',
            description: 'TODO what it holds and who writes to it',
            attributes: { provider: 'TODO', remote: true },
            evidence: [evidencePath],
          },
          { id: partner, layer: 'L7', kind: 'peer-agent', name: 'Partner billing agent', attributes: { authenticated: true } },
        ],
      }),
    },
    {
      about: ['ignore: inferred components to leave out, by `id` or by a glob their evidence paths all match.'],
      yaml: block({ ignore: [{ path: 'tests/**', reason: 'TODO test doubles, never deployed' }] }),
    },
    {
      about: ['layers: correct the layer of an inferred component.'],
      // Layer corrections are for inferred components only (a declared one sets `layer` on its entry).
      yaml: block({
        layers: [{ component: comps[0]?.id ?? 'agent:src/app.py#my_agent', layer: comps[0]?.layer ?? 'L3', reason: 'TODO why this layer fits better' }],
      }),
    },
    {
      about: ['flows: links the code does not show; they join the component graph the chains are found in.'],
      yaml: block({ flows: [{ from: agent?.id ?? partner, to: hosted, kind: 'retrieves', description: 'TODO' }] }),
    },
    {
      about: ['trustBoundaries: groups of components that share a trust level.'],
      yaml: block({
        trustBoundaries: [{ id: 'internet-edge', name: 'Reachable from the internet', components: exposed.length > 0 ? exposed : [anyId] }],
      }),
    },
    {
      about: ['mitigations: controls in place (ids from catalogs/controls.yaml), what they cover, and evidence: files',
        'that must exist in the repository, or a URL or ticket.'],
      yaml: block({
        mitigations: [
          {
            control: 'human-approval',
            description: 'TODO how it is enforced',
            covers: { fingerprints: [fingerprint] },
            evidence: { paths: [evidencePath], ticket: 'TODO-123' },
          },
        ],
      }),
    },
    {
      about: ['risks: decisions on findings by fingerprint or selector. `accepted` needs owner, reason and expires',
        '(after that day the finding is open again and the report says it expired); `false-positive` a reason;',
        '`mitigated` evidence.'],
      yaml: block({
        risks: [
          { fingerprint, status: 'accepted', owner: '@your-org/your-team', reason: 'TODO why this is acceptable for now', expires: in90Days(input.today) },
          { selector: { path: 'examples/**' }, status: 'false-positive', reason: 'TODO sample code, never deployed' },
        ],
      }),
    },
    {
      about: ['overrides: correct likelihood or impact (1..4) of matching findings, with a reason.'],
      yaml: block({ overrides: [{ selector: { component: anyId }, impact: 2, reason: 'TODO why the impact is lower here' }] }),
    },
  ];
}

function block(value: Record<string, unknown>): string {
  return stringify(value, { lineWidth: 0, indentSeq: true });
}

/** A plain or quoted YAML scalar for a one-line string. */
function scalar(s: string): string {
  return stringify(s, { lineWidth: 0 }).trimEnd();
}

function oneLine(s: string): string {
  // Comments end at a line break; anything that would start a new line is flattened.
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

function in90Days(today: string | undefined): string {
  if (!today || !/^\d{4}-\d{2}-\d{2}$/.test(today)) return '2026-12-31';
  const d = new Date(`${today}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '2026-12-31';
  d.setUTCDate(d.getUTCDate() + 90);
  return d.toISOString().slice(0, 10);
}

