import { type CallSite, type Cx, type Rule, SLOT, isMember } from '../context.js';
import { addTool, iterationCap, linkModel, optionsArg, systemPrompt } from './util.js';
import { mcpClientFromOptions } from './mcp.js';

const GENERATE = ['generateText', 'streamText', 'generateObject', 'streamObject'];
const AGENT_CLASSES = ['Experimental_Agent', 'Agent', 'ToolLoopAgent'];

function agent(cx: Cx, site: CallSite, fallback: string): void {
  const options = optionsArg(cx, site);
  // `const result = streamText(...)` inside a handler says nothing; the handler's name does
  const encl = GENERATE.includes(fallback) ? cx.a.enclosingName(site.node) : undefined;
  const name = encl ? `${encl}.${fallback}` : cx.nameFor(site.node, fallback, options);
  const id = cx.out.add({ kind: 'agent', name, framework: 'vercel-ai' }, site.line, fallback, site.node);
  linkModel(cx, id, options, 'model', 'vercel-ai');
  cx.linkProp(id, options, ['tools'], SLOT.tools);
  iterationCap(cx, id, options);
  systemPrompt(cx, id, options, ['system', 'instructions']);
  telemetry(cx, id, options);
}

/** `experimental_telemetry: { isEnabled: true, recordInputs: false }`: OpenTelemetry spans of the agent run. */
function telemetry(cx: Cx, id: string, options: ReturnType<typeof optionsArg>): void {
  const p = cx.a.prop(options, 'experimental_telemetry');
  if (!p) return;
  const tel = cx.a.objectLiteral(cx.a.propValue(options, 'experimental_telemetry')!);
  const enabled = cx.a.propValue(tel, 'isEnabled');
  if (enabled && enabled.kind === cx.ts.SyntaxKind.FalseKeyword) return;
  const recordInputs = cx.a.propValue(tel, 'recordInputs');
  const obs = cx.out.add(
    { kind: 'observability', name: 'opentelemetry', global: true, attributes: { vendor: 'opentelemetry', logsPrompts: !(recordInputs && recordInputs.kind === cx.ts.SyntaxKind.FalseKeyword) } },
    cx.a.line(p),
    'experimental_telemetry',
  );
  cx.out.edge(obs, id, 'observes', cx.a.line(p));
}

export const vercelAiRules: Rule = {
  id: 'vercel-ai',
  appliesTo: (m) => m === 'ai' || m.startsWith('ai/') || m.startsWith('@ai-sdk/'),
  onCall(site, cx) {
    const o = site.origin;
    if (o.module === 'ai' && isMember(o, GENERATE, ['()'])) {
      // a model call with tools is an agent loop; without tools it is a plain completion
      if (cx.a.prop(optionsArg(cx, site), 'tools')) agent(cx, site, o.path[0]!);
      return;
    }
    if (o.module === 'ai' && isMember(o, AGENT_CLASSES, ['()'])) return agent(cx, site, o.path[0]!);
    if (o.module === 'ai' && isMember(o, ['tool', 'dynamicTool'], ['()'])) {
      const options = optionsArg(cx, site);
      addTool(cx, site, { framework: 'vercel-ai', options, impl: cx.a.propValue(options, 'execute') });
      return;
    }
    if (isMember(o, ['experimental_createMCPClient', 'createMCPClient'], ['()'])) {
      mcpClientFromOptions(cx, site, optionsArg(cx, site), 'vercel-ai');
    }
  },
};
