import { failure } from '../run-one.js';
import type { ts } from 'ts-morph';
import type { Detector, FileInput, Findings } from '../types.js';
import { emptyFindings } from '../types.js';
import { FileAnalysis, isLocalModule } from './analysis.js';
import { type CallSite, Cx, type Found, type Rule } from './context.js';
import { AI_NPM_PACKAGES } from './frameworks.js';
import { loadTs } from './load-ts.js';
import { sourceFileFor } from './source-file.js';
import { inDir } from '../path-name.js';
import { needleTest } from '../needles.js';
import { byExtension } from '../select.js';
import { FileOut } from './out.js';
import { bedrockAgentsRules } from './rules/bedrock-agents.js';
import { dataRules } from './rules/data.js';
import { deepagentsRules } from './rules/deepagents.js';
import { endpointRules } from './rules/endpoints.js';
import { googleAdkRules } from './rules/google-adk.js';
import { guardrailRules } from './rules/guardrails.js';
import { langchainRules, langchainToolClasses } from './rules/langchain.js';
import { llamaindexRules } from './rules/llamaindex.js';
import { mastraRules } from './rules/mastra.js';
import { mcpForwarders, mcpRegistrarSymbols, mcpRules } from './rules/mcp.js';
import { modelStringRules } from './rules/model-strings.js';
import { observabilityRules } from './rules/observability.js';
import { openaiAgentsRules } from './rules/openai-agents.js';
import { providerRules } from './rules/providers.js';
import { strandsRules } from './rules/strands.js';
import { vercelAiRules } from './rules/vercel-ai.js';

/**
 * Rules run in this order on every call, then their file-level passes in the same order. Endpoints, tracing and
 * guardrails come last because they link to the agents the others found.
 */
export const RULES: readonly Rule[] = [
  providerRules,
  vercelAiRules,
  mastraRules,
  openaiAgentsRules,
  langchainRules,
  deepagentsRules,
  llamaindexRules,
  mcpRules,
  dataRules,
  googleAdkRules,
  strandsRules,
  bedrockAgentsRules,
  modelStringRules,
  endpointRules,
  observabilityRules,
  guardrailRules,
];

const inNodeModules = inDir('node_modules');
const inNext = inDir('.next');
const inDistAssets = inDir('dist/assets');

/** Of the paths with a JS/TS extension, the hand-written sources: declaration files, bundles and dependencies are not. */
function isHandWritten(path: string): boolean {
  if (path.endsWith('.d.ts') || path.endsWith('.d.mts') || path.endsWith('.d.cts') || path.endsWith('.min.js') || path.endsWith('.bundle.js')) return false;
  return !inNodeModules(path) && !inNext(path) && !inDistAssets(path);
}

/** Quoted package names: a file that mentions none of them is not parsed. */
function buildNeedles(): string[] {
  const specs = ['ai', '@ai-sdk/', '@langchain/', 'langchain', '@openai/agents', '@mastra/', 'llamaindex', '@llamaindex/', '@modelcontextprotocol/', 'fastmcp', '@google/adk', '@strands-agents/', '@aws-sdk/client-bedrock', 'deepagents', 'ollama-ai-provider', '@openrouter/', '@arizeai/', '@langfuse/', 'langfuse', 'langsmith', ...AI_NPM_PACKAGES];
  const needles = new Set<string>();
  for (const s of specs) {
    const exact = !s.endsWith('/');
    for (const q of ["'", '"', '`']) {
      needles.add(`${q}${s}${exact ? q : ''}`);
      if (exact) needles.add(`${q}${s}/`);
    }
  }
  // files that drive agents defined elsewhere (routes calling `agent.generate`, `mastra.getAgent`)
  for (const n of ['getAgent(', '.generate(', '.streamVNext(', '.invoke(']) needles.add(n);
  return [...needles].sort();
}

export const JS_NEEDLES: readonly string[] = buildNeedles();

function scriptKind(t: typeof ts, path: string): ts.ScriptKind {
  if (/\.tsx$/.test(path)) return t.ScriptKind.TSX;
  if (/\.jsx$/.test(path)) return t.ScriptKind.JSX;
  if (/\.[cm]?ts$/.test(path)) return t.ScriptKind.TS;
  return t.ScriptKind.JS;
}

/**
 * Top-level names and the components their values hold: `export const executor = openai('gpt-4o')` lets the
 * linker resolve a ref to `executor` in another file to `model:openai/gpt-4o` (repo-global ids carry no symbol);
 * a top-level function holds what it returns.
 */
function topLevelSymbols(cx: Cx): Record<string, string[]> {
  const t = cx.ts;
  const out: Record<string, string[]> = {};
  for (const st of cx.a.sf.statements) {
    // `export function getModel() { return openai('gpt-4o') }`: what the factory returns
    if (t.isFunctionDeclaration(st) && st.name && st.body) {
      const found: Found = { ids: new Set(), refs: new Set() };
      cx.targets(st, found, new Set(), 0);
      const ids = [...found.ids].filter((id) => cx.out.components.has(id)).sort();
      if (ids.length) out[st.name.text] = ids;
      continue;
    }
    if (!t.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!t.isIdentifier(d.name) || !d.initializer) continue;
      const found: Found = { ids: new Set(), refs: new Set() };
      cx.targets(d.initializer, found, new Set(), 0);
      const ids = [...found.ids].filter((id) => cx.out.components.has(id)).sort();
      if (ids.length) out[d.name.text] = ids;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function mergeSymbols(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [k, ids] of Object.entries(b)) out[k] = [...new Set([...(out[k] ?? []), ...ids])].sort();
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** Runs every rule over one parsed file. Exported for tests that want the analysis without the needle gate. */
export async function analyseJs(file: FileInput): Promise<Findings> {
  const t = await loadTs();
  const sf = sourceFileFor(t, file.path, file.text, scriptKind(t, file.path));
  const out = new FileOut(file.path);
  const parseErrors = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const a = new FileAnalysis(t, sf, file.path);
  if (parseErrors.length) {
    const first = parseErrors[0]!;
    const msg = t.flattenDiagnosticMessageText(first.messageText, ' ');
    out.diagnostics.push({ path: file.path, line: a.lineOfPos(first.start ?? 0), code: 'parse-error', message: `${msg} (${parseErrors.length} syntax error${parseErrors.length > 1 ? 's' : ''}; read what parsed)` });
  }
  const cx = new Cx(a, out);
  cx.recordFrameworks();
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node) || t.isNewExpression(node)) {
      const origin = a.origin(node.expression);
      if (origin && !isLocalModule(origin.module) && a.requireTarget(node as ts.CallExpression) === undefined) {
        const site: CallSite = { node, origin: { module: origin.module, path: [...origin.path, '()'] }, line: a.callLine(node), args: node.arguments ?? [] };
        cx.sites.push(site);
        for (const rule of RULES) if (rule.onCall && rule.appliesTo(site.origin.module)) rule.onCall(site, cx);
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  langchainToolClasses(cx);
  for (const rule of RULES) rule.afterCalls?.(cx);
  cx.resolveSlots();
  const symbols = mergeSymbols(topLevelSymbols(cx), mcpRegistrarSymbols(cx));
  const findings = out.finish();
  if (Object.keys(symbols).length) findings.facts.symbols = symbols;
  const forwards = mcpForwarders(cx);
  if (Object.keys(forwards).length) findings.facts.forwards = forwards;
  const defines = findings.components.filter((c) => !c.id.startsWith(`${c.kind}:${c.name}`) || c.id.includes('#')).map((c) => c.name);
  if (defines.length) findings.facts.defines = [...new Set(defines)].sort();
  const reexports = a.reexports.filter((r) => isLocalModule(r.module));
  if (reexports.length) findings.facts.reexports = reexports.map((r) => ({ from: r.module, names: [...r.names].sort(), line: r.line }));
  return findings;
}

/** TS/JS agent stack: frameworks, agents, models, tools, data, MCP, tracing, guardrails, endpoints. */
export const jsAgentStack: Detector = {
  id: 'js-agent-stack',
  version: 13,
  wants: byExtension({ ask: ['js', 'ts', 'mjs', 'cjs', 'mts', 'cts', 'jsx', 'tsx'], otherwise: 'no' }, isHandWritten),
  needles: [...JS_NEEDLES],
  marksTests: true,
  warm: async () => void (await loadTs()),
  async detect(file) {
    // The gate again, for a caller that skips it: as the runner applies it (one compiled regex), not one scan of
    // the text per needle, which cost a third of a second over the AI SDK's 5,600 files.
    if (!needleTest(jsAgentStack)(file.text)) return emptyFindings();
    try {
      return await analyseJs(file);
    } catch (err) {
      const f = emptyFindings();
      f.diagnostics.push(failure('js-agent-stack', file.path, err));
      return f;
    }
  },
};
