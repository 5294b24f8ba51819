import type { ts } from 'ts-morph';
import { type CallSite, type Cx, type Rule, SLOT, isMember } from '../context.js';
import { addTool, inPackage, iterationCap, linkModel, optionsArg, systemPrompt } from './util.js';

const PKGS = ['@openai/agents', '@openai/agents-core', '@openai/agents-openai', '@openai/agents-realtime', '@openai/agents-extensions'];

const HOSTED_TOOLS: Record<string, string[]> = {
  webSearchTool: ['web-search'],
  fileSearchTool: ['file-read'],
  codeInterpreterTool: ['code-exec'],
  computerTool: ['browser'],
  shellTool: ['shell'],
  localShellTool: ['shell'],
  applyPatchTool: ['file-write'],
  imageGenerationTool: [],
};

/** `inputGuardrails: [{ name, execute }]`: guardrails defined with the agent. */
function guardrails(cx: Cx, agentId: string, options: ts.Expression | undefined): void {
  for (const [prop, stage] of [
    ['inputGuardrails', 'input'],
    ['outputGuardrails', 'output'],
  ] as const) {
    const v = cx.a.propValue(options, prop);
    const list = v && cx.a.unwrap(v);
    if (!list || !cx.ts.isArrayLiteralExpression(list)) continue;
    for (const el of list.elements) {
      const obj = cx.a.objectLiteral(el);
      const name = (cx.ts.isIdentifier(cx.a.unwrap(el)) ? cx.a.text(cx.a.unwrap(el)) : undefined) ?? cx.a.constValue(cx.a.propValue(obj, 'name')) ?? `${prop}-${cx.a.line(el)}`;
      const g = cx.out.add({ kind: 'guardrail', name, framework: 'openai-agents', attributes: { vendor: 'openai-agents', stage } }, cx.a.line(el), prop);
      cx.out.edge(g, agentId, 'guards', cx.a.line(el));
    }
  }
}

function agent(cx: Cx, site: CallSite): void {
  const options = optionsArg(cx, site);
  const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'agent', options), framework: 'openai-agents' }, site.line, 'new Agent', site.node);
  // a bare model id runs on OpenAI; the SDK's default model is OpenAI's too
  if (cx.a.prop(options, 'model')) linkModel(cx, id, options, 'model', 'openai-agents', 'openai');
  cx.linkProp(id, options, ['tools'], SLOT.tools);
  cx.linkProp(id, options, ['handoffs'], SLOT.agents);
  cx.linkProp(id, options, ['mcpServers'], SLOT.mcp);
  systemPrompt(cx, id, options, ['instructions']);
  guardrails(cx, id, options);
  const settings = cx.a.propValue(options, 'modelSettings');
  if (settings) iterationCap(cx, id, cx.a.objectLiteral(settings));
}

/** `run(agent, input, { maxTurns })` / `runner.run(agent, ...)`: caps the agent's turns. */
function runCall(cx: Cx, site: CallSite): void {
  const options = site.args[2] && cx.a.objectLiteral(site.args[2]);
  const p = cx.a.prop(options, 'maxTurns');
  const n = cx.a.numberValue(cx.a.propValue(options, 'maxTurns'));
  if (!p || n === undefined || !site.args[0]) return;
  const found = { ids: new Set<string>(), refs: new Set<string>() };
  cx.targets(site.args[0], found, new Set(), 0);
  for (const id of found.ids) if (cx.out.components.get(id)?.kind === 'agent') cx.out.attr(id, 'maxIterations', n, cx.a.line(p));
}

const pending = new WeakMap<Cx, CallSite[]>();

export const openaiAgentsRules: Rule = {
  id: 'openai-agents',
  appliesTo: (m) => inPackage(m, ...PKGS),
  onCall(site, cx) {
    const o = site.origin;
    if (isMember(o, ['Agent', 'RealtimeAgent'], ['()']) || isMember(o, ['Agent'], ['create', '()'])) return agent(cx, site);
    if (isMember(o, ['tool'], ['()'])) {
      const options = optionsArg(cx, site);
      addTool(cx, site, { framework: 'openai-agents', options, impl: cx.a.propValue(options, 'execute') });
      return;
    }
    if (o.path.length === 2 && o.path[1] === '()' && HOSTED_TOOLS[o.path[0]!]) {
      const name = o.path[0]!;
      const attributes: Record<string, boolean | string> = { providerTool: `openai.${name}` };
      if (name === 'codeInterpreterTool') attributes.sandboxed = true;
      addTool(cx, site, { framework: 'openai-agents', name: cx.a.bindingName(site.node) ?? name, capabilities: HOSTED_TOOLS[name], attributes }, 'hosted tool');
      return;
    }
    if (isMember(o, ['run'], ['()']) || (o.path[0] === 'Runner' && o.path[o.path.length - 2] === 'run')) {
      const list = pending.get(cx) ?? [];
      list.push(site);
      pending.set(cx, list);
    }
  },
  afterCalls(cx) {
    for (const site of pending.get(cx) ?? []) runCall(cx, site);
  },
};
