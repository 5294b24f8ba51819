import type { CallInfo } from '../analysis/module.js';
import { boolValue, kwarg, listItems, readArgs, type Arg } from '../analysis/values.js';
import { agentRule, argTargets, kindOf, linkTools, modelRule, stringArg, toolBaseClass, toolDecorator } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import { toolClassRule, type ToolTable } from '../engine/tool-tables.js';
import type { CallRule, RuleModule } from '../engine/types.js';

/** CrewAI: agents, crews (with their tasks), LLM, crewai_tools, @tool / BaseTool tools, @CrewBase projects. */

const FW = 'crewai';
const CR = ['crewai', 'crewai_tools'] as const;

function codeExecution(ctx: FileContext, call: CallInfo, args: Arg[], id: string): void {
  if (boolValue(ctx.mod, kwarg(args, 'allow_code_execution')?.value) !== true) return;
  const mode = stringArg(ctx, kwarg(args, 'code_execution_mode')?.value);
  const tool = ctx.add({
    kind: 'tool',
    name: `${ctx.component(id)!.name}_code_execution`,
    framework: FW,
    capabilities: ['code-exec'],
    attributes: { sandboxed: mode !== 'unsafe' },
    line: ctx.line(kwarg(args, 'allow_code_execution')!.value),
    note: 'allow_code_execution',
  });
  ctx.edge(id, tool, 'uses-tool', ctx.line(kwarg(args, 'allow_code_execution')!.value), 'allow_code_execution');
}

const agent = agentRule({
  framework: FW,
  roots: ['crewai'],
  tails: ['Agent'],
  model: ['llm', 'function_calling_llm'],
  tools: ['tools'],
  modelProvider: 'openai',
  defaultModel: 'openai',
  maxIterations: ['max_iter'],
  // An agent gives its answer after max_iter reasoning steps, 20 unless set.
  defaultLimit: 20,
  humanApproval: (ctx, _call, args) => boolValue(ctx.mod, kwarg(args, 'human_input')?.value) === true,
  extra: codeExecution,
});

/** Inside a @CrewBase class, `self.agents` / `self.tasks` are every @agent / @task method's result. */
function classMembers(ctx: FileContext, call: CallInfo, value: import('@lezer/common').SyntaxNode, kind: 'agents' | 'tasks'): CallInfo[] {
  if (ctx.text(value) !== `self.${kind}`) return [];
  const cls = ctx.enclosingFunction(call.node)?.cls;
  if (!cls) return [];
  const tail = kind === 'agents' ? /\.Agent$/ : /\.Task$/;
  return cls.methods.flatMap((m) => (m.body ? ctx.callsIn(m.body) : [])).filter((c) => tail.test(ctx.qn(c) ?? ''));
}

function taskCalls(ctx: FileContext, call: CallInfo, args: Arg[]): CallInfo[] {
  const tasks = kwarg(args, 'tasks')?.value;
  if (!tasks) return [];
  const fromClass = classMembers(ctx, call, tasks, 'tasks');
  if (fromClass.length) return fromClass;
  const items = tasks.name === 'ArrayExpression' ? listItems(tasks) : [tasks];
  return items.flatMap((i) => {
    const c = ctx.originCall(i);
    return c && /\.Task$/.test(ctx.qn(c) ?? '') ? [c] : [];
  });
}

const crew = agentRule({
  framework: FW,
  roots: ['crewai'],
  tails: ['Crew'],
  model: ['manager_llm', 'planning_llm'],
  delegates: ['agents', 'manager_agent'],
  modelProvider: 'openai',
  humanApproval: (ctx, call, args) =>
    taskCalls(ctx, call, args).some((t) => boolValue(ctx.mod, kwarg(readArgs(ctx.mod, t.args), 'human_input')?.value) === true),
  extra(ctx, call, args, id) {
    const agents = kwarg(args, 'agents')?.value;
    if (agents) {
      for (const c of classMembers(ctx, call, agents, 'agents')) {
        for (const a of ctx.idsAt(c.node)) if (kindOf(ctx, a) === 'agent') ctx.edge(id, a, 'delegates', ctx.line(agents), 'crew member');
      }
    }
    const memory = kwarg(args, 'memory')?.value;
    if (memory && boolValue(ctx.mod, memory) === true) {
      const m = ctx.add({ kind: 'memory', name: 'crewai-memory', framework: FW, attributes: { persistent: true, provider: 'crewai', scope: 'global' }, line: ctx.line(memory), note: 'memory=True' });
      ctx.edge(id, m, 'uses-memory', ctx.line(memory), 'memory=True');
    } else if (memory) {
      for (const { t, line } of argTargets(ctx, memory)) if (t.t === 'id' && kindOf(ctx, t.id) === 'memory') ctx.edge(id, t.id, 'uses-memory', line, 'memory');
    }
  },
});

/** A task's tools are used by the task's agent. */
const task: CallRule = {
  roots: ['crewai'],
  tails: ['Task'],
  apply(ctx, call) {
    const args = ctx.args(call);
    const tools = kwarg(args, 'tools')?.value;
    const agentArg = kwarg(args, 'agent')?.value;
    if (!tools || !agentArg) return;
    ctx.linkJobs.push(() => {
      for (const t of ctx.targets(agentArg)) if (t.t === 'id' && kindOf(ctx, t.id) === 'agent') linkTools(ctx, t.id, tools, FW);
    });
  },
};

const llm = modelRule({ roots: ['crewai'], tails: ['LLM'], provider: 'openai', modelArgs: ['model', 0], parseProvider: true });

const MEMORY = ['ShortTermMemory', 'LongTermMemory', 'EntityMemory', 'ExternalMemory', 'UserMemory'];
const memory: CallRule = {
  roots: ['crewai'],
  tails: MEMORY,
  apply(ctx, call, qn) {
    const cls = qn.slice(qn.lastIndexOf('.') + 1);
    ctx.add({ kind: 'memory', name: ctx.nameFor(call, cls), framework: FW, attributes: { persistent: true, provider: 'crewai' }, line: ctx.callLine(call), note: `call ${cls}` }, call.node);
  },
};

const TOOLS: ToolTable = {
  SerperDevTool: { caps: ['web-search'] },
  EXASearchTool: { caps: ['web-search'] },
  TavilySearchTool: { caps: ['web-search'] },
  BraveSearchTool: { caps: ['web-search'] },
  SerplyWebSearchTool: { caps: ['web-search'] },
  LinkupSearchTool: { caps: ['web-search'] },
  WebsiteSearchTool: { caps: ['http'] },
  ScrapeWebsiteTool: { caps: ['http'] },
  ScrapeElementFromWebsiteTool: { caps: ['http'] },
  FirecrawlScrapeWebsiteTool: { caps: ['http'] },
  FirecrawlCrawlWebsiteTool: { caps: ['http'] },
  FirecrawlSearchTool: { caps: ['web-search'] },
  ScrapflyScrapeWebsiteTool: { caps: ['http'] },
  SpiderTool: { caps: ['http'] },
  ApifyActorsTool: { caps: ['http'] },
  JinaScrapeWebsiteTool: { caps: ['http'] },
  YoutubeVideoSearchTool: { caps: ['http'] },
  YoutubeChannelSearchTool: { caps: ['http'] },
  CodeDocsSearchTool: { caps: ['http'] },
  GithubSearchTool: { caps: ['git'] },
  SeleniumScrapingTool: { caps: ['browser'] },
  BrowserbaseLoadTool: { caps: ['browser'] },
  StagehandTool: { caps: ['browser'] },
  HyperbrowserLoadTool: { caps: ['browser'] },
  FileReadTool: { caps: ['file-read'] },
  FileWriterTool: { caps: ['file-write'] },
  DirectoryReadTool: { caps: ['file-read'] },
  DirectorySearchTool: { caps: ['file-read'] },
  PDFSearchTool: { caps: ['file-read'] },
  TXTSearchTool: { caps: ['file-read'] },
  CSVSearchTool: { caps: ['file-read'] },
  DOCXSearchTool: { caps: ['file-read'] },
  JSONSearchTool: { caps: ['file-read'] },
  MDXSearchTool: { caps: ['file-read'] },
  XMLSearchTool: { caps: ['file-read'] },
  RagTool: { caps: ['file-read'] },
  VisionTool: { caps: ['file-read'] },
  OCRTool: { caps: ['file-read'] },
  NL2SQLTool: { caps: ['sql'] },
  PGSearchTool: { caps: ['sql'] },
  MySQLSearchTool: { caps: ['sql'] },
  SnowflakeSearchTool: { caps: ['sql'] },
  DatabricksQueryTool: { caps: ['sql'] },
  ComposioTool: { caps: ['cloud-api'] },
  ZapierActionTools: { caps: ['cloud-api'] },
  S3ReaderTool: { caps: ['cloud-api'] },
  S3WriterTool: { caps: ['cloud-api'] },
  CodeInterpreterTool: {
    caps: ['code-exec'],
    refine(ctx, _call, args) {
      return { attributes: { sandboxed: boolValue(ctx.mod, kwarg(args, 'unsafe_mode')?.value) !== true } };
    },
  },
};

export const crewai: RuleModule = {
  id: 'crewai',
  needles: ['crewai'],
  frameworks: [{ id: FW, roots: CR }],
  calls: [agent, crew, task, llm, memory, toolClassRule(FW, ['crewai_tools', 'crewai'], TOOLS)],
  decorators: [toolDecorator(FW, CR, ['tool'])],
  classes: [toolBaseClass(FW, CR, ['BaseTool', 'RagTool', ...Object.keys(TOOLS)])],
};

