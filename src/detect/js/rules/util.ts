import type { ts } from 'ts-morph';
import { applyBehaviour, behaviourOf } from '../capabilities.js';
import { type CallSite, type Cx, SLOT } from '../context.js';
import { modelComponent } from '../models.js';

/** The module a specifier belongs to, by package prefix (`@mastra/core/agent` is in `@mastra/core`). */
export function inPackage(module: string, ...pkgs: string[]): boolean {
  return pkgs.some((p) => module === p || module.startsWith(`${p}/`));
}

export interface ToolSpec {
  framework: string;
  /** Options object literal (for `name`/`id` and approval flags). */
  options?: ts.Expression;
  /** The implementation: `execute`, `func`, the handler function. */
  impl?: ts.Node;
  /** A literal name to use when the construction is not bound to a variable. */
  name?: string;
  capabilities?: string[];
  attributes?: Record<string, string | number | boolean | string[]>;
}

/** A tool component with capabilities read from what its implementation calls. */
export function addTool(cx: Cx, site: CallSite | { node: ts.Node; line: number }, spec: ToolSpec, note = 'tool'): string {
  const name = spec.name ?? cx.nameFor(site.node, 'tool', spec.options);
  const id = cx.out.add(
    { kind: 'tool', name, framework: spec.framework, capabilities: spec.capabilities, attributes: spec.attributes },
    site.line,
    note,
    site.node,
  );
  applyBehaviour(cx.out, id, cx.out.path, behaviourOf(cx.a, spec.impl));
  approvalFlag(cx, id, spec.options, ['needsApproval', 'requireApproval', 'requiresApproval', 'needApproval']);
  return id;
}

/** `needsApproval: true` or a function deciding it -> humanApproval on the component. */
export function approvalFlag(cx: Cx, id: string, options: ts.Expression | undefined, names: string[]): void {
  const t = cx.ts;
  for (const n of names) {
    const p = cx.a.prop(options, n);
    if (!p) continue;
    const v = cx.a.propValue(options, n);
    const val = v && cx.a.unwrap(v);
    const off = val && (val.kind === t.SyntaxKind.FalseKeyword || cx.a.stringValue(val) === 'never');
    cx.out.attr(id, 'humanApproval', !off, cx.a.line(p));
  }
}

/** `model: 'openai/gpt-4o'` (a router string) or an expression to link. */
export function linkModel(cx: Cx, from: string, options: ts.Expression | undefined, prop: string, framework: string, defaultProvider?: string): void {
  const p = cx.a.prop(options, prop);
  if (!p) return;
  const v = cx.a.propValue(options, prop);
  const literal = cx.a.constValue(v);
  if (literal !== undefined) {
    let mc = modelComponent(undefined, literal, framework);
    if (!mc && defaultProvider) mc = modelComponent(defaultProvider, literal, framework);
    if (mc) {
      const id = cx.out.add(mc, cx.a.line(p), 'model');
      cx.out.edge(from, id, 'uses-model', cx.a.line(p));
    }
    return;
  }
  cx.link(from, v, SLOT.model, p);
}

/** Iteration caps: `maxSteps: 5`, `maxIterations`, `maxTurns`, `recursionLimit`, `stopWhen: stepCountIs(5)`. */
export function iterationCap(cx: Cx, id: string, options: ts.Expression | undefined): void {
  for (const key of ['maxSteps', 'maxIterations', 'maxTurns', 'recursionLimit', 'max_iterations']) {
    const p = cx.a.prop(options, key);
    const n = cx.a.numberValue(cx.a.propValue(options, key));
    if (p && n !== undefined) cx.out.attr(id, 'maxIterations', n, cx.a.line(p));
  }
  const stop = cx.a.prop(options, 'stopWhen');
  if (stop) {
    const v = cx.a.propValue(options, 'stopWhen');
    for (const call of v ? [cx.a.unwrap(v), ...cx.a.callsIn(v)] : []) {
      if (!cx.ts.isCallExpression(call)) continue;
      const o = cx.a.origin(call.expression);
      if (o && o.path[0] === 'stepCountIs') {
        const n = cx.a.numberValue(call.arguments[0]);
        if (n !== undefined) {
          cx.out.attr(id, 'maxIterations', n, cx.a.line(stop));
          break;
        }
      }
    }
  }
}

/** `instructions`/`system`/`prompt` given as a literal. */
export function systemPrompt(cx: Cx, id: string, options: ts.Expression | undefined, names: string[]): void {
  const t = cx.ts;
  for (const n of names) {
    const v = cx.a.propValue(options, n);
    if (!v) continue;
    const u = cx.a.unwrap(v);
    const literal = t.isStringLiteral(u) || t.isNoSubstitutionTemplateLiteral(u) || t.isTemplateExpression(u) || cx.a.constValue(u) !== undefined;
    cx.out.attr(id, 'systemPromptLiteral', literal);
    return;
  }
}

/** The first argument when it is (or names) an object literal. */
export function optionsArg(cx: Cx, site: CallSite, index = 0): ts.Expression | undefined {
  const arg = site.args[index];
  if (!arg) return undefined;
  return cx.a.objectLiteral(arg) ?? arg;
}
