import { isTestCode } from '../detect/test-paths.js';
import type { Linker } from './build.js';
import { dirOf } from './repo-paths.js';
import type { Edge } from './types.js';

/**
 * What an mcp-agent ref asks for (`Agent(server_names=["fetch"])`): the server a config names so. No component has
 * this kind, so the name-based linking of refs leaves these to `linkMcpAgentServers`.
 */
export const CONFIG_SERVER_REF = 'mcp-config-server-name';

/**
 * mcp-agent reads `mcp_agent.config.yaml` from the folder the app runs in or the nearest one above it: an agent's
 * server names are the servers of the config in its own folder or its closest ancestor's, never a sibling app's
 * (a monorepo's examples each bring one). Test configs do not count.
 */
export const linkMcpAgentServers: Linker = ({ components, files }) => {
  const configs = new Map<string, Map<string, string[]>>();
  for (const f of files) {
    const named = f.findings.facts.namedServers;
    if (!named || typeof named !== 'object' || isTestCode(f.path)) continue;
    const dir = dirOf(f.path);
    const byName = configs.get(dir) ?? new Map<string, string[]>();
    for (const [name, ids] of Object.entries(named)) if (Array.isArray(ids)) byName.set(name, [...(byName.get(name) ?? []), ...ids.filter((i): i is string => typeof i === 'string')]);
    configs.set(dir, byName);
  }
  if (!configs.size) return {};
  const ids = new Set(components.map((c) => c.id));
  const edges: Edge[] = [];
  for (const f of files) {
    for (const r of f.findings.refs) {
      if (!r.toKinds?.includes(CONFIG_SERVER_REF) || !ids.has(r.from)) continue;
      for (let d = dirOf(f.path); ; d = dirOf(d)) {
        const servers = configs.get(d);
        if (servers) {
          for (const id of servers.get(r.toName) ?? []) if (ids.has(id)) edges.push({ from: r.from, to: id, kind: 'connects-mcp', evidence: r.evidence });
          break;
        }
        if (d === '') break;
      }
    }
  }
  return { edges };
};
