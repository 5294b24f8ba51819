import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

describe('a Python name defined in another module', () => {
  it('links what a factory there returns: tools=get_tools() reaches the tools get_tools builds', async () => {
    const r = new TempRepo({ git: false });
    repos.push(r);
    r.write({
      'svc/posts/tools.py': [
        'import os',
        'from crewai_tools import ScrapeWebsiteTool, SerperDevTool',
        '',
        '',
        'def get_tools():',
        '    if os.getenv("OFFLINE"):',
        '        return []',
        '    return _default_tools()',
        '',
        '',
        'def _default_tools():',
        '    return [SerperDevTool(), ScrapeWebsiteTool()]',
        '',
      ].join('\n'),
      'svc/posts/crew.py': [
        'from crewai import Agent',
        'from crewai.project import CrewBase, agent',
        '',
        'from .tools import get_tools',
        '',
        '',
        '@CrewBase',
        'class Posts:',
        '    @agent',
        '    def analyst(self) -> Agent:',
        '        return Agent(role="analyst", goal="find", backstory="b", tools=get_tools())',
        '',
      ].join('\n'),
      // The same name in a module further away is not what the crew imports.
      'other/tools.py': 'from crewai_tools import FileWriterTool\n\n\ndef get_tools():\n    return [FileWriterTool()]\n',
    });
    const out = await cli('scan', r.dir, '--format', 'json');
    const report = JSON.parse(out.stdout) as { edges: { from: string; to: string; kind: string }[] };
    const used = report.edges.filter((e) => e.kind === 'uses-tool' && e.from === 'agent:svc/posts/crew.py#analyst').map((e) => e.to);
    expect(used).toEqual(['tool:svc/posts/tools.py#ScrapeWebsiteTool', 'tool:svc/posts/tools.py#SerperDevTool']);
  });
});
