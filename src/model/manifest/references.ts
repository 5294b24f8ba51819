import { manifestSchema } from './schema.js';
import type { DataPath } from './locate.js';
import { describePath } from './locate.js';
import { closest } from './schema-errors.js';
import type { PathProblem } from './schema-errors.js';
import type { KnownIds } from './types.js';

// Checks the schema cannot make: ids that must exist in the catalogs or the scan, ids the manifest itself
// declares twice or has merged away, and evidence files that must exist. They run on the data even when the
// schema found problems (every error at once), so every access is guarded.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface EvidenceRef {
  /** As written (`docs/x.md` or `docs/x.md:12`). */
  written: string;
  file: string;
  path: DataPath;
}

export interface ReferenceCheck {
  problems: PathProblem[];
  /** Evidence files to check for existence (async, by the loader). */
  evidence: EvidenceRef[];
}

/** `path:LINE` -> file and line; `./` prefixes dropped so paths compare with the scanner's. */
export function splitEvidencePath(written: string): { file: string; line: number } {
  const m = /^(.*):([1-9][0-9]*)$/.exec(written);
  const file = (m ? m[1]! : written).replace(/^(\.\/)+/, '');
  return { file, line: m ? Number(m[2]) : 0 };
}

export function checkReferences(data: unknown, known: KnownIds, lineOf: (path: DataPath) => number): ReferenceCheck {
  const problems: PathProblem[] = [];
  const evidence: EvidenceRef[] = [];
  const report = (path: DataPath, message: string) => problems.push({ path, message: `${describePath(path)}: ${message}` });
  const root = isObj(data) ? data : {};

  // --- what the manifest declares, merges away and ignores -------------------------------------------------
  const declared = new Map<string, DataPath>();
  const replacedBy = new Map<string, string>();
  list(root.components).forEach((c, i) => {
    if (!isObj(c)) return;
    const id = str(c.id);
    const kind = str(c.kind);
    const kindOk = kind !== undefined && KIND.test(kind) && (!known.kinds || known.kinds.has(kind));
    if (id !== undefined) {
      const first = declared.get(id);
      if (first) report([...base('components', i), 'id'], `component \`${id}\` is already declared at line ${lineOf(first)}`);
      else declared.set(id, base('components', i));
      if (kindOk && COMPONENT_ID.test(id) && !id.startsWith(`${kind}:`)) {
        report([...base('components', i), 'id'], `id \`${id}\` must start with \`${kind}:\` (ids are kind:name)`);
      }
    }
    if (kind !== undefined && KIND.test(kind) && known.kinds && !known.kinds.has(kind)) {
      report([...base('components', i), 'kind'], `unknown kind \`${kind}\`${hint(kind, known.kinds)} (see catalogs/kinds.yaml)`);
    }
    list(c.evidence).forEach((p, j) => {
      const ref = typeof p === 'string' ? evidenceRef(p, [...base('components', i), 'evidence', j]) : undefined;
      if (ref) evidence.push(ref);
    });
  });
  list(root.components).forEach((c, i) => {
    if (!isObj(c)) return;
    const id = str(c.id);
    list(c.replaces).forEach((r, j) => {
      if (typeof r !== 'string') return;
      const path = [...base('components', i), 'replaces', j];
      if (r === id) return report(path, 'a component cannot replace itself');
      if (declared.has(r)) return report(path, `\`${r}\` is declared in this manifest (line ${lineOf(declared.get(r)!)}); replaces names inferred components`);
      const other = replacedBy.get(r);
      if (other !== undefined) return report(path, `\`${r}\` is already replaced by \`${other}\``);
      if (id !== undefined) replacedBy.set(r, id);
      if (known.componentIds && !known.componentIds.has(r)) report(path, unknownComponent(r, known.componentIds));
    });
  });
  const ignored = new Map<string, DataPath>();
  list(root.ignore).forEach((g, i) => {
    if (!isObj(g)) return;
    const id = str(g.id);
    if (id === undefined) return;
    const path = [...base('ignore', i), 'id'];
    if (declared.has(id)) return report(path, `\`${id}\` is declared in this manifest (line ${lineOf(declared.get(id)!)}); delete that entry instead`);
    if (replacedBy.has(id)) return report(path, `\`${id}\` is merged into \`${replacedBy.get(id)}\` (replaces); it cannot also be ignored`);
    if (known.componentIds && !known.componentIds.has(id)) report(path, unknownComponent(id, known.componentIds));
    if (!ignored.has(id)) ignored.set(id, base('ignore', i));
  });

  /** A reference to a component that will be in the merged model. */
  const component = (id: unknown, path: DataPath) => {
    if (typeof id !== 'string') return;
    if (replacedBy.has(id)) return report(path, `\`${id}\` is merged into \`${replacedBy.get(id)}\` (replaces); refer to that id`);
    if (ignored.has(id)) return report(path, `\`${id}\` is ignored by this manifest (line ${lineOf(ignored.get(id)!)})`);
    if (declared.has(id)) return;
    if (known.componentIds && !known.componentIds.has(id)) report(path, unknownComponent(id, known.componentIds));
  };
  const threat = (id: unknown, path: DataPath) => {
    if (typeof id === 'string' && known.threatIds && !known.threatIds.has(id)) {
      report(path, `unknown threat \`${id}\`${hint(id, known.threatIds)} (see catalogs/threats)`);
    }
  };
  const template = (id: unknown, path: DataPath) => {
    if (typeof id === 'string' && known.templateIds && !known.templateIds.has(id)) {
      report(path, `unknown chain template \`${id}\`${hint(id, known.templateIds)} (see catalogs/chains)`);
    }
  };
  const selector = (s: unknown, path: DataPath) => {
    if (!isObj(s)) return;
    threat(s.threat, [...path, 'threat']);
    template(s.chain, [...path, 'chain']);
    component(s.component, [...path, 'component']);
  };
  const evidenceBlock = (e: unknown, path: DataPath) => {
    if (!isObj(e)) return;
    list(e.paths).forEach((p, j) => {
      const ref = typeof p === 'string' ? evidenceRef(p, [...path, 'paths', j]) : undefined;
      if (ref) evidence.push(ref);
    });
  };

  // --- everything that refers to something ------------------------------------------------------------------
  list(root.layers).forEach((l, i) => {
    if (!isObj(l)) return;
    const id = str(l.component);
    const path = [...base('layers', i), 'component'];
    if (id !== undefined && declared.has(id)) {
      return report(path, `\`${id}\` is declared in this manifest; set \`layer\` on its entry (line ${lineOf(declared.get(id)!)})`);
    }
    component(id, path);
  });
  list(root.flows).forEach((f, i) => {
    if (!isObj(f)) return;
    component(f.from, [...base('flows', i), 'from']);
    component(f.to, [...base('flows', i), 'to']);
  });
  const boundaries = new Map<string, DataPath>();
  list(root.trustBoundaries).forEach((b, i) => {
    if (!isObj(b)) return;
    const id = str(b.id);
    if (id !== undefined) {
      const first = boundaries.get(id);
      if (first) report([...base('trustBoundaries', i), 'id'], `trust boundary \`${id}\` is already declared at line ${lineOf(first)}`);
      else boundaries.set(id, base('trustBoundaries', i));
    }
    list(b.components).forEach((c, j) => component(c, [...base('trustBoundaries', i), 'components', j]));
  });
  list(root.mitigations).forEach((m, i) => {
    if (!isObj(m)) return;
    const path = base('mitigations', i);
    const control = str(m.control);
    if (control !== undefined && known.controlIds && !known.controlIds.has(control)) {
      report([...path, 'control'], `unknown control \`${control}\`${hint(control, known.controlIds)} (see catalogs/controls.yaml)`);
    }
    const covers = isObj(m.covers) ? m.covers : {};
    list(covers.threats).forEach((t, j) => threat(t, [...path, 'covers', 'threats', j]));
    list(covers.chains).forEach((t, j) => template(t, [...path, 'covers', 'chains', j]));
    list(covers.components).forEach((c, j) => component(c, [...path, 'covers', 'components', j]));
    list(covers.selectors).forEach((s, j) => selector(s, [...path, 'covers', 'selectors', j]));
    evidenceBlock(m.evidence, [...path, 'evidence']);
  });
  const decided = new Map<string, DataPath>();
  list(root.risks).forEach((r, i) => {
    if (!isObj(r)) return;
    const path = base('risks', i);
    const fp = str(r.fingerprint);
    if (fp !== undefined) {
      const first = decided.get(fp);
      if (first) report([...path, 'fingerprint'], `fingerprint \`${fp}\` already has a decision at line ${lineOf(first)}`);
      else decided.set(fp, path);
    }
    selector(r.selector, [...path, 'selector']);
    evidenceBlock(r.evidence, [...path, 'evidence']);
  });
  list(root.overrides).forEach((o, i) => {
    if (isObj(o)) selector(o.selector, [...base('overrides', i), 'selector']);
  });

  return { problems, evidence };
}

function base(section: string, i: number): DataPath {
  return [section, i];
}

// Values the schema already rejects are not checked again (one message per problem).
const REPO_PATH = new RegExp(manifestSchema.definitions.repoPath.pattern, 'u');
const KIND = new RegExp(manifestSchema.definitions.kind.pattern, 'u');
const COMPONENT_ID = new RegExp(manifestSchema.definitions.componentId.pattern, 'u');

function evidenceRef(written: string, path: DataPath): EvidenceRef | undefined {
  if (!REPO_PATH.test(written)) return undefined;
  return { written, file: splitEvidencePath(written).file, path };
}

function unknownComponent(id: string, ids: Set<string>): string {
  const kind = id.slice(0, id.indexOf(':') + 1);
  const sameKind = [...ids].filter((c) => c.startsWith(kind));
  return `unknown component \`${id}\`${hint(id, sameKind)} (not declared here and not found by the scan)`;
}

function hint(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c ? `; did you mean \`${c}\`?` : '';
}
