import { type Rule, SLOT } from '../context.js';
import { addTool, inPackage, iterationCap, linkModel, optionsArg, systemPrompt } from './util.js';

const AGENTS = ['LlmAgent', 'Agent', 'SequentialAgent', 'ParallelAgent', 'LoopAgent'];

export const googleAdkRules: Rule = {
  id: 'google-adk',
  appliesTo: (m) => inPackage(m, '@google/adk'),
  onCall(site, cx) {
    const p = site.origin.path;
    if (p.length !== 2 || p[1] !== '()') return;
    const options = optionsArg(cx, site);
    if (AGENTS.includes(p[0]!)) {
      const id = cx.out.add({ kind: 'agent', name: cx.nameFor(site.node, 'agent', options), framework: 'google-adk' }, site.line, p[0]!, site.node);
      linkModel(cx, id, options, 'model', 'google-adk', 'gemini');
      cx.linkProp(id, options, ['tools'], SLOT.tools);
      cx.linkProp(id, options, ['subAgents'], SLOT.agents);
      systemPrompt(cx, id, options, ['instruction']);
      iterationCap(cx, id, options);
      return;
    }
    if (p[0] === 'FunctionTool') addTool(cx, site, { framework: 'google-adk', options, impl: cx.a.propValue(options, 'execute') });
  },
};
