import { type Rule, SLOT } from '../context.js';
import { modelComponent } from '../models.js';
import { addTool, inPackage, optionsArg, systemPrompt } from './util.js';

const AGENTS = ['OpenAIAgent', 'ReActAgent', 'AnthropicAgent', 'FunctionCallingAgent', 'AgentWorkflow'];
const LLMS: Record<string, string> = { OpenAI: 'openai', openai: 'openai', Anthropic: 'anthropic', anthropic: 'anthropic', Gemini: 'gemini', gemini: 'gemini', Ollama: 'ollama', ollama: 'ollama', Groq: 'groq', MistralAI: 'mistral', OpenAIEmbedding: 'openai' };

export const llamaindexRules: Rule = {
  id: 'llamaindex',
  appliesTo: (m) => inPackage(m, 'llamaindex') || m.startsWith('@llamaindex/'),
  onCall(site, cx) {
    const p = site.origin.path;
    const head = p[0]!;
    const options = optionsArg(cx, site);
    const isCall = p.length === 2 && p[1] === '()';
    if ((isCall && (AGENTS.includes(head) || head === 'agent' || head === 'multiAgent')) || (head === 'AgentWorkflow' && p[1] === 'fromTools')) {
      const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, head, options), framework: 'llamaindex' }, site.line, head, site.node);
      cx.linkProp(id, options, ['llm'], SLOT.model);
      cx.linkProp(id, options, ['tools'], SLOT.tools);
      cx.linkProp(id, options, ['agents', 'canHandoffTo'], SLOT.agents);
      systemPrompt(cx, id, options, ['systemPrompt']);
      return;
    }
    if ((head === 'FunctionTool' && p[1] === 'from') || (head === 'tool' && isCall)) {
      const fnFirst = cx.a.functionOf(site.args[0]);
      const opts = fnFirst ? site.args[1] && cx.a.objectLiteral(site.args[1]) : options;
      const impl = fnFirst ?? cx.a.propValue(opts, 'execute');
      addTool(cx, site, { framework: 'llamaindex', options: opts, impl });
      return;
    }
    if (head === 'QueryEngineTool' && isCall) {
      const id = addTool(cx, site, { framework: 'llamaindex', options, attributes: { retrieval: true } }, 'query engine tool');
      cx.linkProp(id, options, ['queryEngine'], { ...SLOT.vectors, accept: ['vector-store'] });
      return;
    }
    if (isCall && LLMS[head]) {
      const mc = modelComponent(LLMS[head], cx.a.constValue(cx.a.propValue(options, 'model')), 'llamaindex');
      if (mc) cx.out.add(mc, site.line, 'model', site.node);
    }
  },
};
