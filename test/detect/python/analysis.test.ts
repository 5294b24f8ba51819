import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeModule } from '../../../src/detect/python/analysis/module.js';
import { isOwnPackageImport } from '../../../src/detect/python/analysis/own-tree.js';
import { parsePython } from '../../../src/detect/python/analysis/parse.js';
import { qnOf } from '../../../src/detect/python/analysis/resolve.js';
import { pythonDetector } from '../../../src/detect/python/detector.js';
import { loadPython } from '../../../src/detect/python/analysis/tree-once.js';
import { compileRules, runRules } from '../../../src/detect/python/engine/run.js';
import { ruleModules, symbolResolvers } from '../../../src/detect/python/rules/index.js';
import { OverBudget } from '../../../src/detect/budget.js';

beforeAll(loadPython);

describe('python analysis', () => {
  it('resolves import aliases, relative imports and assigned constructors to qualified names', () => {
    const mod = analyzeModule(
      'app/x.py',
      ['import langchain_openai as lo', 'from langgraph.graph import StateGraph as SG', 'from .tools import search as s', 'b = SG(dict)', 'g = b.compile()', 'm = lo.ChatOpenAI()'].join('\n'),
    );
    const qns = mod.calls.map((c) => qnOf(mod, c.callee, c.scope));
    expect(qns).toEqual(['langgraph.graph.StateGraph', 'langgraph.graph.StateGraph().compile', 'langchain_openai.ChatOpenAI']);
    const rel = mod.imports.find((i) => i.local === 's')!;
    expect(rel).toMatchObject({ relative: true, name: 'search', module: '.tools' });
  });

  it('resolves a name reassigned many times from itself once per assignment, not along every order of them', async () => {
    // letta's grammar generator: one name rebuilt from itself down a long function, resolving to nothing in the
    // end, was tried along every order of its assignments (minutes for the file).
    const steps = Array.from({ length: 40 }, (_, i) => `    rule = rule.replace("${i}", "")`);
    const text = ['from langchain_openai import ChatOpenAI', '', '', 'def grammar():', '    rule = ""', ...steps, '    return rule.strip()', '', '', 'llm = ChatOpenAI(model="gpt-4o")', ''].join('\n');
    const found = await pythonDetector.detect({ path: 'deep.py', text, blobId: 'x' });
    expect(found.components.map((c) => c.id)).toEqual(['model:openai/gpt-4o']);
    expect(found.diagnostics).toEqual([]);
  });

  it('stops rule matching on a file that runs past its budget, as a timeout', () => {
    const mod = analyzeModule('slow.py', ['from langchain_openai import ChatOpenAI', ...Array.from({ length: 3000 }, (_, i) => `m${i} = ChatOpenAI(model="m${i}")`)].join('\n'));
    expect(() => runRules(mod, compileRules(ruleModules, symbolResolvers), -1)).toThrow(OverBudget);
    expect(runRules(mod, compileRules(ruleModules, symbolResolvers)).components.length).toBe(3000);
  });

  it('reports the first real syntax error line but not lezer gaps (tuple/parenthesised with-targets)', () => {
    const gap = ['async def f(p):', '    async with stdio_client(p) as (read, write):', '        async with ClientSession(read, write) as s:', '            pass', ''].join('\n');
    expect(parsePython(gap).firstErrorLine).toBeUndefined();
    expect(parsePython('x = 1\ndef broken(:\n    pass\n').firstErrorLine).toBe(2);
    // The structure after the gap survives: the later function keeps its body and its call.
    const mod = analyzeModule('c.py', `${gap}\ndef later():\n    return subprocess.run("ls")\n`);
    const later = mod.functions.find((f) => f.name === 'later')!;
    expect(mod.calls.some((c) => c.scope === later.scope)).toBe(true);
  });

  it('treats a framework package directory as its own tree, not user code', () => {
    expect(isOwnPackageImport('libs/langgraph/langgraph/graph/state.py', 'langgraph.graph', false)).toBe(true);
    expect(isOwnPackageImport('libs/core/tests/unit/test_x.py', 'langchain_core.tools', false)).toBe(true);
    expect(isOwnPackageImport('src/crewai/agent.py', 'crewai.tools', false)).toBe(true);
    expect(isOwnPackageImport('pydantic_ai_slim/pydantic_ai/agent.py', 'pydantic_ai.tools', false)).toBe(true);
    expect(isOwnPackageImport('examples/crewai/main.py', 'crewai', false)).toBe(false);
    expect(isOwnPackageImport('crewai/main.py', 'crewai', false)).toBe(false);
    expect(isOwnPackageImport('app/agents/run.py', 'agents', true)).toBe(false);
  });

  it('does not take a project folder named like a library for that library (src/git/src/<pkg>/ imports GitPython)', () => {
    expect(isOwnPackageImport('src/git/src/mcp_server_git/server.py', 'git', false)).toBe(false);
    expect(isOwnPackageImport('packages/crewai/src/crewai/agent.py', 'crewai', false)).toBe(true);
  });

  it('skips files without any AI needle and never throws on arbitrary text', async () => {
    expect(pythonDetector.needles!.length).toBeGreaterThan(10);
    const plain = await pythonDetector.detect({ path: 'a.py', text: 'import os\nprint(os.getcwd())\n', blobId: '1' });
    expect(plain).toMatchObject({ components: [], frameworks: [], diagnostics: [] });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (junk) => {
        const text = `from langchain_openai import ChatOpenAI\n${junk}\nllm = ChatOpenAI(model="gpt-4o")\n`;
        const f = await pythonDetector.detect({ path: 'j.py', text, blobId: junk });
        expect(Array.isArray((f as { components: unknown[] }).components)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
