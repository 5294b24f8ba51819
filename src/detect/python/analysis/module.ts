import type { SyntaxNode } from '@lezer/common';
import { lineAt, parsePython, type ParsedPython } from './parse.js';
import { isOwnPackageImport } from './own-tree.js';

/** One name an import statement binds. `target` is the dotted path the local name stands for. */
export interface ImportBinding {
  local: string;
  /** `langchain_openai.ChatOpenAI` for `from langchain_openai import ChatOpenAI`; `.tools.search` when relative. */
  target: string;
  /** Module part (`langchain_openai`), with leading dots when relative. */
  module: string;
  /** Imported name for `from m import name`; undefined for `import m`. */
  name?: string;
  relative: boolean;
  star: boolean;
  /** The import names the package the file itself belongs to (a framework's own source tree). */
  self: boolean;
  line: number;
}

export type BindingKind = 'assign' | 'with' | 'def' | 'class' | 'import' | 'param' | 'for';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The bound expression (assign/with), the definition node (def/class). */
  value?: SyntaxNode;
  import?: ImportBinding;
  /** Offset from which the binding is visible (end of the binding statement). */
  pos: number;
  line: number;
}

export interface Scope {
  kind: 'module' | 'function' | 'class';
  name: string;
  node: SyntaxNode;
  parent?: Scope;
  bindings: Map<string, Binding[]>;
  /** For methods: the class scope, where `self.x = ...` bindings live. */
  classScope?: Scope;
  fn?: FunctionInfo;
  cls?: ClassInfo;
}

export interface DecoratorInfo {
  node: SyntaxNode;
  line: number;
  /** Dotted text as written (`mcp.tool`). */
  dotted: string;
  args?: SyntaxNode;
}

export interface FunctionInfo {
  name: string;
  node: SyntaxNode;
  line: number;
  scope: Scope;
  parent: Scope;
  decorators: DecoratorInfo[];
  /** Set for methods. */
  cls?: ClassInfo;
  params: string[];
  body?: SyntaxNode;
}

export interface ClassInfo {
  name: string;
  node: SyntaxNode;
  line: number;
  scope: Scope;
  parent: Scope;
  decorators: DecoratorInfo[];
  bases: SyntaxNode[];
  methods: FunctionInfo[];
}

export interface CallInfo {
  node: SyntaxNode;
  callee: SyntaxNode;
  args?: SyntaxNode;
  line: number;
  scope: Scope;
}

export interface PyModule {
  path: string;
  parsed: ParsedPython;
  text: string;
  module: Scope;
  imports: ImportBinding[];
  functions: FunctionInfo[];
  classes: ClassInfo[];
  calls: CallInfo[];
  callAt: Map<string, CallInfo>;
  /** Scopes keyed by the defining node's start offset. */
  scopeOf: Map<number, Scope>;
  firstErrorLine?: number;
}

export function line(mod: PyModule, offset: number): number {
  return lineAt(mod.parsed, offset);
}

export function textOf(mod: PyModule, node: SyntaxNode): string {
  return mod.text.slice(node.from, node.to);
}

const SCOPE_NODES = new Set(['FunctionDefinition', 'ClassDefinition']);

export function analyzeModule(path: string, text: string): PyModule {
  const parsed = parsePython(text);
  const top = parsed.tree.topNode;
  const moduleScope: Scope = { kind: 'module', name: '<module>', node: top, bindings: new Map() };
  const mod: PyModule = {
    path,
    parsed,
    text,
    module: moduleScope,
    imports: [],
    functions: [],
    classes: [],
    calls: [],
    callAt: new Map(),
    scopeOf: new Map([[top.from, moduleScope]]),
  };
  if (parsed.firstErrorLine !== undefined) mod.firstErrorLine = parsed.firstErrorLine;
  walk(mod, top, moduleScope);
  const hasRelative = mod.imports.some((i) => i.relative);
  for (const imp of mod.imports) imp.self = !imp.relative && isOwnPackageImport(path, imp.module, hasRelative);
  return mod;
}

function bind(scope: Scope, b: Binding): void {
  const list = scope.bindings.get(b.name);
  if (list) list.push(b);
  else scope.bindings.set(b.name, [b]);
}

function walk(mod: PyModule, node: SyntaxNode, scope: Scope): void {
  for (let child = node.firstChild; child; child = child.nextSibling) visit(mod, child, scope);
}

function visit(mod: PyModule, node: SyntaxNode, scope: Scope): void {
  switch (node.name) {
    case 'ImportStatement':
      readImport(mod, node, scope);
      return;
    case 'DecoratedStatement': {
      const decorators: DecoratorInfo[] = [];
      let def: SyntaxNode | null = null;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === 'Decorator') {
          decorators.push(readDecorator(mod, c));
          walk(mod, c, scope);
        } else if (SCOPE_NODES.has(c.name)) def = c;
      }
      if (def) defineScope(mod, def, scope, decorators);
      return;
    }
    case 'FunctionDefinition':
    case 'ClassDefinition':
      defineScope(mod, node, scope, []);
      return;
    case 'AssignStatement':
      readAssign(mod, node, scope);
      walk(mod, node, scope);
      return;
    case 'WithStatement':
      readWith(mod, node, scope);
      walk(mod, node, scope);
      return;
    case 'ForStatement': {
      for (let c = node.firstChild; c && c.name !== 'in'; c = c.nextSibling) {
        if (c.name === 'VariableName') bindName(mod, scope, c, 'for', undefined, node.from);
      }
      walk(mod, node, scope);
      return;
    }
    case 'CallExpression': {
      const callee = node.firstChild;
      if (callee) {
        const args = node.lastChild?.name === 'ArgList' ? node.lastChild : undefined;
        const info: CallInfo = { node, callee, line: line(mod, node.from), scope };
        if (args) info.args = args;
        mod.calls.push(info);
        mod.callAt.set(`${node.from}:${node.to}`, info);
      }
      walk(mod, node, scope);
      return;
    }
    default:
      walk(mod, node, scope);
  }
}

export function callInfoAt(mod: PyModule, node: SyntaxNode): CallInfo | undefined {
  return mod.callAt.get(`${node.from}:${node.to}`);
}

function readDecorator(mod: PyModule, node: SyntaxNode): DecoratorInfo {
  const names: string[] = [];
  let args: SyntaxNode | undefined;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName' || c.name === 'PropertyName') names.push(textOf(mod, c));
    else if (c.name === 'ArgList') args = c;
  }
  const info: DecoratorInfo = { node, line: line(mod, node.from), dotted: names.join('.') };
  if (args) info.args = args;
  return info;
}

function defineScope(mod: PyModule, def: SyntaxNode, parent: Scope, decorators: DecoratorInfo[]): void {
  const nameNode = def.getChild('VariableName');
  const name = nameNode ? textOf(mod, nameNode) : '<anonymous>';
  const isClass = def.name === 'ClassDefinition';
  const scope: Scope = { kind: isClass ? 'class' : 'function', name, node: def, parent, bindings: new Map() };
  mod.scopeOf.set(def.from, scope);
  const defLine = line(mod, (nameNode ?? def).from);
  bind(parent, { name, kind: isClass ? 'class' : 'def', value: def, pos: def.from, line: defLine });
  const body = def.getChild('Body') ?? undefined;
  if (isClass) {
    const argList = def.getChild('ArgList');
    const bases: SyntaxNode[] = [];
    for (let c = argList?.firstChild; c; c = c.nextSibling) {
      if (c.name === 'VariableName' || c.name === 'MemberExpression') bases.push(c);
    }
    const cls: ClassInfo = { name, node: def, line: defLine, scope, parent, decorators, bases, methods: [] };
    scope.cls = cls;
    mod.classes.push(cls);
    if (argList) walk(mod, argList, parent);
    if (body) walk(mod, body, scope);
    return;
  }
  // Methods see their class's `self.x` bindings; nested functions see the enclosing function, not the class.
  const owner = parent.kind === 'class' ? parent : undefined;
  if (owner) {
    scope.parent = parent.parent;
    scope.classScope = owner;
  } else if (parent.classScope) scope.classScope = parent.classScope;
  const params: string[] = [];
  const paramList = def.getChild('ParamList');
  for (let c = paramList?.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName') {
      const prev = c.prevSibling;
      if (prev?.name === 'AssignOp') continue;
      params.push(textOf(mod, c));
      bind(scope, { name: textOf(mod, c), kind: 'param', pos: c.from, line: line(mod, c.from) });
    }
  }
  const fn: FunctionInfo = { name, node: def, line: defLine, scope, parent, decorators, params };
  if (body) fn.body = body;
  if (owner?.cls) {
    fn.cls = owner.cls;
    owner.cls.methods.push(fn);
  }
  scope.fn = fn;
  mod.functions.push(fn);
  // Defaults are evaluated in the enclosing scope.
  if (paramList) walk(mod, paramList, parent);
  if (body) walk(mod, body, scope);
}

function bindName(mod: PyModule, scope: Scope, target: SyntaxNode, kind: BindingKind, value: SyntaxNode | undefined, pos: number): void {
  if (target.name === 'VariableName') {
    const b: Binding = { name: textOf(mod, target), kind, pos, line: line(mod, target.from) };
    if (value) b.value = value;
    bind(scope, b);
    return;
  }
  // `self.llm = ChatOpenAI()` inside a method binds `self.llm` for the whole class.
  if (target.name === 'MemberExpression' && scope.classScope) {
    const obj = target.firstChild;
    const prop = target.lastChild;
    if (obj?.name === 'VariableName' && textOf(mod, obj) === 'self' && prop?.name === 'PropertyName') {
      const b: Binding = { name: `self.${textOf(mod, prop)}`, kind, pos, line: line(mod, target.from) };
      if (value) b.value = value;
      bind(scope.classScope, b);
    }
  }
}

function readAssign(mod: PyModule, node: SyntaxNode, scope: Scope): void {
  const kids: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
  let lastOp = -1;
  kids.forEach((k, i) => {
    if (k.name === 'AssignOp') lastOp = i;
  });
  if (lastOp < 0) return;
  const isTarget = (k: SyntaxNode) => k.name === 'VariableName' || k.name === 'MemberExpression';
  const values = kids.slice(lastOp + 1).filter((k) => k.name !== ',');
  // Chained `a = b = v` and tuple `a, b = x, y` share one statement; only the first target group pairs by index.
  const groups: SyntaxNode[][] = [[]];
  for (const k of kids.slice(0, lastOp + 1)) {
    if (k.name === 'AssignOp') groups.push([]);
    else if (isTarget(k) || k.name === 'TupleExpression') groups[groups.length - 1]!.push(k);
  }
  for (const group of groups) {
    const targets = group.flatMap((t) => (t.name === 'TupleExpression' ? children(t).filter(isTarget) : [t]));
    targets.forEach((t, i) => {
      const value = targets.length === values.length ? values[i] : values.length === 1 && targets.length === 1 ? values[0] : undefined;
      bindName(mod, scope, t, 'assign', value, node.to);
    });
  }
}

function readWith(mod: PyModule, node: SyntaxNode, scope: Scope): void {
  let prev: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName' && prev?.name === 'as') {
      const expr = prev.prevSibling;
      bindName(mod, scope, c, 'with', expr ?? undefined, c.to);
    }
    prev = c;
  }
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function readImport(mod: PyModule, node: SyntaxNode, scope: Scope): void {
  const kids = children(node);
  const ln = line(mod, node.from);
  const isFrom = kids[0]?.name === 'from';
  const add = (local: string, target: string, module: string, name: string | undefined, star = false) => {
    const relative = module.startsWith('.');
    const imp: ImportBinding = { local, target, module, relative, star, self: false, line: ln };
    if (name !== undefined) imp.name = name;
    mod.imports.push(imp);
    if (!star) bind(scope, { name: local, kind: 'import', import: imp, pos: node.from, line: ln });
  };
  if (!isFrom) {
    // import a.b as c, d
    let dotted: string[] = [];
    let alias: string | undefined;
    let afterAs = false;
    const flush = () => {
      if (dotted.length) {
        const full = dotted.join('.');
        if (alias) add(alias, full, full, undefined);
        else add(dotted[0]!, dotted[0]!, full, undefined);
      }
      dotted = [];
      alias = undefined;
      afterAs = false;
    };
    for (const k of kids.slice(1)) {
      if (k.name === 'VariableName') {
        if (afterAs) alias = textOf(mod, k);
        else dotted.push(textOf(mod, k));
      } else if (k.name === 'as') afterAs = true;
      else if (k.name === ',') flush();
    }
    flush();
    return;
  }
  const importIdx = kids.findIndex((k) => k.name === 'import');
  if (importIdx < 0) return;
  let module = '';
  for (const k of kids.slice(1, importIdx)) {
    if (k.name === '.' || k.name === 'Ellipsis') module += textOf(mod, k);
    else if (k.name === 'VariableName') module += (module && !module.endsWith('.') ? '.' : '') + textOf(mod, k);
  }
  let name: string | undefined;
  let alias: string | undefined;
  let afterAs = false;
  const join = (n: string) => (module.endsWith('.') ? module + n : `${module}.${n}`);
  const flush = () => {
    if (name) add(alias ?? name, join(name), module, name);
    name = undefined;
    alias = undefined;
    afterAs = false;
  };
  for (const k of kids.slice(importIdx + 1)) {
    if (k.name === 'VariableName') {
      if (afterAs) alias = textOf(mod, k);
      else name = textOf(mod, k);
    } else if (k.name === 'as') afterAs = true;
    else if (k.name === ',') flush();
    else if (k.name === '*') add('*', join('*'), module, '*', true);
  }
  flush();
}
