import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { YAML_FILES } from '../path-name.js';
import { byExtension } from '../select.js';
import { basename, diag, dirname, finish } from './common.js';
import { asObj, asString, isObj, isUnknown, lineOf } from './values.js';
import { parseYamlDocs } from './yaml-docs.js';

export interface HelmChartFacts {
  dir: string;
  name?: string;
}

export interface HelmValuesFacts {
  /** Directory of the values file (the chart directory when it sits beside Chart.yaml). */
  dir: string;
  path: string;
  /** The values, JSON-safe (unknowns become null). */
  values: Record<string, unknown>;
  /** Line of each dotted key path, two levels deep at the most (for evidence). */
  lines: Record<string, number>;
}

const MAX_LINE_DEPTH = 3;

/** Chart.yaml marks a chart directory; values*.yaml feed what templates leave unknown. */
export const helmDetector: Detector = {
  id: 'infra-helm',
  version: 1,
  wants: byExtension(YAML_FILES, (path) => /^(Chart|values)\.ya?ml$/i.test(basename(path))),
  detect(file: FileInput): Findings {
    const f = emptyFindings();
    const { docs, problems } = parseYamlDocs(file.text);
    for (const p of problems) f.diagnostics.push(diag(file.path, p.line, p.code, p.message));
    const root = asObj(docs[0]?.value);
    if (!root) return finish(f);
    const dir = dirname(file.path);
    if (/^Chart\.ya?ml$/i.test(basename(file.path))) {
      const chart: HelmChartFacts = { dir };
      const name = asString(root.name);
      if (name) chart.name = name;
      f.facts.helmChart = chart;
    } else {
      const lines: Record<string, number> = {};
      const values = plain(root, '', lines, 0) as Record<string, unknown>;
      const hv: HelmValuesFacts = { dir, path: file.path, values, lines };
      f.facts.helmValues = hv;
    }
    return finish(f);
  },
};

function plain(v: unknown, prefix: string, lines: Record<string, number>, depth: number): unknown {
  if (isUnknown(v) || depth > 30) return null;
  if (Array.isArray(v)) return v.map((x) => plain(x, '', {}, depth + 1));
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (depth < MAX_LINE_DEPTH) lines[key] = lineOf(v, k);
      out[k] = plain(v[k], depth + 1 < MAX_LINE_DEPTH ? key : '', depth + 1 < MAX_LINE_DEPTH ? lines : {}, depth + 1);
    }
    return out;
  }
  return v;
}
