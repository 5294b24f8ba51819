import { type Rule, SLOT } from '../context.js';
import { modelComponent } from '../models.js';
import { addTool, optionsArg, systemPrompt } from './util.js';

const MODELS: Record<string, string> = { BedrockModel: 'bedrock', OpenAIModel: 'openai', AnthropicModel: 'anthropic', GeminiModel: 'gemini' };

export const strandsRules: Rule = {
  id: 'strands',
  appliesTo: (m) => m.startsWith('@strands-agents/'),
  onCall(site, cx) {
    const p = site.origin.path;
    if (p.length !== 2 || p[1] !== '()') return;
    const options = optionsArg(cx, site);
    if (p[0] === 'Agent') {
      const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'agent', options), framework: 'strands' }, site.line, 'new Agent', site.node);
      cx.linkProp(id, options, ['model'], SLOT.model);
      cx.linkProp(id, options, ['tools'], SLOT.tools);
      systemPrompt(cx, id, options, ['systemPrompt']);
      return;
    }
    if (p[0] === 'tool') return void addTool(cx, site, { framework: 'strands', options, impl: cx.a.propValue(options, 'callback') });
    const provider = MODELS[p[0]!];
    if (provider) {
      const mc = modelComponent(provider, cx.a.constValue(cx.a.propValue(options, 'modelId')) ?? cx.a.constValue(cx.a.propValue(options, 'model')), 'strands');
      if (mc) cx.out.add(mc, site.line, 'model', site.node);
    }
  },
};
