import { FileOut } from '../js/out.js';
import type { Detector, Findings } from '../types.js';
import { parseYamlDocs } from '../infra/yaml-docs.js';
import { type JsonMember, type JsonNode, jsonNodeOf, member, parseJson, str, strings } from './json.js';
import { computedServer, isPlaceholder, looksLikeSecret, remoteServer, stdioServer } from './mcp-servers.js';
import { fileName } from '../path-name.js';
import { byExtension } from '../select.js';

const NAMES = new Set(['mcp.json', '.mcp.json', 'claude_desktop_config.json', '.claude.json', 'mcp_config.json', 'cline_mcp_settings.json', 'mcp_settings.json']);
const SECRET_KEY = /(key|token|secret|passw(or)?d|auth|credential|cookie)/i;

export function isMcpConfigPath(path: string): boolean {
  if (!path.endsWith('.json')) return false;
  const base = fileName(path);
  if (NAMES.has(base)) return true;
  return base.startsWith('settings') && (/(?:^|\/)\.claude\/settings(?:\.[^/]+)?\.json$/.test(path) || /(?:^|\/)\.gemini\/settings\.json$/.test(path));
}

/** The server maps a config holds: `mcpServers`, VS Code's `servers` / `mcp.servers`, `.claude.json` projects. */
function serverMaps(root: JsonNode | undefined): JsonMember[] {
  const maps: JsonMember[] = [];
  for (const key of ['mcpServers', 'servers']) {
    const m = member(root, key);
    if (m?.value.type === 'object') maps.push(m);
  }
  const nested = member(member(root, 'mcp')?.value, 'servers');
  if (nested?.value.type === 'object') maps.push(nested);
  const projects = member(root, 'projects');
  if (projects?.value.type === 'object') for (const p of projects.value.members) maps.push(...serverMaps(p.value));
  return maps;
}

/** Literal credentials in `env` / `headers`: reported by key and line, never by value. */
function literalSecrets(server: JsonNode): { key: string; line: number }[] {
  const found: { key: string; line: number }[] = [];
  for (const block of ['env', 'headers']) {
    const m = member(server, block);
    if (m?.value.type !== 'object') continue;
    for (const kv of m.value.members) {
      const v = str(kv.value);
      if (v === undefined || !v.trim()) continue;
      const bare = v.replace(/^Bearer\s+/i, '');
      if (looksLikeSecret(bare) || (SECRET_KEY.test(kv.key) && !isPlaceholder(bare) && !/\$\{[^}]+\}/.test(bare))) found.push({ key: `${block}.${kv.key}`, line: kv.line });
    }
  }
  return found;
}

async function detect(path: string, text: string, anyName = false): Promise<Findings> {
  const out = new FileOut(path);
  const parsed = await parseJson(text);
  if (parsed.error) {
    out.diagnostics.push({ path, line: parsed.error.line, code: 'parse-error', message: `${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}` });
  }
  // In a file of any other name only `mcpServers` says MCP: `servers` is too common a key.
  const maps = anyName ? [member(parsed.root, 'mcpServers')].filter((m): m is JsonMember => m?.value.type === 'object') : serverMaps(parsed.root);
  return configServers(out, maps);
}

/** mcp-agent and fast-agent configs (`mcp: servers:` in YAML): the same server entries as a JSON config's. */
function detectYaml(path: string, text: string): Findings {
  const out = new FileOut(path);
  const { docs, problems } = parseYamlDocs(text);
  for (const p of problems) out.diagnostics.push({ path, line: p.line, code: p.code, message: p.message });
  const doc = docs[0];
  const maps = doc ? serverMaps(jsonNodeOf(doc.value, doc.line)).filter((m) => m.key === 'servers') : [];
  // Agents name these servers in code (`Agent(server_names=["fetch"])`): linkMcpAgentServers finds them by name.
  // No prototype: a server may be called `constructor` or `__proto__`.
  const named: Record<string, string[]> = Object.create(null);
  const found = configServers(out, maps, (key, id) => (named[key] ??= []).push(id));
  if (Object.keys(named).length) found.facts.namedServers = named;
  return found;
}

function serverNote(a: Record<string, unknown>): string {
  if (a.addressComputed) return 'server whose address the deployment sets';
  return a.remote ? 'remote server' : a.transport === 'stdio' ? 'stdio server' : 'local server';
}

/** The config file as an `mcp-client`, each server entry of `maps` as an `mcp-server` it connects to. */
function configServers(out: FileOut, maps: JsonMember[], onServer?: (key: string, id: string) => void): Findings {
  const path = out.path;
  if (!maps.length) return out.finish();
  const client = out.add({ kind: 'mcp-client', name: path, global: true, attributes: { config: true } }, maps[0]!.line, 'mcp config');
  for (const map of maps) {
    if (map.value.type !== 'object') continue;
    for (const s of map.value.members) {
      const cfg = s.value;
      if (cfg.type !== 'object') continue;
      const command = str(member(cfg, 'command')?.value);
      const url = str(member(cfg, 'url')?.value) ?? str(member(cfg, 'serverUrl')?.value) ?? str(member(cfg, 'httpUrl')?.value);
      const type = str(member(cfg, 'type')?.value) ?? str(member(cfg, 'transport')?.value);
      let c;
      if (command !== undefined) c = stdioServer(s.key, command, strings(member(cfg, 'args')?.value));
      // `<enter your SSE url>`, `${MCP_URL}`: the address is filled in where the config is deployed.
      else if (url !== undefined) c = isPlaceholder(url.trim()) ? computedServer(url.trim(), type === 'sse' ? 'sse' : 'http') : remoteServer(url, type === 'sse' ? 'sse' : 'http');
      else continue;
      const attrs = c.attributes!;
      if (member(cfg, 'disabled')?.value.type === 'boolean' && (member(cfg, 'disabled')!.value as { value: boolean }).value) attrs.disabled = true;
      const auto = member(cfg, 'autoApprove') ?? member(cfg, 'alwaysAllow');
      if (auto && strings(auto.value).length) attrs.autoApprove = strings(auto.value).sort();
      const secrets = literalSecrets(cfg);
      if (secrets.length) attrs.secretsInConfig = true;
      const id = out.add(c, s.line, serverNote(c.attributes!));
      onServer?.(s.key, id);
      for (const sec of secrets) {
        out.components.get(id)!.evidence.push(out.ev(sec.line, `literal secret in ${sec.key}`));
        out.diagnostics.push({ path, line: sec.line, code: 'secret-found', message: `literal credential in ${sec.key} of MCP server "${s.key}" (value not shown)` });
      }
      out.edge(client, id, 'connects-mcp', s.line);
    }
  }
  return out.finish();
}

/** MCP client configs (Claude, Cursor, VS Code, Windsurf, Cline): each server an `mcp-server`, the file an `mcp-client`. */
export const mcpConfigDetector: Detector = {
  id: 'mcp-config',
  version: 4,
  wants: byExtension({ ask: ['json'], otherwise: 'no' }, isMcpConfigPath),
  detect: (file) => detect(file.path, file.text),
};

const YAML_CONFIGS = new Set(['mcp_agent.config.yaml', 'mcp_agent.config.yml', 'fastagent.config.yaml', 'fastagent.config.yml']);

/** mcp-agent's and fast-agent's config files: the MCP servers their agents connect to. */
export const mcpAgentConfigDetector: Detector = {
  id: 'mcp-agent-config',
  version: 3,
  wants: byExtension({ ask: ['yaml', 'yml'], otherwise: 'no' }, (path) => YAML_CONFIGS.has(fileName(path))),
  detect: (file) => detectYaml(file.path, file.text),
};

/**
 * An app's own MCP config under a name of its choosing (python-sdk's chatbot reads `servers_config.json`): any other
 * JSON file with a top-level `mcpServers` map, which Claude Desktop's format made the common way to write one.
 */
export const namedMcpConfigDetector: Detector = {
  id: 'mcp-config-any-name',
  version: 3,
  wants: byExtension({ ask: ['json'], otherwise: 'no' }, (path) => !isMcpConfigPath(path) && !/(?:^|\/)node_modules\//.test(path) && !/(?:^|\/)(?:package(?:-lock)?|tsconfig)\.json$/.test(path)),
  needles: ['"mcpServers"'],
  detect: (file) => detect(file.path, file.text, true),
};
