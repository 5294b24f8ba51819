import { LAYERS, RISK_LEVELS, type Layer, type RiskLevel } from '../model/types.js';
import type { Report } from '../report/types.js';

export interface FleetRepo {
  name: string;
  gate: 'pass' | 'fail';
  frameworks: string[];
  components: number;
  openChains: Record<RiskLevel, number>;
}

export interface FleetChain {
  repo: string;
  fingerprint: string;
  templateId: string;
  title: string;
  level: RiskLevel;
  score: number;
  layers: Layer[];
}

export interface FleetReport {
  schemaVersion: 1;
  kind: 'fleet';
  repositories: FleetRepo[];
  /** Open chains across the fleet, worst first. */
  topChains: FleetChain[];
  /** Per layer: how many repositories have components there, and how many components in all. */
  layers: Record<Layer, { repositories: number; components: number }>;
  totals: { repositories: number; failing: number; openChains: Record<RiskLevel, number> };
  drift?: {
    newChains: FleetChain[];
    resolvedChains: FleetChain[];
    newRepositories: string[];
    goneRepositories: string[];
  };
}

const TOP = 50;

/** Merges per-repository reports into one fleet view; with the previous fleet report, says what drifted. */
export function aggregate(inputs: { name: string; report: Report }[], previous?: FleetReport): FleetReport {
  const sorted = [...inputs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const layers = Object.fromEntries(LAYERS.map((l) => [l, { repositories: 0, components: 0 }])) as FleetReport['layers'];
  const totals = { repositories: sorted.length, failing: 0, openChains: zeroLevels() };
  const repositories: FleetRepo[] = [];
  const allChains: FleetChain[] = [];
  for (const { name, report } of sorted) {
    const open = zeroLevels();
    for (const c of report.chains) {
      if (c.status !== 'open') continue;
      open[c.risk.level]++;
      totals.openChains[c.risk.level]++;
      allChains.push({ repo: name, fingerprint: c.fingerprint, templateId: c.templateId, title: c.title, level: c.risk.level, score: c.risk.score, layers: c.layers });
    }
    if (report.gate.status === 'fail') totals.failing++;
    for (const l of LAYERS) {
      const n = report.summary.layers[l] ?? 0;
      if (n > 0) layers[l].repositories++;
      layers[l].components += n;
    }
    repositories.push({ name, gate: report.gate.status, frameworks: report.summary.frameworks, components: report.components.length, openChains: open });
  }
  allChains.sort(worstFirst);
  const fleet: FleetReport = { schemaVersion: 1, kind: 'fleet', repositories, topChains: allChains.slice(0, TOP), layers, totals };
  if (previous) fleet.drift = drift(previous, repositories, allChains);
  return fleet;
}

function drift(previous: FleetReport, repos: FleetRepo[], chains: FleetChain[]): NonNullable<FleetReport['drift']> {
  const key = (c: FleetChain) => `${c.repo}\0${c.fingerprint}`;
  // The previous report keeps only its top chains; compare within repositories both runs saw.
  const before = new Map(previous.topChains.map((c) => [key(c), c]));
  const now = new Map(chains.map((c) => [key(c), c]));
  const prevRepos = new Set(previous.repositories.map((r) => r.name));
  const curRepos = new Set(repos.map((r) => r.name));
  const cutoff = previous.topChains.length >= TOP ? previous.topChains[previous.topChains.length - 1] : undefined;
  return {
    newChains: chains.filter((c) => prevRepos.has(c.repo) && !before.has(key(c)) && (!cutoff || worstFirst(c, cutoff) < 0)).slice(0, TOP),
    resolvedChains: previous.topChains.filter((c) => curRepos.has(c.repo) && !now.has(key(c))),
    newRepositories: [...curRepos].filter((r) => !prevRepos.has(r)).sort(),
    goneRepositories: [...prevRepos].filter((r) => !curRepos.has(r)).sort(),
  };
}

function worstFirst(a: FleetChain, b: FleetChain): number {
  return (
    RISK_LEVELS.indexOf(b.level) - RISK_LEVELS.indexOf(a.level) ||
    b.score - a.score ||
    (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0) ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}

function zeroLevels(): Record<RiskLevel, number> {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}
