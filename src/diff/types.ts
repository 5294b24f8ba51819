export interface ChangedFinding {
  fingerprint: string;
  kind: 'threat' | 'chain';
  /** What changed, as codes: risk-raised, risk-lowered, mitigation-gained, mitigation-lost, status-changed. */
  changes: string[];
  before?: { level: string; status: string };
  after?: { level: string; status: string };
}

export interface DiffSection {
  base: string;
  head: string;
  new: { threats: string[]; chains: string[] };
  resolved: { threats: string[]; chains: string[] };
  changed: ChangedFinding[];
}
