import type { ts } from 'ts-morph';
import { type Cx, type Rule, SLOT } from '../context.js';
import { backendAttributes, DEEPAGENTS_BACKENDS } from '../../deepagents-backends.js';
import { modelComponent } from '../models.js';
import { inPackage, linkModel, optionsArg, systemPrompt } from './util.js';

// deepagents (npm, from langchain-ai/deepagentsjs): `createDeepAgent({ model, tools, systemPrompt, subagents,
// backend, interruptOn })`, the Python package's twin. The backend decides where its file and execute tools act:
// the default StateBackend keeps files in the graph's state; FilesystemBackend writes the host's disk and
// LocalShellBackend also runs host commands; sandbox backends run them elsewhere.

const FW = 'deepagents';
/** The npm package's backends: those the Python package itself provides (sandboxes elsewhere come from partners). */
const BACKENDS = Object.fromEntries(Object.entries(DEEPAGENTS_BACKENDS).filter(([, b]) => b.pyPackage === 'deepagents'));

/**
 * The backend classes a `backend:` value builds, through a variable or a factory (`(config) => new X(config)`):
 * a CompositeBackend's default and routes each count.
 */
function backends(cx: Cx, value: ts.Expression | undefined, depth = 0): { cls: string; node: ts.Node }[] {
  if (!value || depth > 3) return [];
  let e = cx.a.unwrap(value);
  if (cx.ts.isIdentifier(e)) e = cx.a.initializerOf(e) ?? e;
  if (cx.ts.isArrowFunction(e) && !cx.ts.isBlock(e.body)) return backends(cx, e.body, depth + 1);
  if (!cx.ts.isNewExpression(e)) return [];
  const o = cx.a.origin(e.expression);
  const cls = o && inPackage(o.module, 'deepagents') ? o.path[o.path.length - 1]! : undefined;
  if (cls === 'CompositeBackend') {
    const [first, second] = e.arguments ?? [];
    const routes = second && cx.a.objectLiteral(second);
    const inner = [first, ...(routes?.properties ?? []).map((p) => (cx.ts.isPropertyAssignment(p) ? p.initializer : undefined))];
    return inner.flatMap((x) => backends(cx, x, depth + 1));
  }
  return cls && BACKENDS[cls] ? [{ cls, node: e }] : [];
}

/** The built-in tools `interruptOn: { execute: true, write_file: {...} }` has a person approve (not those set false). */
function approvedTools(cx: Cx, value: ts.Expression | undefined): Set<string> {
  const obj = value && cx.a.objectLiteral(value);
  const names = new Set<string>();
  for (const p of obj?.properties ?? []) {
    if (!cx.ts.isPropertyAssignment(p)) continue;
    const name = cx.a.propName(p.name);
    const v = cx.a.unwrap(p.initializer);
    if (name && v.kind !== cx.ts.SyntaxKind.FalseKeyword && v.kind !== cx.ts.SyntaxKind.NullKeyword) names.add(name);
  }
  return names;
}

export const deepagentsRules: Rule = {
  id: 'deepagents',
  appliesTo: (m) => inPackage(m, 'deepagents'),
  onCall(site, cx) {
    const p = site.origin.path;
    if (p.length !== 2 || p[0] !== 'createDeepAgent' || p[1] !== '()') return;
    const options = optionsArg(cx, site);
    const agentName = cx.nameFor(site.node, 'agent', options);
    const id = cx.out.add({ kind: 'agent', name: agentName, framework: FW }, site.line, 'createDeepAgent', site.node);
    if (cx.a.prop(options, 'model')) linkModel(cx, id, options, 'model', FW);
    else {
      // With no model, Anthropic's Claude.
      const mc = modelComponent('anthropic', undefined, FW);
      if (mc) cx.out.edge(id, cx.out.add(mc, site.line, 'framework default model'), 'uses-model', site.line);
    }
    cx.linkProp(id, options, ['tools'], SLOT.tools);
    systemPrompt(cx, id, options, ['systemPrompt', 'instructions']);
    const approved = approvedTools(cx, cx.a.propValue(options, 'interruptOn'));
    for (const b of backends(cx, cx.a.propValue(options, 'backend'))) {
      const spec = BACKENDS[b.cls]!;
      const tool = cx.out.add(
        { kind: 'tool', name: `${agentName}_${b.cls}`, framework: FW, capabilities: spec.capabilities, attributes: backendAttributes(spec, approved) },
        cx.a.line(b.node),
        `backend ${b.cls}`,
      );
      cx.out.edge(id, tool, 'uses-tool', cx.a.line(b.node));
    }
    // Sub-agents written out: `{ name, description, systemPrompt, tools }`, handed tasks through `task`.
    const subs = cx.a.propValue(options, 'subagents');
    const list = subs && cx.a.unwrap(subs);
    if (!list || !cx.ts.isArrayLiteralExpression(list)) return;
    for (const el of list.elements) {
      const sub = cx.a.objectLiteral(el);
      const name = cx.a.constValue(cx.a.propValue(sub, 'name'));
      if (!sub || !name) continue;
      // Named under its agent: two agents' "helper" sub-agents are two agents.
      const sid = cx.out.add({ kind: 'agent', name: `${agentName}.${name}`, framework: FW }, cx.a.line(sub), 'sub-agent');
      cx.out.edge(id, sid, 'delegates', cx.a.line(sub));
      cx.linkProp(sid, sub, ['tools'], SLOT.tools);
      if (cx.a.prop(sub, 'model')) linkModel(cx, sid, sub, 'model', FW);
    }
  },
};
