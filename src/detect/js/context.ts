import type { ts } from 'ts-morph';
import { type FileAnalysis, type Origin, isLocalModule } from './analysis.js';
import { frameworkOfModule, isAiPackage, packageOf } from './frameworks.js';
import { RUN_TIME_PROVIDER } from '../run-time-model.js';
import { modelComponent } from './models.js';
import { type FileOut, edgeKindTo } from './out.js';

export interface CallSite {
  node: ts.CallExpression | ts.NewExpression;
  origin: Origin;
  /** Line that shows the call (member name of a chain, else its start). */
  line: number;
  args: readonly ts.Expression[];
}

/** How an argument of an agent-ish construction is linked when it names something defined in another file. */
export interface SlotSpec {
  refKind: string;
  refKinds: string[];
  /** Only targets of these kinds are linked (default: any kind). */
  accept?: string[];
  /** Also emit refs under these (kind, toKinds) when the slot may hold either (graph nodes: agents or tools). */
  alsoRef?: { refKind: string; refKinds: string[] }[];
}

export const SLOT = {
  model: { refKind: 'uses-model', refKinds: ['model', 'llm-gateway'] },
  tools: { refKind: 'uses-tool', refKinds: ['tool'] },
  memory: { refKind: 'uses-memory', refKinds: ['memory'] },
  agents: { refKind: 'delegates', refKinds: ['agent'] },
  mcp: { refKind: 'connects-mcp', refKinds: ['mcp-server'] },
  vectors: { refKind: 'retrieves', refKinds: ['vector-store'] },
  guardrails: { refKind: 'guards', refKinds: ['guardrail'] },
  ingests: { refKind: 'ingests', refKinds: ['document-loader'], accept: ['document-loader'] },
} satisfies Record<string, SlotSpec>;

/** What an expression reaches: components of this file, names from other files, and names bound as tools. */
export interface Found {
  ids: Set<string>;
  refs: Set<string>;
  toolRefs?: Set<string>;
}

/** A provider registry's model lookups (`createProviderRegistry`, `customProvider`). */
const REGISTRY_LOOKUPS = new Set(['languageModel', 'textEmbeddingModel']);

/** Calls whose arguments are tools whatever the surrounding slot (`llm.bindTools(tools)`, `new ToolNode(tools)`). */
const TOOL_BINDERS = ['bindTools', 'bind_tools', 'ToolNode'];

interface Slot {
  from: string;
  expr: ts.Expression;
  line: number;
  spec: SlotSpec;
}

export interface Rule {
  id: string;
  /** True for the modules whose members this rule recognises (the origin's module of a call). */
  appliesTo(module: string): boolean;
  onCall?(site: CallSite, cx: Cx): void;
  /** After every call was seen: file-level patterns (routes, graphs, tracing). */
  afterCalls?(cx: Cx): void;
}

/** What rules share while reading one file. */
export class Cx {
  private readonly slots: Slot[] = [];
  readonly sites: CallSite[] = [];
  private readonly anon = new Map<string, number>();
  private declarationScopes?: Map<string, number>;

  constructor(
    readonly a: FileAnalysis,
    readonly out: FileOut,
  ) {}

  get ts() {
    return this.a.ts;
  }

  /** The component name for a construction: its binding, else a literal `name`/`id` property, else an ordinal. */
  nameFor(node: ts.Node, fallback: string, options?: ts.Expression): string {
    const bound = this.a.bindingName(node) ?? this.factoryName(node);
    if (bound && bound !== 'default') return this.localName(node, bound);
    const literal = this.a.stringValue(this.a.propValue(options, 'name')) ?? this.a.stringValue(this.a.propValue(options, 'id'));
    if (literal) return literal;
    if (bound) return bound;
    const encl = this.a.enclosingName(node);
    const base = encl ? `${encl}.${fallback}` : fallback;
    const n = (this.anon.get(base) ?? 0) + 1;
    this.anon.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  }

  /**
   * A local variable's name as a component's: qualified by its function (`a.agent`) when other scopes of this file
   * declare the same name, so that `const agent = new Agent(...)` in two functions stays two agents, each with its
   * own tools. A name declared in one scope, and a property, keep their names.
   */
  private localName(node: ts.Node, bound: string): string {
    const t = this.ts;
    let n: ts.Node = node;
    for (let i = 0; i < 8 && n.parent && !t.isVariableDeclaration(n.parent); i++) n = n.parent;
    const decl = n.parent;
    if (!decl || !t.isVariableDeclaration(decl) || !t.isIdentifier(decl.name) || decl.name.text !== bound) return bound;
    if ((this.declarationScopes ??= this.countDeclarationScopes()).get(bound)! < 2) return bound;
    const encl = this.a.enclosingName(decl);
    return encl ? `${encl}.${bound}` : bound;
  }

  /** For each variable name, how many scopes (the file, each function) declare it. */
  private countDeclarationScopes(): Map<string, number> {
    const t = this.ts;
    const scopes = new Map<string, Set<ts.Node>>();
    const visit = (n: ts.Node, scope: ts.Node): void => {
      if (t.isVariableDeclaration(n) && t.isIdentifier(n.name)) {
        const set = scopes.get(n.name.text) ?? new Set<ts.Node>();
        set.add(scope);
        scopes.set(n.name.text, set);
      }
      const inner = t.isFunctionLike(n) ? n : scope;
      t.forEachChild(n, (c) => visit(c, inner));
    };
    visit(this.a.sf, this.a.sf);
    return new Map([...scopes].map(([name, set]) => [name, set.size]));
  }

  /** `export const makeTool = (deps) => tool({...})`: the factory's name is what other files import and call. */
  factoryName(node: ts.Node): string | undefined {
    const t = this.ts;
    let n: ts.Node = node;
    while (n.parent && (t.isParenthesizedExpression(n.parent) || t.isAwaitExpression(n.parent) || t.isAsExpression(n.parent))) n = n.parent;
    const p = n.parent;
    let fn: ts.Node | undefined;
    if (p && t.isArrowFunction(p) && p.body === n) fn = p;
    else if (p && t.isReturnStatement(p)) {
      fn = p.parent;
      while (fn && !t.isFunctionLike(fn)) fn = fn.parent;
    }
    if (!fn) return undefined;
    if (t.isFunctionDeclaration(fn) && fn.name) return fn.name.text;
    return t.isArrowFunction(fn) || t.isFunctionExpression(fn) ? this.a.bindingName(fn) : undefined;
  }

  /** Link `from` to whatever `expr` denotes (resolved at the end of the file); `at` is the node whose line shows it. */
  link(from: string, expr: ts.Expression | undefined, spec: SlotSpec, at?: ts.Node): void {
    if (!expr) return;
    this.slots.push({ from, expr, line: this.a.line(at ?? propertyOf(this.ts, expr) ?? expr), spec });
  }

  /** Link through a property of an options object: `{ tools: ... }`. */
  linkProp(from: string, options: ts.Expression | undefined, names: string[], spec: SlotSpec): void {
    for (const name of names) {
      const p = this.a.prop(options, name);
      if (!p) continue;
      this.link(from, this.a.propValue(options, name), spec, p);
    }
  }

  resolveSlots(): void {
    for (const s of this.slots) {
      const seen = new Set<ts.Node>();
      const found: Found = { ids: new Set<string>(), refs: new Set<string>() };
      this.targets(s.expr, found, seen, 0);
      // A model the code works out at run time (a parameter, a setting, a registry lookup): the agent still runs one,
      // and a chain through it holds whichever it turns out to be.
      if (s.spec === SLOT.model && !found.ids.size && !found.refs.size && !found.toolRefs?.size) {
        const model = this.slotModel(s.expr);
        if (model) found.ids.add(this.out.add(model.component, s.line, model.note));
      }
      for (const id of [...found.ids].sort()) {
        const target = this.out.components.get(id);
        if (!target || (s.spec.accept && !s.spec.accept.includes(target.kind))) continue;
        if (target.kind === 'guardrail') this.out.edge(id, s.from, 'guards', s.line);
        else if (target.kind === 'document-loader') this.out.edge(id, s.from, 'ingests', s.line);
        else if (target.kind === 'mcp-client') this.out.edge(s.from, id, 'connects-mcp', s.line, 'via-client');
        else {
          const kind = edgeKindTo(target.kind);
          if (kind) this.out.edge(s.from, id, kind, s.line);
        }
      }
      if (s.spec.refKind === 'ingests') continue;
      for (const name of [...found.refs].sort()) {
        this.out.ref(s.from, name, s.spec.refKind, s.spec.refKinds, s.line);
        for (const extra of s.spec.alsoRef ?? []) this.out.ref(s.from, name, extra.refKind, extra.refKinds, s.line);
      }
      for (const name of [...(found.toolRefs ?? [])].sort()) this.out.ref(s.from, name, 'uses-tool', ['tool'], s.line);
    }
  }

  /**
   * The model a model slot holds when no rule made one of it: a model id string (`'anthropic:claude-sonnet-4-5'`),
   * none for `undefined`, `null`, a number or a boolean, else one the code works out at run time.
   */
  private slotModel(expr: ts.Expression): { component: NonNullable<ReturnType<typeof modelComponent>>; note: string } | undefined {
    const t = this.ts;
    const e = this.a.unwrap(expr);
    if (t.isStringLiteral(e) || t.isNoSubstitutionTemplateLiteral(e)) {
      const named = modelComponent(undefined, e.text);
      return named && { component: named, note: 'model id' };
    }
    // A provider registry's lookup by a `provider:model` id (`registry.languageModel('openai:gpt-4o')`).
    if (t.isCallExpression(e) && t.isPropertyAccessExpression(e.expression) && REGISTRY_LOOKUPS.has(e.expression.name.text)) {
      const id = this.a.constValue(e.arguments[0]);
      const named = id === undefined ? undefined : modelComponent(undefined, id);
      if (named) return { component: named, note: 'model id' };
    }
    if (t.isIdentifier(e) && e.text === 'undefined') return undefined;
    if (e.kind === t.SyntaxKind.NullKeyword || e.kind === t.SyntaxKind.TrueKeyword || e.kind === t.SyntaxKind.FalseKeyword || t.isNumericLiteral(e)) return undefined;
    return { component: modelComponent(RUN_TIME_PROVIDER, undefined)!, note: 'model set at run time' };
  }

  /** Components an expression evaluates to (in this file) and names it imports from elsewhere in the repository. */
  targets(expr: ts.Node, found: Found, seen: Set<ts.Node>, depth: number): void {
    if (depth > 10 || seen.has(expr)) return;
    seen.add(expr);
    const t = this.ts;
    const own = this.out.byNode.get(expr);
    if (own) {
      for (const id of own) found.ids.add(id);
      return;
    }
    const next = (n: ts.Node | undefined) => n && this.targets(n, found, seen, depth + 1);
    if (t.isAwaitExpression(expr) || t.isParenthesizedExpression(expr) || t.isAsExpression(expr) || t.isNonNullExpression(expr) || t.isSatisfiesExpression(expr)) {
      return next(expr.expression);
    }
    if (t.isArrayLiteralExpression(expr)) return expr.elements.forEach((e) => next(e));
    if (t.isSpreadElement(expr) || t.isSpreadAssignment(expr)) return next(expr.expression);
    if (t.isObjectLiteralExpression(expr)) {
      for (const p of expr.properties) {
        if (t.isPropertyAssignment(p)) next(p.initializer);
        else if (t.isShorthandPropertyAssignment(p)) next(p.name);
        else if (t.isSpreadAssignment(p)) next(p.expression);
      }
      return;
    }
    if (t.isConditionalExpression(expr)) {
      next(expr.whenTrue);
      return next(expr.whenFalse);
    }
    if (t.isBinaryExpression(expr)) {
      // `a ?? b`, `a || b`
      next(expr.left);
      return next(expr.right);
    }
    if (t.isIdentifier(expr)) {
      const imp = this.a.imports.get(expr.text);
      if (imp) {
        // names from this repository: relative/alias paths, or workspace packages (scoped, not a known library)
        const workspace = imp.module.startsWith('@') && !isAiPackage(packageOf(imp.module)) && !imp.module.startsWith('@types/');
        if (isLocalModule(imp.module) || workspace) found.refs.add(imp.imported === '*' ? imp.local : imp.imported);
        return;
      }
      // `const { agent } = require('./agent')`
      const o = this.a.origin(expr);
      if (o && isLocalModule(o.module) && o.path.length <= 1) {
        found.refs.add(o.path[0] ?? expr.text);
        return;
      }
      const d = this.a.declOf(expr);
      if (!d) return;
      if (t.isVariableDeclaration(d)) return next(d.initializer);
      // `async function runAgents(model: AiSdkModel)` called as `runAgents(model)`: the same-named variable feeds it
      if (t.isParameter(d)) return next(this.a.decls.get(expr.text)?.find((x) => t.isVariableDeclaration(x)));
      if (t.isBindingElement(d)) return next(d.parent?.parent);
      if (t.isClassDeclaration(d)) return next(d);
      if (t.isFunctionDeclaration(d)) return next(d);
      return;
    }
    if (t.isVariableDeclaration(expr)) return next(expr.initializer);
    if (t.isPropertyAccessExpression(expr)) {
      const base = this.a.unwrap(expr.expression);
      if (t.isIdentifier(base)) {
        const imp = this.a.imports.get(base.text);
        if (imp && imp.imported === '*' && isLocalModule(imp.module)) {
          found.refs.add(expr.name.text);
          return;
        }
        // `tools.weather` where `tools = { weather: weatherTool }`
        const obj = this.a.objectLiteral(base);
        const member = obj && this.a.propValue(obj, expr.name.text);
        if (member) return next(member);
      }
      return next(expr.expression);
    }
    if (t.isCallExpression(expr) || t.isNewExpression(expr)) {
      // A call that made nothing itself: look through receivers (`llm.bindTools(...)`, `store.asRetriever()`)
      // and wrappers (`aisdk(openai('gpt-4o'))`, `Object.values(tools)`).
      // `mastra.getAgent('weatherAgent')`: the agent registered under that name
      if (t.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'getAgent') {
        const name = this.a.constValue(expr.arguments?.[0]);
        if (name) found.refs.add(name);
        return;
      }
      if (t.isPropertyAccessExpression(expr.expression)) next(expr.expression.expression);
      const toolArgs = (t.isPropertyAccessExpression(expr.expression) && TOOL_BINDERS.includes(expr.expression.name.text)) || (t.isIdentifier(expr.expression) && TOOL_BINDERS.includes(expr.expression.text));
      if (toolArgs) {
        const sub = { ids: found.ids, refs: new Set<string>(), toolRefs: found.toolRefs };
        for (const arg of expr.arguments ?? []) this.targets(arg, sub, seen, depth + 1);
        for (const r of sub.refs) (found.toolRefs ??= new Set()).add(r);
        return;
      }
      // a local class or factory function: `new SearchTool()`, `makeTools()`
      if (t.isIdentifier(expr.expression) && !this.a.imports.has(expr.expression.text)) next(expr.expression);
      const origin = this.a.origin(expr.expression);
      const wrapper = !origin || origin.module === '<global>' || !isLocalModule(origin.module);
      if (wrapper) for (const arg of expr.arguments ?? []) next(arg);
      else if (origin && isLocalModule(origin.module) && origin.path.length === 1) {
        // `getTools()` imported from a local module: the linker resolves by that name.
        found.refs.add(origin.path[0]!);
      }
      return;
    }
    if (t.isArrowFunction(expr) || t.isFunctionExpression(expr) || t.isFunctionDeclaration(expr)) {
      // dynamic values (`model: ({ requestContext }) => ...`): whatever the body returns
      if (expr.body && !t.isBlock(expr.body)) return next(expr.body);
      if (expr.body)
        t.forEachChild(expr.body, function walk(n): void {
          if (t.isReturnStatement(n) && n.expression) next(n.expression);
          else if (!t.isFunctionLike(n)) t.forEachChild(n, walk);
        });
      return;
    }
  }

  /** Framework evidence from every value import of a framework package. */
  recordFrameworks(): void {
    for (const use of this.a.moduleUses) {
      if (use.typeOnly) continue;
      const fw = frameworkOfModule(use.module);
      if (fw) this.out.framework(fw, use.line, `import ${use.module}`);
    }
  }
}

function propertyOf(t: typeof ts, expr: ts.Node): ts.Node | undefined {
  const p = expr.parent;
  if (p && (t.isPropertyAssignment(p) || t.isShorthandPropertyAssignment(p))) return p;
  return undefined;
}

/** Whether an origin denotes one of the named exports of a module (optionally followed by a call `()`). */
export function isMember(o: Origin, names: readonly string[], suffix: readonly string[] = []): boolean {
  if (o.path.length !== 1 + suffix.length) return false;
  if (!names.includes(o.path[0]!)) return false;
  return suffix.every((s, i) => o.path[i + 1] === s);
}

/** The last meaningful member name of an origin path (ignores call markers). */
export function lastName(o: Origin): string | undefined {
  for (let i = o.path.length - 1; i >= 0; i--) if (o.path[i] !== '()' && o.path[i] !== '``') return o.path[i];
  return undefined;
}
