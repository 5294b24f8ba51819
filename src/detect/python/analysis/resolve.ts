import type { SyntaxNode } from '@lezer/common';
import { OverBudget } from '../../budget.js';
import { textOf, type Binding, type PyModule, type Scope } from './module.js';

/**
 * Qualified names: the dotted path an expression stands for, after import aliases and local assignments.
 * `ChatOpenAI` imported from langchain_openai -> `langchain_openai.ChatOpenAI`; `builder.compile` where
 * `builder = StateGraph(S)` -> `langgraph.graph.StateGraph().compile`. A call adds `()`.
 * Local definitions resolve to `~name` (function or class defined in this file); builtins to `builtins.name`.
 */

const BUILTINS = new Set(['exec', 'eval', 'compile', 'open', 'input', '__import__', 'print', 'getattr']);
const MAX_DEPTH = 12;

export function lookup(mod: PyModule, scope: Scope, name: string, pos: number): Binding[] {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.kind === 'class' && s !== scope) continue;
    const list = s.bindings.get(name);
    if (list?.length) return ordered(list, pos);
  }
  return [];
}

/** Bindings visible at `pos`, latest first; bindings after `pos` come last (a function body runs later). */
function ordered(list: Binding[], pos: number): Binding[] {
  const before = list.filter((b) => b.pos <= pos).reverse();
  const after = list.filter((b) => b.pos > pos);
  return [...before, ...after];
}

/** `self.x`: assigned in a method (`self.x = ...`) or a class attribute (`x = ...` in the class body). */
export function lookupSelf(scope: Scope, attr: string, pos: number): Binding[] {
  const cls = scope.classScope;
  const list = cls?.bindings.get(`self.${attr}`) ?? cls?.bindings.get(attr)?.filter((b) => b.kind === 'assign');
  return list?.length ? ordered(list, pos) : [];
}

/** When resolution on the file being analysed must stop (`resolveWithin`); no limit outside a rule run. */
let deadline = Infinity;
let since = 0;
let steps = 0;

/** Runs `fn` (every rule over one file) with name resolution limited to `ms`; past it, resolution throws `OverBudget`. */
export function resolveWithin<T>(ms: number, fn: () => T): T {
  since = Date.now();
  deadline = since + ms;
  try {
    return fn();
  } finally {
    deadline = Infinity;
  }
}

/** Throws `OverBudget` once the rule run's time is up (each rule applied asks first). */
export function withinBudget(at: number): void {
  if (deadline !== Infinity && Date.now() > deadline) throw new OverBudget(Date.now() - since, at, 'rule matching');
}

export function qnOf(mod: PyModule, node: SyntaxNode, scope: Scope, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  // One rule's names can take long on a pathological shape of code: resolution looks at the clock too, every few
  // thousand steps, as reading it costs more than one.
  if ((++steps & 4095) === 0) withinBudget(node.from);
  switch (node.name) {
    case 'VariableName': {
      const name = textOf(mod, node);
      const bindings = lookup(mod, scope, name, node.from);
      for (const b of bindings) {
        const q = qnOfBinding(mod, b, scope, depth + 1);
        if (q !== undefined) return q;
      }
      if (bindings.length) return undefined;
      if (BUILTINS.has(name)) return `builtins.${name}`;
      const star = mod.imports.find((i) => i.star && !i.relative && !i.self);
      return star ? `${star.module}.${name}` : undefined;
    }
    case 'MemberExpression': {
      const obj = node.firstChild;
      const prop = node.lastChild;
      // `Agent[Ctx](...)`: a subscripted generic is still the class.
      if (obj && obj.nextSibling?.name === '[') return qnOf(mod, obj, scope, depth + 1);
      if (!obj || !prop || prop.name !== 'PropertyName') return undefined;
      if (obj.name === 'VariableName' && textOf(mod, obj) === 'self') {
        for (const b of lookupSelf(scope, textOf(mod, prop), node.from)) {
          const q = qnOfBinding(mod, b, scope, depth + 1);
          if (q !== undefined) return q;
        }
        return undefined;
      }
      const base = qnOf(mod, obj, scope, depth + 1);
      return base === undefined ? undefined : `${base}.${textOf(mod, prop)}`;
    }
    case 'CallExpression': {
      const callee = node.firstChild;
      const base = callee ? qnOf(mod, callee, scope, depth + 1) : undefined;
      return base === undefined ? undefined : `${base}()`;
    }
    case 'AwaitExpression':
    case 'ParenthesizedExpression': {
      const inner = node.lastChild?.name === ')' ? node.firstChild?.nextSibling : node.lastChild;
      return inner ? qnOf(mod, inner, scope, depth + 1) : undefined;
    }
    case 'BinaryExpression': {
      // `self.client = client or Anthropic()`: a default the caller may replace, and what is known of the value
      // when the left side (a parameter) is not.
      const left = node.firstChild;
      const op = left?.nextSibling;
      const right = node.lastChild;
      if (!left || !op || !right || textOf(mod, op) !== 'or') return undefined;
      return qnOf(mod, left, scope, depth + 1) ?? qnOf(mod, right, scope, depth + 1);
    }
    default:
      return undefined;
  }
}

/** Being resolved: a binding met again on its own way (`x = x.strip()`) is a cycle, not a way to a name. */
const PENDING = Symbol('pending');
/**
 * What each assignment resolves to, once: a name assigned many times, each value reading it again
 * (`rule = f(rule)` down a long function), would otherwise be tried along every order of its assignments, a
 * number of paths exponential in the depth (minutes for one file). A result found near the depth limit is kept
 * as found: chains that deep are this pathological shape, not code worth resolving further.
 */
const resolved = new WeakMap<Binding, string | undefined | typeof PENDING>();

function qnOfBinding(mod: PyModule, b: Binding, scope: Scope, depth: number): string | undefined {
  switch (b.kind) {
    case 'import':
      if (!b.import || b.import.self) return undefined;
      return b.import.relative ? `~${b.import.name ?? b.import.local}` : b.import.target;
    case 'def':
    case 'class':
      return `~${b.name}`;
    case 'assign':
    case 'with': {
      if (!b.value) return undefined;
      if (resolved.has(b)) {
        const known = resolved.get(b);
        return known === PENDING ? undefined : known;
      }
      resolved.set(b, PENDING);
      const q = qnOf(mod, b.value, scopeAt(mod, b.value) ?? scope, depth);
      resolved.set(b, q);
      return q;
    }
    default:
      return undefined;
  }
}

/** The innermost scope containing a node. */
export function scopeAt(mod: PyModule, node: SyntaxNode): Scope | undefined {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') {
      const s = mod.scopeOf.get(n.from);
      // A node in the parameter defaults or decorator belongs to the enclosing scope.
      if (s && isInBody(n, node)) return s;
    }
  }
  return mod.module;
}

function isInBody(def: SyntaxNode, node: SyntaxNode): boolean {
  const body = def.getChild('Body');
  return !!body && node.from >= body.from && node.to <= body.to;
}

/** `a.b.c` as written, or undefined for anything that is not a plain dotted name. */
export function dottedText(mod: PyModule, node: SyntaxNode): string | undefined {
  if (node.name === 'VariableName') return textOf(mod, node);
  if (node.name === 'MemberExpression') {
    const obj = node.firstChild;
    const prop = node.lastChild;
    if (!obj || prop?.name !== 'PropertyName') return undefined;
    const base = dottedText(mod, obj);
    return base === undefined ? undefined : `${base}.${textOf(mod, prop)}`;
  }
  return undefined;
}

/** Does `qn` name something under one of `roots` ending in `tail` (`ChatOpenAI`, `StateGraph().compile`)? */
export function qnMatches(qn: string, roots: readonly string[], tail: string): boolean {
  if (!(qn === tail || qn.endsWith(`.${tail}`))) return false;
  return roots.some((r) => qn === r || qn.startsWith(`${r}.`));
}

/** Root package of a qualified name (`langchain_openai` of `langchain_openai.ChatOpenAI`). */
export function qnRoot(qn: string): string {
  const dot = qn.indexOf('.');
  return dot < 0 ? qn : qn.slice(0, dot);
}

/** Resolves a decorator's dotted text (`mcp.tool`, `agent.tool_plain`) in the scope that holds the decorator. */
export function qnOfDotted(mod: PyModule, dotted: string, scope: Scope, pos: number): string | undefined {
  const [head, ...rest] = dotted.split('.');
  if (!head) return undefined;
  for (const b of lookup(mod, scope, head, pos)) {
    const q = qnOfBinding(mod, b, scope, 1);
    if (q !== undefined) return [q, ...rest].join('.');
  }
  if (lookup(mod, scope, head, pos).length) return undefined;
  const star = mod.imports.find((i) => i.star && !i.relative && !i.self);
  return star ? [`${star.module}.${head}`, ...rest].join('.') : undefined;
}

/** A root ending in `*` matches any package whose name starts with it (`langchain_*`). */
export function underRoot(qn: string, root: string): boolean {
  if (root.endsWith('*')) return qnRoot(qn).startsWith(root.slice(0, -1));
  // `qn === root || qn.startsWith(root + '.')` without building a string: rule matching asks this very often.
  return qn.startsWith(root) && (qn.length === root.length || qn.charCodeAt(root.length) === 46);
}
