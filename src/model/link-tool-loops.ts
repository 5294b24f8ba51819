import type { Linker } from './build.js';
import { dirOf } from './repo-paths.js';
import type { Edge } from './types.js';

/**
 * A tool loop written on a provider's SDK whose tools the code computes (`tools=collection.to_params()`, the
 * computer-use demo's) runs the provider's own tools that its package defines: Anthropic's `bash_20250124`,
 * `computer_…` and `text_editor_…` only mean anything to Anthropic's API, and a class in the shape of its tool
 * classes (a `to_params()` that returns a tool schema) is written for it. Such an agent is linked to those tools
 * defined in its own folder or below it, never a sibling's (a repository of demos has one each).
 */
export const linkToolLoops: Linker = ({ components }) => {
  const loops = components.filter((c) => c.kind === 'agent' && c.attributes?.toolsComputed === true && c.framework && c.evidence.length);
  if (!loops.length) return {};
  const edges: Edge[] = [];
  for (const agent of loops) {
    const site = agent.evidence[0]!;
    const dir = dirOf(site.path);
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const tool of components) {
      const provided = tool.attributes?.providerTool;
      // The provider's own tool types, and tools written in its SDK's shape (Anthropic's tool classes).
      const ofSdk = tool.framework === agent.framework || (typeof provided === 'string' && provided.startsWith(`${agent.framework}.`));
      if (tool.kind !== 'tool' || !ofSdk) continue;
      if (!tool.evidence.some((e) => e.path.startsWith(prefix))) continue;
      edges.push({ from: agent.id, to: tool.id, kind: 'uses-tool', evidence: [{ ...site, note: `${agent.framework} tools beside the loop` }] });
    }
  }
  return { edges };
};
