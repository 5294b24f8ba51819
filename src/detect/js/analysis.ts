import type { ts } from 'ts-morph';
import type { TS } from './load-ts.js';
import { lastAtOrBelow } from '../../model/order.js';

/** Where a value comes from: a module and a path of member accesses; `()` marks a call or construction. */
export interface Origin {
  module: string;
  path: string[];
}

export interface ImportBinding {
  local: string;
  module: string;
  /** `*` for namespace and default imports and bare `require` (CJS interop makes them the same object). */
  imported: string;
  line: number;
  typeOnly: boolean;
}

export interface ModuleUse {
  module: string;
  line: number;
  typeOnly: boolean;
}

/** The module a global stands for when nothing in the file declares the name. */
export const GLOBAL = '<global>';

// Fluent chains are deep: every `.addNode(...)` of `new StateGraph()...compile()` costs two steps, and graphs of
// forty nodes and edges in one chain are ordinary. The bound stops alias cycles and keeps the stack shallow.
const MAX_DEPTH = 400;

/**
 * Syntax-only facts about one JS/TS file: imports with aliases, declarations by name, and origin resolution of
 * expressions (`ai.generateText`, `const { exec } = require('child_process')`, `const c = new OpenAI(); c.chat...`).
 * No type checker: resolution follows declarations inside this file only.
 */
export class FileAnalysis {
  readonly imports = new Map<string, ImportBinding>();
  readonly moduleUses: ModuleUse[] = [];
  readonly reexports: { module: string; names: string[]; line: number }[] = [];
  /** Every declaration of a name anywhere in the file (variables, binding elements, functions, classes, `this.x`). */
  readonly decls = new Map<string, ts.Node[]>();
  private readonly lineStarts: readonly number[];

  constructor(
    readonly ts: TS,
    readonly sf: ts.SourceFile,
    readonly path: string,
  ) {
    this.lineStarts = sf.getLineStarts();
    this.collect(sf);
  }

  /** 1-based line of a position. */
  lineOfPos(pos: number): number {
    return lastAtOrBelow(this.lineStarts, pos) + 1;
  }

  line(node: ts.Node): number {
    return this.lineOfPos(node.getStart(this.sf));
  }

  /** The line that shows a call: the member name for `a.b.c(...)` chains, else the start of the callee. */
  callLine(node: ts.CallExpression | ts.NewExpression): number {
    const callee = node.expression;
    if (this.ts.isPropertyAccessExpression(callee)) return this.line(callee.name);
    return this.line(node);
  }

  text(node: ts.Node): string {
    return node.getText(this.sf);
  }

  /** Strips `await`, parentheses, `as`, `satisfies`, `!`. */
  unwrap(expr: ts.Expression): ts.Expression {
    const t = this.ts;
    let e = expr;
    for (;;) {
      if (t.isAwaitExpression(e) || t.isParenthesizedExpression(e) || t.isAsExpression(e) || t.isNonNullExpression(e)) e = e.expression;
      else if (t.isSatisfiesExpression(e) || t.isTypeAssertionExpression(e)) e = e.expression;
      else return e;
    }
  }

  /** A string literal or no-substitution template's value. */
  stringValue(expr: ts.Expression | undefined): string | undefined {
    if (!expr) return undefined;
    const e = this.unwrap(expr);
    if (this.ts.isStringLiteral(e) || this.ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    return undefined;
  }

  numberValue(expr: ts.Expression | undefined): number | undefined {
    if (!expr) return undefined;
    const e = this.unwrap(expr);
    if (this.ts.isNumericLiteral(e)) return Number(e.text);
    if (this.ts.isIdentifier(e)) {
      const init = this.initializerOf(e);
      if (init && init !== e) return this.numberValue(init);
    }
    return undefined;
  }

  /** A literal string, following a `const X = '...'` in this file. */
  constValue(expr: ts.Expression | undefined, depth = 0): string | undefined {
    if (!expr || depth > 4) return undefined;
    const s = this.stringValue(expr);
    if (s !== undefined) return s;
    const e = this.unwrap(expr);
    if (this.ts.isIdentifier(e)) {
      const init = this.initializerOf(e);
      if (init) return this.constValue(init, depth + 1);
    }
    return undefined;
  }

  /** Property of an object literal by name (`{ model: x }`, shorthand `{ model }`, method `{ execute() {} }`). */
  prop(obj: ts.Expression | undefined, name: string): ts.Node | undefined {
    const o = obj && this.objectLiteral(obj);
    if (!o) return undefined;
    for (const p of o.properties) {
      if (!p.name || this.propName(p.name) !== name) continue;
      return p;
    }
    return undefined;
  }

  /** The value expression of a property (initializer, shorthand identifier, or the method itself). */
  propValue(obj: ts.Expression | undefined, name: string): ts.Expression | undefined {
    const p = this.prop(obj, name);
    if (!p) return undefined;
    const t = this.ts;
    if (t.isPropertyAssignment(p)) return p.initializer;
    if (t.isShorthandPropertyAssignment(p)) return p.name;
    if (t.isMethodDeclaration(p)) return p as unknown as ts.Expression;
    return undefined;
  }

  propName(name: ts.PropertyName): string | undefined {
    const t = this.ts;
    if (t.isIdentifier(name) || t.isStringLiteral(name) || t.isNumericLiteral(name) || t.isPrivateIdentifier(name)) return name.text;
    return undefined;
  }

  /** An object literal, following an identifier to its initializer. */
  objectLiteral(expr: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
    const e = this.unwrap(expr);
    if (this.ts.isObjectLiteralExpression(e)) return e;
    if (this.ts.isIdentifier(e) && depth < 4) {
      const init = this.initializerOf(e);
      if (init) return this.objectLiteral(init, depth + 1);
    }
    return undefined;
  }

  /** The declaration of an identifier that is closest in scope to its use. */
  declOf(id: ts.Identifier): ts.Node | undefined {
    const list = this.decls.get(id.text);
    if (!list) return undefined;
    if (list.length === 1) return list[0];
    const pos = id.getStart(this.sf);
    let best: ts.Node | undefined;
    let bestSpan = Infinity;
    for (const d of list) {
      const scope = this.scopeOf(d);
      if (scope.pos <= pos && pos <= scope.end && scope.end - scope.pos < bestSpan) {
        best = d;
        bestSpan = scope.end - scope.pos;
      }
    }
    return best ?? list[0];
  }

  /** The value an identifier was initialised with (variable initializer, or a function/class declaration itself). */
  initializerOf(id: ts.Identifier): ts.Expression | undefined {
    const d = this.declOf(id);
    if (!d) return undefined;
    const t = this.ts;
    if (t.isVariableDeclaration(d)) return d.initializer;
    if (t.isFunctionDeclaration(d) || t.isClassDeclaration(d)) return d as unknown as ts.Expression;
    if (t.isBinaryExpression(d)) return d.right;
    if (t.isPropertyDeclaration(d)) return d.initializer;
    return undefined;
  }

  private scopeOf(node: ts.Node): ts.Node {
    const t = this.ts;
    let n = node.parent;
    while (n && !t.isSourceFile(n) && !t.isFunctionLike(n) && !t.isBlock(n) && !t.isClassLike(n)) n = n.parent;
    return n ?? this.sf;
  }

  /** Resolve an expression to the module member it denotes, following aliases and local declarations. */
  origin(expr: ts.Expression, depth = 0): Origin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const t = this.ts;
    const e = this.unwrap(expr);
    if (t.isIdentifier(e)) return this.originOfIdentifier(e, depth);
    if (t.isPropertyAccessExpression(e)) {
      if (e.expression.kind === t.SyntaxKind.ThisKeyword) {
        const d = this.decls.get(`this.${e.name.text}`)?.[0];
        const init = d && this.initOfThisDecl(d);
        return init ? this.origin(init, depth + 1) : undefined;
      }
      const o = this.origin(e.expression, depth + 1);
      return o && { module: o.module, path: [...o.path, e.name.text] };
    }
    if (t.isElementAccessExpression(e)) {
      const key = this.stringValue(e.argumentExpression);
      const o = key !== undefined ? this.origin(e.expression, depth + 1) : undefined;
      return o && { module: o.module, path: [...o.path, key!] };
    }
    if (t.isCallExpression(e)) {
      const req = this.requireTarget(e);
      if (req !== undefined) return { module: req, path: [] };
      const callee = this.origin(e.expression, depth + 1);
      // promisify(exec) behaves like exec for our purposes.
      if (callee && (callee.module === 'util' || callee.module === 'node:util') && callee.path.join('.') === 'promisify' && e.arguments[0]) {
        return this.origin(e.arguments[0], depth + 1);
      }
      return callee && { module: callee.module, path: [...callee.path, '()'] };
    }
    if (t.isNewExpression(e)) {
      const callee = this.origin(e.expression, depth + 1);
      return callee && { module: callee.module, path: [...callee.path, '()'] };
    }
    if (t.isTaggedTemplateExpression(e)) {
      const tag = this.origin(e.tag, depth + 1);
      return tag && { module: tag.module, path: [...tag.path, '``'] };
    }
    return undefined;
  }

  private initOfThisDecl(d: ts.Node): ts.Expression | undefined {
    const t = this.ts;
    if (t.isPropertyDeclaration(d)) return d.initializer;
    if (t.isBinaryExpression(d)) return d.right;
    return undefined;
  }

  private originOfIdentifier(id: ts.Identifier, depth: number): Origin | undefined {
    const imp = this.imports.get(id.text);
    if (imp) return { module: imp.module, path: imp.imported === '*' ? [] : [imp.imported] };
    const d = this.declOf(id);
    if (!d) return { module: GLOBAL, path: [id.text] };
    const t = this.ts;
    if (t.isVariableDeclaration(d)) return d.initializer ? this.origin(d.initializer, depth + 1) : undefined;
    if (t.isBindingElement(d)) {
      // const { a: b } = <init>  ->  origin(<init>).a
      const key = d.propertyName ? this.propName(d.propertyName) : t.isIdentifier(d.name) ? d.name.text : undefined;
      let p: ts.Node = d.parent;
      while (p && !t.isVariableDeclaration(p) && !t.isParameter(p)) p = p.parent;
      if (!key || !p || !t.isVariableDeclaration(p) || !p.initializer) return undefined;
      const o = this.origin(p.initializer, depth + 1);
      return o && { module: o.module, path: [...o.path, key] };
    }
    if (t.isBinaryExpression(d)) return this.origin(d.right, depth + 1);
    if (t.isParameter(d)) return this.typedParameterOrigin(d);
    return undefined;
  }

  /** The imported class a parameter is annotated with (`(server: McpServer) => ...`): an instance of it. */
  typedParameterClass(d: ts.ParameterDeclaration): ImportBinding | undefined {
    const t = this.ts;
    const type = d.type;
    if (!type || !t.isTypeReferenceNode(type) || !t.isIdentifier(type.typeName)) return undefined;
    const imp = this.imports.get(type.typeName.text);
    return imp && imp.imported !== '*' && !isLocalModule(imp.module) ? imp : undefined;
  }

  private typedParameterOrigin(d: ts.ParameterDeclaration): Origin | undefined {
    const imp = this.typedParameterClass(d);
    return imp && { module: imp.module, path: [imp.imported, '()'] };
  }

  /** `require('x')` / `import('x')` target. */
  requireTarget(call: ts.CallExpression): string | undefined {
    const t = this.ts;
    const callee = call.expression;
    const isRequire = t.isIdentifier(callee) && callee.text === 'require' && !this.decls.has('require');
    const isImport = callee.kind === t.SyntaxKind.ImportKeyword;
    if (!isRequire && !isImport) return undefined;
    return this.stringValue(call.arguments[0]);
  }

  private addDecl(name: string, node: ts.Node): void {
    const list = this.decls.get(name);
    if (list) list.push(node);
    else this.decls.set(name, [node]);
  }

  private addBindingNames(name: ts.BindingName): void {
    const t = this.ts;
    if (t.isIdentifier(name)) return; // the VariableDeclaration itself is recorded by the caller
    for (const el of name.elements) {
      if (t.isOmittedExpression(el)) continue;
      if (t.isIdentifier(el.name)) this.addDecl(el.name.text, el);
      else this.addBindingNames(el.name);
    }
  }

  private collect(root: ts.SourceFile): void {
    const t = this.ts;
    const visit = (node: ts.Node): void => {
      if (t.isImportDeclaration(node) && t.isStringLiteral(node.moduleSpecifier)) {
        const module = node.moduleSpecifier.text;
        const line = this.line(node);
        const clause = node.importClause;
        const typeOnly = !!clause?.isTypeOnly;
        let anyValue = !clause; // side-effect import
        if (clause?.name) {
          this.imports.set(clause.name.text, { local: clause.name.text, module, imported: '*', line, typeOnly });
          anyValue ||= !typeOnly;
        }
        const nb = clause?.namedBindings;
        if (nb && t.isNamespaceImport(nb)) {
          this.imports.set(nb.name.text, { local: nb.name.text, module, imported: '*', line, typeOnly });
          anyValue ||= !typeOnly;
        } else if (nb) {
          for (const el of nb.elements) {
            const imported = (el.propertyName && this.propName(el.propertyName as ts.PropertyName)) ?? el.name.text;
            const only = typeOnly || el.isTypeOnly;
            this.imports.set(el.name.text, { local: el.name.text, module, imported, line: this.line(el), typeOnly: only });
            anyValue ||= !only;
          }
        }
        this.moduleUses.push({ module, line, typeOnly: !anyValue });
        return;
      }
      if (t.isExportDeclaration(node) && node.moduleSpecifier && t.isStringLiteral(node.moduleSpecifier)) {
        const names: string[] = [];
        if (node.exportClause && t.isNamedExports(node.exportClause)) {
          for (const el of node.exportClause.elements) names.push(el.name.text);
        } else names.push('*');
        this.reexports.push({ module: node.moduleSpecifier.text, names, line: this.line(node) });
        this.moduleUses.push({ module: node.moduleSpecifier.text, line: this.line(node), typeOnly: node.isTypeOnly });
        return;
      }
      if (t.isImportEqualsDeclaration(node) && t.isExternalModuleReference(node.moduleReference)) {
        const spec = node.moduleReference.expression;
        if (t.isStringLiteral(spec)) {
          const line = this.line(node);
          this.imports.set(node.name.text, { local: node.name.text, module: spec.text, imported: '*', line, typeOnly: node.isTypeOnly });
          this.moduleUses.push({ module: spec.text, line, typeOnly: node.isTypeOnly });
        }
        return;
      }
      if (t.isVariableDeclaration(node)) {
        if (t.isIdentifier(node.name)) this.addDecl(node.name.text, node);
        else this.addBindingNames(node.name);
      } else if ((t.isFunctionDeclaration(node) || t.isClassDeclaration(node)) && node.name) {
        this.addDecl(node.name.text, node);
      } else if (t.isParameter(node) && t.isIdentifier(node.name) && this.typedParameterClass(node)) {
        // only parameters typed with an imported class: they say what the value is (the rest stay unresolved)
        this.addDecl(node.name.text, node);
      } else if (t.isPropertyDeclaration(node) && t.isIdentifier(node.name) && node.initializer) {
        this.addDecl(`this.${node.name.text}`, node);
      } else if (
        t.isBinaryExpression(node) &&
        node.operatorToken.kind === t.SyntaxKind.EqualsToken &&
        t.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === t.SyntaxKind.ThisKeyword
      ) {
        this.addDecl(`this.${node.left.name.text}`, node);
      } else if (t.isCallExpression(node)) {
        const target = this.requireTarget(node);
        if (target !== undefined) this.moduleUses.push({ module: target, line: this.line(node), typeOnly: false });
      }
      t.forEachChild(node, visit);
    };
    visit(root);
  }

  /** The name a construction is bound to: `const x = new A()`, `{ x: new A() }`, `x = new A()`, `export default`. */
  bindingName(node: ts.Node): string | undefined {
    const t = this.ts;
    let n: ts.Node = node;
    for (let i = 0; i < 8 && n.parent; i++) {
      const p: ts.Node = n.parent;
      if (t.isVariableDeclaration(p) && t.isIdentifier(p.name)) return p.name.text;
      if (t.isPropertyAssignment(p) && p.initializer === n) return this.propName(p.name);
      if (t.isPropertyDeclaration(p) && p.initializer === n) return p.name && this.propName(p.name);
      if (t.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === t.SyntaxKind.EqualsToken) {
        if (t.isIdentifier(p.left)) return p.left.text;
        if (t.isPropertyAccessExpression(p.left)) return p.left.name.text;
        return undefined;
      }
      if (t.isExportAssignment(p)) return 'default';
      if (t.isAwaitExpression(p) || t.isParenthesizedExpression(p) || t.isAsExpression(p) || t.isSatisfiesExpression(p) || t.isNonNullExpression(p)) {
        n = p;
        continue;
      }
      // `createX(...).compile()` and similar fluent chains: the outer call's binding names the whole chain.
      if (t.isPropertyAccessExpression(p) && p.expression === n && t.isCallExpression(p.parent) && p.parent.expression === p) {
        n = p.parent;
        continue;
      }
      return undefined;
    }
    return undefined;
  }

  /** Name of the function/method/variable that encloses a node, or undefined at module level. */
  enclosingName(node: ts.Node): string | undefined {
    const t = this.ts;
    for (let n = node.parent; n && !t.isSourceFile(n); n = n.parent) {
      if ((t.isFunctionDeclaration(n) || t.isMethodDeclaration(n)) && n.name) return this.propName(n.name as ts.PropertyName);
      // callbacks passed as properties (`execute: async () => ...`) are not what a reader calls the code
      if ((t.isArrowFunction(n) || t.isFunctionExpression(n)) && n.parent && !t.isPropertyAssignment(n.parent)) {
        const name = this.bindingName(n);
        if (name) return name;
      }
    }
    return undefined;
  }

  /** A function-like node an expression denotes (inline arrow/function, method, or a local function by name). */
  functionOf(expr: ts.Node | undefined, depth = 0): ts.FunctionLikeDeclaration | undefined {
    if (!expr || depth > 4) return undefined;
    const t = this.ts;
    if (t.isArrowFunction(expr) || t.isFunctionExpression(expr) || t.isFunctionDeclaration(expr) || t.isMethodDeclaration(expr)) return expr;
    if (t.isPropertyAssignment(expr)) return this.functionOf(expr.initializer, depth + 1);
    if (t.isIdentifier(expr)) {
      const init = this.initializerOf(expr);
      return init ? this.functionOf(init, depth + 1) : undefined;
    }
    if (t.isCallExpression(expr) || t.isParenthesizedExpression(expr) || t.isAsExpression(expr)) {
      // wrappers such as `withRetry(async () => ...)`: take the first function argument
      if (t.isCallExpression(expr)) {
        for (const a of expr.arguments) {
          const f = this.functionOf(a, depth + 1);
          if (f) return f;
        }
        return undefined;
      }
      return this.functionOf(expr.expression, depth + 1);
    }
    return undefined;
  }

  /** Calls, constructions and tagged templates inside a node, in source order. */
  callsIn(node: ts.Node): (ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression)[] {
    const t = this.ts;
    const out: (ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression)[] = [];
    const visit = (n: ts.Node): void => {
      if (t.isCallExpression(n) || t.isNewExpression(n) || t.isTaggedTemplateExpression(n)) out.push(n);
      t.forEachChild(n, visit);
    };
    visit(node);
    return out;
  }
}

/** Path specifiers that point into the repository rather than at a package. */
export function isLocalModule(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('@/') || spec.startsWith('~/') || spec.startsWith('#');
}
