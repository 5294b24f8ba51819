import type { SyntaxNode } from '@lezer/common';
import type { AttrValue, Component, Diagnostic, Edge, EdgeRef, Evidence, Layer } from '../../../model/types.js';
import {
  callInfoAt,
  children,
  line,
  textOf,
  type Binding,
  type CallInfo,
  type ClassInfo,
  type FunctionInfo,
  type PyModule,
  type Scope,
} from '../analysis/module.js';
import { KIND_LAYER } from '../../../model/kind-layers.js';
import { lookup, lookupSelf, qnOf, qnRoot, scopeAt } from '../analysis/resolve.js';
import { dictEntries, isSequence, listItems, readArgs, stringValue, type Arg } from '../analysis/values.js';
import { gatherTreeNodes, type TreeNodes } from '../analysis/tree-nodes.js';


/** Kinds named repo-wide (`model:openai/gpt-4o`); everything else is named by the file that defines it. */
const GLOBAL_KINDS = new Set(['model', 'model-artifact', 'llm-gateway', 'vector-store', 'mcp-server', 'peer-agent', 'observability']);

export interface Made {
  kind: string;
  name: string;
  framework?: string;
  capabilities?: string[];
  attributes?: Record<string, AttrValue | undefined>;
  line: number;
  note?: string;
  /** Force file-scoped naming for a kind that is repo-wide by default (an MCP server defined in this file). */
  local?: boolean;
}

export type Target =
  | { t: 'id'; id: string; node: SyntaxNode }
  | { t: 'ref'; name: string; node: SyntaxNode }
  | { t: 'fn'; fn: FunctionInfo; node: SyntaxNode }
  | { t: 'cls'; cls: ClassInfo; node: SyntaxNode }
  | { t: 'str'; value: string; node: SyntaxNode }
  | { t: 'lib'; qn: string; node: SyntaxNode }
  | { t: 'bool'; value: boolean; node: SyntaxNode };

export interface SymbolResolver {
  /** Turns a library symbol passed by reference (`tools=[shell]` from strands_tools) into a component id. */
  (ctx: FileContext, qn: string, node: SyntaxNode): string | undefined;
}

export class FileContext {
  readonly path: string;
  readonly components = new Map<string, Component>();
  private readonly edgeMap = new Map<string, Edge>();
  private readonly refMap = new Map<string, EdgeRef>();
  readonly diagnostics: Diagnostic[] = [];
  /** Python symbol -> component ids, so refs by symbol name resolve to repo-wide ids (models, stores). */
  readonly exports = new Map<string, Set<string>>();
  private readonly byNode = new Map<string, string[]>();
  private readonly aliases = new Map<string, SyntaxNode[]>();
  private readonly qnMemo = new Map<string, string | undefined>();
  /** How many scopes of the file (the module, each function) bind each variable name (`localName`). */
  private readonly bindingScopes = new Map<string, number>();
  readonly linkJobs: (() => void)[] = [];
  readonly functionTools = new Map<FunctionInfo, string>();
  /** Frameworks a rule credits from a call rather than an import (`boto3.client("bedrock-agent-runtime")`). */
  readonly frameworkCredits = new Map<string, Evidence[]>();
  /** Filled by rule modules that need to hand data to their finish step. */
  readonly notes = new Map<string, unknown[]>();
  private gathered?: TreeNodes;

  constructor(
    readonly mod: PyModule,
    readonly isLibraryRoot: (root: string) => boolean,
    readonly symbolResolvers: readonly SymbolResolver[],
    readonly classifyFunction: (ctx: FileContext, fn: FunctionInfo | ClassInfo) => ToolProfile,
  ) {
    this.path = mod.path;
  }

  credit(framework: string, evLine: number, note: string): void {
    const list = this.frameworkCredits.get(framework) ?? [];
    if (!list.some((e) => e.line === evLine)) list.push({ path: this.path, line: evLine, note });
    this.frameworkCredits.set(framework, list);
  }

  note<T>(key: string, value: T): void {
    const list = this.notes.get(key);
    if (list) list.push(value);
    else this.notes.set(key, [value]);
  }

  noted<T>(key: string): T[] {
    return (this.notes.get(key) ?? []) as T[];
  }

  /** Strings, dicts and assignments anywhere in the file, gathered once for every finish step that looks for them. */
  treeNodes(): TreeNodes {
    return (this.gathered ??= gatherTreeNodes(this.mod.parsed.tree));
  }

  // ---- names and lines -------------------------------------------------------------------------------------

  qn(call: CallInfo): string | undefined {
    const key = `${call.node.from}:${call.node.to}`;
    if (!this.qnMemo.has(key)) this.qnMemo.set(key, qnOf(this.mod, call.callee, call.scope));
    return this.qnMemo.get(key);
  }

  qnOfNode(node: SyntaxNode, scope?: Scope): string | undefined {
    return qnOf(this.mod, node, scope ?? scopeAt(this.mod, node) ?? this.mod.module);
  }

  line(node: SyntaxNode): number {
    return line(this.mod, node.from);
  }

  text(node: SyntaxNode): string {
    return textOf(this.mod, node);
  }

  args(call: CallInfo): Arg[] {
    return readArgs(this.mod, call.args);
  }

  str(node: SyntaxNode | undefined): string | undefined {
    return stringValue(this.mod, node);
  }

  /** The line that shows a call: the method name's line for `x\n  .compile()`, else where the call starts. */
  callLine(call: CallInfo): number {
    const c = call.callee;
    if (c.name === 'MemberExpression' && c.lastChild) return this.line(c.lastChild);
    return this.line(c);
  }

  /**
   * The Python symbol a constructed thing is known by: the variable it is assigned to, the function that returns
   * it, else `fallback`.
   */
  nameFor(call: CallInfo | SyntaxNode, fallback: string): string {
    let node = 'callee' in call ? call.node : call;
    let p = node.parent;
    // `await (x)`, and a method that hands back the same thing configured (`create_deep_agent(...).with_config(cfg)`):
    // the name is what the whole expression is assigned to or returned from. Not one that hands back something
    // else (`WebBaseLoader(...).load()` is documents, not the loader).
    for (;;) {
      if (p && (p.name === 'AwaitExpression' || p.name === 'ParenthesizedExpression')) node = p;
      else if (p?.name === 'MemberExpression' && p.firstChild && sameNode(p.firstChild, node) && p.parent?.name === 'CallExpression' && p.parent.firstChild && sameNode(p.parent.firstChild, p) && CONFIGURING.test(this.text(p.lastChild!))) node = p.parent;
      else break;
      p = node.parent;
    }
    if (!p) return fallback;
    const at = node;
    if (p.name === 'AssignStatement') {
      const kids = children(p);
      const ops = kids.flatMap((k, i) => (k.name === 'AssignOp' ? [i] : []));
      if (!ops.length) return fallback;
      const values = kids.slice(ops[ops.length - 1]! + 1).filter((k) => k.name !== ',');
      const vi = values.findIndex((v) => sameNode(v, at));
      if (vi < 0) return fallback;
      const targets = kids.slice(0, ops[0]).filter((k) => k.name === 'VariableName' || k.name === 'MemberExpression');
      const target = targets.length === values.length ? targets[vi] : targets[0];
      if (target?.name === 'VariableName') return this.localName(this.text(target), p);
      if (target?.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName') return this.text(target.lastChild);
      return fallback;
    }
    if (p.name === 'ReturnStatement') return this.enclosingFunction(p)?.name ?? fallback;
    if (p.name === 'WithStatement') {
      const as = node.nextSibling;
      if (as?.name === 'as' && as.nextSibling?.name === 'VariableName') return this.localName(this.text(as.nextSibling), p);
    }
    return fallback;
  }

  /**
   * A variable's name as a component's: qualified by its function (`main.agent`) when other scopes of this file
   * bind the same name, so that `agent = Agent(...)` in two functions stays two agents, each with its own tools.
   * (An attribute, `self.agent`, is one object whoever assigns it, and keeps its name.)
   */
  private localName(name: string, at: SyntaxNode): string {
    const fn = this.enclosingFunction(at);
    if (!fn) return name;
    let scopes = this.bindingScopes.get(name);
    if (scopes === undefined) {
      const own = (b: Binding[] | undefined) => !!b?.some((x) => x.kind === 'assign' || x.kind === 'with');
      scopes = (own(this.mod.module.bindings.get(name)) ? 1 : 0) + this.mod.functions.filter((f) => own(f.scope.bindings.get(name))).length;
      this.bindingScopes.set(name, scopes);
    }
    return scopes > 1 ? `${fn.cls ? `${fn.cls.name}.` : ''}${fn.name}.${name}` : name;
  }

  enclosingFunction(node: SyntaxNode): FunctionInfo | undefined {
    const scope = scopeAt(this.mod, node);
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.fn) return s.fn;
    return undefined;
  }

  /** What a name (a VariableName node) is bound to: in the function around it when it binds it there, else the module. */
  bindingsOf(name: SyntaxNode): Binding[] {
    const text = this.text(name);
    const scoped = this.enclosingFunction(name)?.scope.bindings.get(text);
    return scoped?.length ? scoped : (this.mod.module.bindings.get(text) ?? []);
  }

  // ---- output -------------------------------------------------------------------------------------------------

  idFor(kind: string, name: string, local = false): string {
    return GLOBAL_KINDS.has(kind) && !local ? `${kind}:${name}` : `${kind}:${this.path}#${name}`;
  }

  /** Adds (or merges into) a component and remembers which syntax node made it. */
  add(made: Made, node?: SyntaxNode): string {
    const id = this.idFor(made.kind, made.name, made.local);
    const ev: Evidence = { path: this.path, line: made.line };
    if (made.note) ev.note = made.note;
    const existing = this.components.get(id);
    if (existing) {
      if (!existing.evidence.some((e) => e.line === ev.line && e.note === ev.note)) existing.evidence.push(ev);
      if (made.capabilities?.length) existing.capabilities = union(existing.capabilities, made.capabilities);
      this.mergeAttrs(existing, made.attributes);
      if (made.framework && !existing.framework) existing.framework = made.framework;
    } else {
      const c: Component = { id, kind: made.kind, layer: KIND_LAYER[made.kind] ?? 'L3', name: made.name, source: 'inferred', confidence: 'high', evidence: [ev] };
      if (made.framework) c.framework = made.framework;
      if (made.capabilities?.length) c.capabilities = [...new Set(made.capabilities)].sort();
      this.mergeAttrs(c, made.attributes);
      this.components.set(id, c);
    }
    if (node) this.bindNode(node, id);
    return id;
  }

  bindNode(node: SyntaxNode, id: string): void {
    const key = `${node.from}:${node.to}`;
    const list = this.byNode.get(key);
    if (!list) this.byNode.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  }

  /** Makes an expression stand for others when followed (`create_tool_calling_agent(llm, tools)` -> llm, tools). */
  alias(node: SyntaxNode, to: SyntaxNode[]): void {
    this.aliases.set(`${node.from}:${node.to}`, to);
  }

  idsAt(node: SyntaxNode): string[] {
    return this.byNode.get(`${node.from}:${node.to}`) ?? [];
  }

  private mergeAttrs(c: Component, attrs: Record<string, AttrValue | undefined> | undefined): void {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined) continue;
      c.attributes ??= {};
      const old = c.attributes[k];
      // A true safety flag from any occurrence wins only for flags that report a risk; keep the first otherwise.
      if (old === undefined || (typeof v === 'boolean' && v && !old)) c.attributes[k] = v;
    }
  }

  setAttr(id: string, key: string, value: AttrValue | undefined): void {
    const c = this.components.get(id);
    if (!c || value === undefined) return;
    c.attributes ??= {};
    const old = c.attributes[key];
    // Several caps on one agent (constructor and run call): the tightest one is what holds.
    if (key === 'maxIterations' && typeof old === 'number' && typeof value === 'number') c.attributes[key] = Math.min(old, value);
    else c.attributes[key] = value;
  }

  component(id: string): Component | undefined {
    return this.components.get(id);
  }

  edge(from: string, to: string, kind: string, evLine: number, note?: string, guess?: boolean): void {
    if (from === to) return;
    const key = `${from}\u0000${to}\u0000${kind}`;
    const ev: Evidence = { path: this.path, line: evLine };
    if (note) ev.note = note;
    const existing = this.edgeMap.get(key);
    if (existing) {
      if (!existing.evidence.some((e) => e.line === evLine)) existing.evidence.push(ev);
      if (!guess) delete existing.guess;
      return;
    }
    const e: Edge = { from, to, kind, evidence: [ev] };
    if (guess) e.guess = true;
    this.edgeMap.set(key, e);
  }

  /** An edge to what `toName` turns out to be in another file; `inward` for one from it (a guardrail guarding `from`). */
  ref(from: string, toName: string, toKinds: string[], kind: string, evLine: number, note?: string, inward = false): void {
    const key = `${from}\u0000${toName}\u0000${kind}`;
    const ev: Evidence = { path: this.path, line: evLine };
    if (note) ev.note = note;
    const existing = this.refMap.get(key);
    if (existing) {
      if (!existing.evidence.some((e) => e.line === evLine)) existing.evidence.push(ev);
      return;
    }
    this.refMap.set(key, { from, toName, toKinds, kind, evidence: [ev], ...(inward ? { inward: true } : {}) });
  }

  export(symbol: string, id: string): void {
    if (this.components.get(id)?.name === symbol) return;
    const set = this.exports.get(symbol);
    if (set) set.add(id);
    else this.exports.set(symbol, new Set([id]));
  }

  get edges(): Edge[] {
    return [...this.edgeMap.values()];
  }

  get refs(): EdgeRef[] {
    return [...this.refMap.values()];
  }

  // ---- following values -------------------------------------------------------------------------------------

  /** Is `qn` something a library provides (vs. a module of the scanned repository)? */
  isLibrary(qn: string): boolean {
    return this.isLibraryRoot(qnRoot(qn));
  }

  /**
   * What an expression stands for, following assignments, returns of local factories, list literals and
   * method calls on known objects (`toolkit.get_tools()`, `store.as_retriever()`).
   */
  targets(node: SyntaxNode | undefined, scope?: Scope, depth = 0): Target[] {
    if (!node || depth > 10) return [];
    const sc = scope ?? scopeAt(this.mod, node) ?? this.mod.module;
    const own = this.idsAt(node);
    if (own.length) return own.map((id) => ({ t: 'id', id, node }));
    const alias = this.aliases.get(`${node.from}:${node.to}`);
    if (alias) return alias.flatMap((a) => this.targets(a, sc, depth + 1));
    switch (node.name) {
      case 'VariableName':
        return this.bindingTargets(node, lookup(this.mod, sc, this.text(node), node.from), sc, depth);
      case 'MemberExpression': {
        const obj = node.firstChild;
        const prop = node.lastChild;
        if (prop?.name === ']') return this.entryTargets(node, sc, depth);
        if (obj?.name === 'VariableName' && this.text(obj) === 'self' && prop?.name === 'PropertyName') {
          return this.bindingTargets(node, lookupSelf(sc, this.text(prop), node.from), sc, depth);
        }
        // `search.run` where `search` is a known component stands for that component.
        if (obj) {
          const through = this.targets(obj, sc, depth + 1).filter((t) => t.t === 'id');
          if (through.length) return through;
          // `tools_module.search` where `import app.tools as tools_module`, or `from .tools import bq_connector` and
          // `bq_connector.get_product_details`: a symbol of a repo module.
          if (obj.name === 'VariableName' && prop?.name === 'PropertyName') {
            const imp = lookup(this.mod, sc, this.text(obj), node.from).find((b) => b.kind === 'import')?.import;
            if (imp && !imp.self && (imp.relative || !this.isLibrary(imp.target))) {
              return [{ t: 'ref', name: this.text(prop), node }];
            }
          }
        }
        const q = qnOf(this.mod, node, sc);
        if (q && !q.startsWith('~') && this.isLibrary(q)) return [{ t: 'lib', qn: q, node }];
        return [];
      }
      case 'CallExpression': {
        const info = callInfoAt(this.mod, node);
        const q = info ? this.qn(info) : undefined;
        if (q?.startsWith('~') && !q.slice(1).includes('.')) {
          const results = this.bindingTargets(node, lookup(this.mod, sc, q.slice(1), node.from), sc, depth, true);
          if (results.length) return results;
        }
        const callee = node.firstChild;
        // `self.researcher()` inside a class: what that method returns.
        if (callee?.name === 'MemberExpression' && callee.firstChild?.name === 'VariableName' && this.text(callee.firstChild) === 'self' && callee.lastChild) {
          const method = sc.classScope?.cls?.methods.find((m) => m.name === this.text(callee.lastChild!));
          if (method) return this.returnsOf(method).flatMap((r) => this.targets(r, method.scope, depth + 1));
        }
        if (callee?.name === 'MemberExpression' && callee.firstChild) {
          const through = this.targets(callee.firstChild, sc, depth + 1);
          if (through.length) return through;
        }
        if (callee?.name === 'VariableName') {
          const bs = lookup(this.mod, sc, this.text(callee), node.from);
          const imp = bs.find((b) => b.kind === 'import')?.import;
          if (imp && !imp.self && (imp.relative || !this.isLibrary(imp.target))) {
            return [{ t: 'ref', name: imp.name ?? imp.local, node }];
          }
        }
        return [];
      }
      case 'AwaitExpression':
      case 'LambdaExpression':
        return this.targets(node.lastChild ?? undefined, sc, depth + 1);
      case 'ParenthesizedExpression':
        return this.targets(node.firstChild?.nextSibling ?? undefined, sc, depth + 1);
      case 'ConditionalExpression': {
        const kids = children(node);
        return [...this.targets(kids[0], sc, depth + 1), ...this.targets(kids[4], sc, depth + 1)];
      }
      case 'BinaryExpression':
        // `tools_a + tools_b` holds what both hold; a string among the operands (`base.rstrip("/") + "/mcp"`, or
        // `BASE_URL + "/mcp"` with BASE_URL a literal) is a piece of a computed string, not a value of its own.
        return children(node)
          .filter((k) => k.name !== 'ArithOp')
          .flatMap((k) => this.targets(k, sc, depth + 1))
          .filter((t) => t.t !== 'str');
      case 'String':
      case 'ContinuedString': {
        const v = stringValue(this.mod, node);
        return v === undefined ? [] : [{ t: 'str', value: v, node }];
      }
      case 'Boolean':
        return [{ t: 'bool', value: this.text(node) === 'True', node }];
      default:
        if (isSequence(node)) return listItems(node).flatMap((i) => this.targets(i, sc, depth + 1));
        return [];
    }
  }

  /**
   * `models["fast"]` where `models = {"fast": ChatOpenAI(...), "smart": ...}` (a dict literal the name is bound to
   * once): that entry's targets; with a key the code computes (`models[tier]`), every entry's, one of which it is.
   */
  private entryTargets(node: SyntaxNode, sc: Scope, depth: number): Target[] {
    const obj = node.firstChild;
    const index = obj?.nextSibling?.nextSibling;
    if (!obj || !index || index.name === ']') return [];
    let dict: SyntaxNode | undefined = obj.name === 'DictionaryExpression' ? obj : undefined;
    if (obj.name === 'VariableName') {
      const bindings = lookup(this.mod, sc, this.text(obj), node.from);
      const only = bindings.length === 1 && bindings[0]!.kind === 'assign' ? bindings[0]!.value : undefined;
      if (only?.name === 'DictionaryExpression') dict = only;
    }
    if (!dict) return [];
    const key = stringValue(this.mod, index);
    const entries = dictEntries(this.mod, dict).filter((e) => key === undefined || e.key === key);
    return entries.flatMap((e) => this.targets(e.value, sc, depth + 1));
  }

  private bindingTargets(
    node: SyntaxNode,
    bindings: ReturnType<typeof lookup>,
    scope: Scope,
    depth: number,
    called = false,
  ): Target[] {
    for (const b of bindings) {
      let out: Target[] = [];
      switch (b.kind) {
        case 'assign':
        case 'with':
          if (b.value) out = this.targets(b.value, scopeAt(this.mod, b.value) ?? scope, depth + 1);
          break;
        case 'def': {
          const fn = this.mod.functions.find((f) => f.node === b.value || f.node.from === b.value?.from);
          if (!fn) break;
          if (!called) {
            const ids = this.idsAt(fn.node);
            out = ids.length ? ids.map((id) => ({ t: 'id' as const, id, node })) : [{ t: 'fn', fn, node }];
            break;
          }
          // A call to a local factory stands for what it returns.
          out = this.returnsOf(fn).flatMap((r) => this.targets(r, fn.scope, depth + 1));
          break;
        }
        case 'class': {
          const cls = this.mod.classes.find((c) => c.node.from === b.value?.from);
          if (!cls) break;
          const ids = this.idsAt(cls.node);
          out = ids.length ? ids.map((id) => ({ t: 'id' as const, id, node })) : [{ t: 'cls', cls, node }];
          break;
        }
        case 'import': {
          const imp = b.import!;
          if (imp.self) break;
          if (imp.relative || !this.isLibrary(imp.target)) out = [{ t: 'ref', name: imp.name ?? imp.local, node }];
          else out = [{ t: 'lib', qn: imp.target, node }];
          break;
        }
        default:
          break;
      }
      if (out.length) return out;
    }
    return [];
  }

  /** The call an expression was made by, following variables (`tool_node = ToolNode(tools)`). */
  originCall(node: SyntaxNode | undefined, depth = 0): CallInfo | undefined {
    if (!node || depth > 6) return undefined;
    if (node.name === 'CallExpression') return callInfoAt(this.mod, node);
    if (node.name === 'AwaitExpression' || node.name === 'ParenthesizedExpression') {
      return this.originCall(node.name === 'AwaitExpression' ? node.lastChild ?? undefined : node.firstChild?.nextSibling ?? undefined, depth + 1);
    }
    if (node.name === 'VariableName') return this.originCall(this.assignedValue(node), depth + 1);
    return undefined;
  }

  /** What a variable was last bound to where it is read (`x = ...`, `with ... as x`), if it was. */
  assignedValue(node: SyntaxNode): SyntaxNode | undefined {
    const sc = scopeAt(this.mod, node) ?? this.mod.module;
    return lookup(this.mod, sc, this.text(node), node.from).find((x) => (x.kind === 'assign' || x.kind === 'with') && x.value)?.value;
  }

  returnsOf(fn: FunctionInfo): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const body = fn.body;
    if (!body) return out;
    const visit = (n: SyntaxNode) => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition' || c.name === 'DecoratedStatement') continue;
        if (c.name === 'ReturnStatement' && c.lastChild && c.lastChild.name !== 'return') out.push(c.lastChild);
        else visit(c);
      }
    };
    visit(body);
    return out;
  }

  /** Calls made in a function's body, nested helpers and lambdas included. */
  callsIn(node: SyntaxNode): CallInfo[] {
    return this.mod.calls.filter((c) => c.node.from >= node.from && c.node.to <= node.to);
  }

  /** Resolves a library symbol passed by reference into a component, through the rule modules. */
  symbol(qn: string, node: SyntaxNode): string | undefined {
    for (const r of this.symbolResolvers) {
      const id = r(this, qn, node);
      if (id) return id;
    }
    return undefined;
  }

  /** A local function or class used as a tool, classified by what its body calls. */
  functionTool(fn: FunctionInfo | ClassInfo, framework?: string, evLine?: number, note = 'tool function'): string {
    const known = this.idsAt(fn.node).find((id) => id.startsWith('tool:'));
    if (known) return known;
    const profile = this.classifyFunction(this, fn);
    const attrs: Record<string, AttrValue | undefined> = {};
    if (profile.sandboxed) attrs.sandboxed = true;
    if (profile.allowList) attrs.allowList = true;
    if (profile.humanApproval) attrs.humanApproval = true;
    const made: Made = { kind: 'tool', name: fn.name, capabilities: profile.capabilities, attributes: attrs, line: evLine ?? fn.line, note };
    if (framework) made.framework = framework;
    const id = this.add(made, fn.node);
    if ('params' in fn) this.functionTools.set(fn, id);
    for (const db of profile.databases) this.edge(id, db.id, 'queries', db.line, 'database call');
    return id;
  }
}

export interface ToolProfile {
  capabilities: string[];
  sandboxed: boolean;
  allowList: boolean;
  humanApproval: boolean;
  databases: { id: string; line: number }[];
}

export function union(a: string[] | undefined, b: string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}

/** Methods that hand back the object they are called on, configured (LangChain runnables, LangGraph builders). */
const CONFIGURING = /^(?:with_\w+|bind|bind_tools|configurable_\w+|compile)$/;

/** Whether two handles are the same node (lezer makes a new handle per visit). */
function sameNode(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.from === b.from && a.to === b.to && a.name === b.name;
}
