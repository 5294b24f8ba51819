import { FileOut } from '../js/out.js';
import type { Detector, Findings } from '../types.js';
import { byExtension } from '../select.js';
import { type JsonNode, member, parseJson, str } from './json.js';

export function isAgentCardPath(path: string): boolean {
  if (!path.endsWith('agent.json') && !path.endsWith('agent-card.json')) return false;
  return /(?:^|\/)\.well-known\/agent(?:-card)?\.json$/.test(path) || /(?:^|\/)agent-card\.json$/.test(path);
}

function nonEmpty(node: JsonNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'object') return node.members.length > 0;
  if (node.type === 'array') return node.items.length > 0;
  return node.type === 'string' ? node.value.length > 0 : node.type !== 'null';
}

async function detect(path: string, text: string): Promise<Findings> {
  const out = new FileOut(path);
  const parsed = await parseJson(text);
  if (parsed.error) out.diagnostics.push({ path, line: parsed.error.line, code: 'parse-error', message: `${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}` });
  const root = parsed.root;
  const nameM = member(root, 'name');
  const name = str(nameM?.value);
  // only a document shaped like an A2A card counts (a name plus skills, an endpoint or capabilities)
  if (!name || !(member(root, 'skills') || member(root, 'url') || member(root, 'capabilities'))) return out.finish();
  const skillsM = member(root, 'skills');
  const skills =
    skillsM?.value.type === 'array'
      ? skillsM.value.items.map((s) => str(member(s, 'id')?.value) ?? str(member(s, 'name')?.value)).filter((s): s is string => !!s)
      : [];
  // A2A 0.2+: securitySchemes/security; 0.1: authentication.schemes
  const authM = [member(root, 'securitySchemes'), member(root, 'security'), member(member(root, 'authentication')?.value, 'schemes')].find((m) => nonEmpty(m?.value));
  const attributes: Record<string, string | boolean | string[]> = { authenticated: !!authM, skills: [...new Set(skills)].sort() };
  const url = str(member(root, 'url')?.value);
  if (url) attributes.url = url;
  attributes.signedCard = nonEmpty(member(root, 'signatures')?.value);
  const id = out.add({ kind: 'agent-card', name, attributes }, nameM!.line, 'agent card');
  const c = out.components.get(id)!;
  if (authM) c.evidence.push(out.ev(authM.line, 'authentication'));
  if (skillsM) c.evidence.push(out.ev(skillsM.line, 'skills'));
  return out.finish();
}

/** A2A agent cards this repository publishes: skills and whether callers must authenticate. */
export const agentCardDetector: Detector = {
  id: 'a2a-agent-card',
  version: 1,
  wants: byExtension({ ask: ['json'], otherwise: 'no' }, isAgentCardPath),
  detect: (file) => detect(file.path, file.text),
};
