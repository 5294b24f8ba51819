import type { Evidence } from '../../../model/types.js';
import { emptyFindings, type Findings } from '../../types.js';
import type { ClassInfo, ImportBinding, PyModule, Scope } from '../analysis/module.js';
import { FILE_BUDGET_MS, OverBudget } from '../../budget.js';
import { lookup, qnOfDotted, qnRoot, resolveWithin, underRoot, withinBudget } from '../analysis/resolve.js';
import { classifyFunction } from './capabilities.js';
import { FileContext, type SymbolResolver } from './context.js';
import type { CallRule, ClassRule, DecoratorRule, FrameworkSpec, RuleModule } from './types.js';
import { sortEvidence, cmp } from '../../../model/order.js';

/** The rule set compiled once: rules indexed by the last segment of the names they match. */
export interface CompiledRules {
  modules: readonly RuleModule[];
  frameworks: FrameworkSpec[];
  calls: Map<string, CallRule[]>;
  decorators: Map<string, DecoratorRule[]>;
  classes: Map<string, ClassRule[]>;
  isLibraryRoot: (root: string) => boolean;
  symbols: SymbolResolver[];
  needles: string[];
}

/** Roots of libraries that are never the scanned repository's own modules, besides those the rules name. */
const COMMON_LIBRARY_ROOTS = [
  'os', 'sys', 'json', 're', 'typing', 'typing_extensions', 'asyncio', 'subprocess', 'pathlib', 'shutil', 'io',
  'logging', 'datetime', 'time', 'functools', 'itertools', 'collections', 'dataclasses', 'enum', 'uuid', 'math',
  'random', 'glob', 'tempfile', 'urllib', 'http', 'socket', 'base64', 'hashlib', 'pickle', 'inspect', 'operator',
  'requests', 'httpx', 'aiohttp', 'pydantic', 'dotenv', 'fastapi', 'flask', 'starlette', 'streamlit', 'gradio',
  'numpy', 'pandas', 'sqlalchemy', 'sqlite3', 'psycopg2', 'psycopg', 'boto3', 'botocore', 'yaml', 'toml', 'rich',
  'click', 'typer', 'uvicorn', 'tqdm', 'abc', 'contextlib', 'copy', 'textwrap', 'string', 'traceback', 'warnings',
  'torch', 'transformers', 'huggingface_hub', 'sklearn', 'tensorflow', 'keras', 'joblib', 'smtplib', 'email',
  'slack_sdk', 'stripe', 'git', 'github', 'docker', 'e2b', 'e2b_code_interpreter', 'modal', 'playwright', 'selenium',
];

function lastSegment(tail: string): string {
  const parts = tail.split('.');
  return parts[parts.length - 1]!.replace(/\(\)$/, '');
}

function index<T extends { tails: readonly string[] }>(rules: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rules) {
    for (const t of new Set(r.tails.map(lastSegment))) {
      const list = map.get(t);
      if (list) list.push(r);
      else map.set(t, [r]);
    }
  }
  return map;
}

export function compileRules(modules: readonly RuleModule[], symbols: SymbolResolver[]): CompiledRules {
  const frameworks = modules.flatMap((m) => m.frameworks ?? []);
  const calls = modules.flatMap((m) => m.calls ?? []);
  const decorators = modules.flatMap((m) => m.decorators ?? []);
  const classes = modules.flatMap((m) => m.classes ?? []);
  const libraryRoots = new Set<string>(COMMON_LIBRARY_ROOTS);
  const prefixes: string[] = [];
  const addRoot = (root: string) => (root.endsWith('*') ? prefixes.push(root.slice(0, -1)) : libraryRoots.add(qnRoot(root)));
  for (const r of [...calls, ...decorators, ...classes]) r.roots.forEach(addRoot);
  for (const f of frameworks) f.roots.forEach(addRoot);
  const isLibraryRoot = (root: string) => libraryRoots.has(root) || prefixes.some((p) => root.startsWith(p));
  return {
    modules,
    frameworks,
    calls: index(calls),
    decorators: index(decorators),
    classes: index(classes),
    isLibraryRoot,
    symbols,
    needles: [...new Set(modules.flatMap((m) => m.needles))].sort(),
  };
}

function matches(rule: { roots: readonly string[]; tails: readonly string[]; accepts?(qn: string): boolean }, qn: string): string | undefined {
  for (const tail of rule.tails) {
    if (!(qn === tail || qn.endsWith(`.${tail}`))) continue;
    if (!rule.roots.some((r) => underRoot(qn, r))) continue;
    if (rule.accepts && !rule.accepts(qn)) continue;
    return tail;
  }
  return undefined;
}

function candidates<T>(map: Map<string, T[]>, qn: string): T[] {
  return map.get(lastSegment(qn)) ?? [];
}

function frameworkOf(spec: FrameworkSpec, imp: ImportBinding): boolean {
  if (imp.relative) return false;
  const ok = spec.roots.some((r) => underRoot(imp.module, r));
  return ok && (!spec.accepts || spec.accepts(imp));
}

/**
 * Every rule over one parsed file, within the per-file budget: past it, the file is reported as a timeout
 * (`OverBudget`, which the runner turns into a diagnostic) rather than holding the scan.
 */
export function runRules(mod: PyModule, rules: CompiledRules, ms = FILE_BUDGET_MS): Findings {
  return resolveWithin(ms, () => applyRules(mod, rules));
}

function applyRules(mod: PyModule, rules: CompiledRules): Findings {
  const findings = emptyFindings();
  const frameworkEvidence = new Map<string, Evidence[]>();
  /** The module paths each framework was recognised by: the model checks them against the repository's own modules. */
  const frameworkModules = new Map<string, Set<string>>();

  // A framework's own tree: once one import of framework F is the file's own package, all of F's are.
  const selfFrameworks = new Set<string>();
  for (const imp of mod.imports) {
    if (!imp.self) continue;
    // Only a framework's package roots make its own tree (`pydantic_ai.mcp` is pydantic-ai's, not MCP's).
    for (const f of rules.frameworks) if (f.roots.some((r) => !r.includes('.') || r === 'google.adk') && frameworkOf({ ...f, roots: f.roots.filter((r) => !r.includes('.') || r === 'google.adk') }, { ...imp, self: false })) selfFrameworks.add(f.id);
  }
  for (const imp of mod.imports) {
    if (imp.self || imp.relative) continue;
    for (const f of rules.frameworks) {
      if (!frameworkOf(f, imp)) continue;
      // Not marked on the import: the module is cached, and a mark would make the next analysis of the same text
      // find more of the file's imports its own (and name more frameworks it defines) than this one did.
      if (selfFrameworks.has(f.id)) continue;
      const list = frameworkEvidence.get(f.id) ?? [];
      if (!list.some((e) => e.line === imp.line)) list.push({ path: mod.path, line: imp.line, note: `import ${imp.module}` });
      frameworkEvidence.set(f.id, list);
      const modules = frameworkModules.get(f.id) ?? new Set<string>();
      modules.add(imp.module);
      if (imp.name !== undefined && !imp.star) modules.add(`${imp.module}.${imp.name}`);
      frameworkModules.set(f.id, modules);
    }
  }

  // A file inside a framework's own package (or its tests) is library code, not an application using AI. The
  // fact lets the repository-level merge treat the rest of the repo (its examples, docs) as the framework's own.
  if (selfFrameworks.size) {
    findings.facts.definesFrameworks = [...selfFrameworks].sort();
    return findings;
  }

  const ctx = new FileContext(mod, rules.isLibraryRoot, rules.symbols, classifyFunction);
  const guard = (what: string, line: number | undefined, fn: () => void) => {
    withinBudget(0);
    try {
      fn();
    } catch (err) {
      if (err instanceof OverBudget) throw err;
      const d = { path: mod.path, code: 'detector-error', message: `python rules (${what}): ${(err as Error).message}` };
      ctx.diagnostics.push(line === undefined ? d : { ...d, line });
    }
  };

  for (const cls of mod.classes) {
    for (const base of cls.bases) {
      const qn = ctx.qnOfNode(base, cls.parent);
      if (!qn) continue;
      for (const rule of candidates(rules.classes, qn)) if (matches(rule, qn)) guard('class', cls.line, () => rule.apply(ctx, cls, qn));
    }
  }
  for (const fn of mod.functions) {
    for (const dec of fn.decorators) {
      const qn = qnOfDotted(mod, dec.dotted, fn.parent, dec.node.from);
      if (!qn) continue;
      for (const rule of candidates(rules.decorators, qn)) if (matches(rule, qn)) guard('decorator', dec.line, () => rule.apply(ctx, fn, dec, qn));
    }
  }
  // A class of this file built on a framework's (`class Shopper(Agent)`, then `Shopper(task=..., llm=...)`) is
  // built as that class is: a call no rule knows, to such a class, is the framework class's call. Not when the
  // class takes arguments of its own (an `__init__` anywhere on the way), nor when a class rule already made the
  // class a component (a tool's base class).
  const classAt = (name: string, scope: Scope, pos: number): ClassInfo | undefined => {
    const def = lookup(mod, scope, name, pos).find((b) => b.kind === 'class')?.value;
    return def && mod.classes.find((c) => c.node.from === def.from);
  };
  const frameworkBases = (cls: ClassInfo, depth = 0): string[] => {
    if (depth > 4 || cls.methods.some((m) => m.name === '__init__')) return [];
    const out: string[] = [];
    for (const base of cls.bases) {
      const q = ctx.qnOfNode(base, cls.parent);
      if (!q) continue;
      if (q.startsWith('~')) {
        const parent = classAt(q.slice(1), cls.parent, base.from);
        if (parent) out.push(...frameworkBases(parent, depth + 1));
      } else if (candidates(rules.classes, q).some((rule) => matches(rule, q))) return [];
      else out.push(q);
    }
    return out;
  };
  for (const call of mod.calls) {
    const qn = ctx.qn(call);
    if (!qn) continue;
    let known = false;
    for (const rule of candidates(rules.calls, qn)) {
      if (!matches(rule, qn)) continue;
      known = true;
      guard('call', call.line, () => rule.apply(ctx, call, qn));
    }
    const cls = !known && qn.startsWith('~') ? classAt(qn.slice(1), call.scope, call.node.from) : undefined;
    // The first base a rule knows decides (`class Shopper(Agent, LoggingMixin)`).
    for (const base of cls ? frameworkBases(cls) : []) {
      const hits = candidates(rules.calls, base).filter((rule) => matches(rule, base));
      for (const rule of hits) guard('call', call.line, () => rule.apply(ctx, call, base));
      if (hits.length) break;
    }
  }
  for (const job of ctx.linkJobs) guard('link', undefined, job);
  for (const m of rules.modules) if (m.finish) guard(`finish ${m.id}`, undefined, () => m.finish!(ctx));

  // A call credits a framework only when no import already shows it (`boto3.client("bedrock-agent-runtime")`).
  for (const [id, evidence] of ctx.frameworkCredits) if (!frameworkEvidence.has(id)) frameworkEvidence.set(id, evidence);

  if (frameworkEvidence.size) guard('tool lists', undefined, () => toolRegistries(ctx));
  collectExports(ctx);
  findings.components = [...ctx.components.values()].map((c) => ({ ...c, evidence: sortEvidence(c.evidence) }));
  findings.components.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  findings.edges = ctx.edges.map((e) => ({ ...e, evidence: sortEvidence(e.evidence) }));
  findings.edges.sort((a, b) => cmp(`${a.from}|${a.kind}|${a.to}`, `${b.from}|${b.kind}|${b.to}`));
  findings.refs = ctx.refs.map((r) => ({ ...r, evidence: sortEvidence(r.evidence) }));
  findings.refs.sort((a, b) => cmp(`${a.from}|${a.kind}|${a.toName}`, `${b.from}|${b.kind}|${b.toName}`));
  findings.frameworks = [...frameworkEvidence.entries()]
    .map(([id, evidence]) => ({ id, confidence: 'high' as const, evidence: sortEvidence(evidence) }))
    .sort((a, b) => cmp(a.id, b.id));
  findings.diagnostics = ctx.diagnostics;
  if (mod.firstErrorLine !== undefined) {
    findings.diagnostics.push({ path: mod.path, line: mod.firstErrorLine, code: 'parse-error', message: 'Python syntax error; analysed what parsed' });
  }
  findings.diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || cmp(a.code, b.code));
  const exports = Object.fromEntries([...ctx.exports.entries()].sort(([a], [b]) => cmp(a, b)).map(([k, v]) => [k, [...v].sort()]));
  if (Object.keys(exports).length) findings.facts.exports = exports;
  // A repository's own package can be named like a framework (`agents/agent.py`): only the listing can tell, so
  // the model is told which modules named the framework here, and whether this file is a package's (where its
  // own folder is not on the import path) or a script's.
  if (frameworkModules.size) {
    findings.facts.frameworkModules = Object.fromEntries([...frameworkModules].sort(([a], [b]) => cmp(a, b)).map(([k, v]) => [k, [...v].sort()]));
    if (mod.imports.some((i) => i.relative)) findings.facts.relativeImports = true;
  }
  return findings;
}

/**
 * `TOOLS = [search, fetch]` at module level in a file that uses an agent framework: a tool registry handed to an
 * agent elsewhere (`ToolNode(TOOLS)`, `Agent(tools=TOOLS)`). Its local functions are tools even without a decorator.
 */
const TOOL_LIST_NAME = /^(all_|default_|agent_|available_)?tools(_list)?$/i;

function toolRegistries(ctx: FileContext): void {
  for (const [name, bindings] of ctx.mod.module.bindings) {
    if (!TOOL_LIST_NAME.test(name)) continue;
    for (const b of bindings) {
      if (b.kind !== 'assign' || !b.value || !['ArrayExpression', 'TupleExpression'].includes(b.value.name)) continue;
      for (const t of ctx.targets(b.value)) if (t.t === 'fn' || t.t === 'cls') ctx.functionTool(t.t === 'fn' ? t.fn : t.cls, undefined, undefined, `in ${name}`);
    }
  }
}

/** Module-level names and factory functions that stand for components, so other files' refs can reach them. */
function collectExports(ctx: FileContext): void {
  if (!ctx.components.size) return;
  for (const [name, bindings] of ctx.mod.module.bindings) {
    for (const b of bindings) {
      if ((b.kind === 'assign' || b.kind === 'with') && b.value) {
        for (const t of ctx.targets(b.value)) if (t.t === 'id') ctx.export(name, t.id);
      }
    }
  }
  for (const fn of ctx.mod.functions) {
    if (fn.parent !== ctx.mod.module) continue;
    for (const id of ctx.idsAt(fn.node)) ctx.export(fn.name, id);
    for (const r of ctx.returnsOf(fn)) for (const t of ctx.targets(r, fn.scope)) if (t.t === 'id') ctx.export(fn.name, t.id);
  }
  for (const cls of ctx.mod.classes) {
    if (cls.parent !== ctx.mod.module) continue;
    for (const id of ctx.idsAt(cls.node)) ctx.export(cls.name, id);
    // A class whose methods are decorated tools stands for those tools (`tools=ExaSearchTool.tools()`).
    if (!ctx.idsAt(cls.node).length) for (const m of cls.methods) for (const id of ctx.idsAt(m.node)) if (id.startsWith('tool:')) ctx.export(cls.name, id);
  }
}

