import type { Rule } from '../context.js';
import { inPackage, optionsArg } from './util.js';

/** Bedrock Agents are hosted agents reached over the AWS API: peer agents and knowledge bases. */
export const bedrockAgentsRules: Rule = {
  id: 'bedrock-agents',
  appliesTo: (m) => inPackage(m, '@aws-sdk/client-bedrock-agent-runtime'),
  onCall(site, cx) {
    const p = site.origin.path;
    if (p.length !== 2 || p[1] !== '()') return;
    const options = optionsArg(cx, site);
    if (p[0] === 'InvokeAgentCommand' || p[0] === 'InvokeInlineAgentCommand') {
      const agentId = cx.a.constValue(cx.a.propValue(options, 'agentId'));
      const name = `bedrock-agent/${agentId ?? (p[0] === 'InvokeInlineAgentCommand' ? 'inline' : 'dynamic')}`;
      cx.out.add({ kind: 'peer-agent', name, global: true, framework: 'bedrock-agents', attributes: { authenticated: true } }, site.line, p[0]!, site.node);
      return;
    }
    if (p[0] === 'RetrieveCommand' || p[0] === 'RetrieveAndGenerateCommand') {
      cx.out.add({ kind: 'vector-store', name: 'bedrock-knowledge-base', global: true, framework: 'bedrock-agents', attributes: { provider: 'bedrock-knowledge-base', persistent: true, remote: true } }, site.line, p[0]!, site.node);
    }
  },
};
