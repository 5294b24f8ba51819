import type { HostileCase } from './types.js';

// Config and infrastructure files that do not parse, parse into the wrong shape, or abuse their format:
// JSON (MCP configs, package.json, agent cards), TOML (pyproject), HCL (Terraform), Dockerfiles, workflows.

type Files = Record<string, string>;

const JSON_BAD: Files = {
  'truncated/.mcp.json': '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem"',
  'trailing-comma/.mcp.json': '{"mcpServers": {"fs": {"command": "npx",},},}',
  'comments/.vscode/mcp.json': '// jsonc\n{ /* c */ "servers": { "x": { "url": "https://mcp.example.com/sse" } } }\n',
  'wrong-shape/.mcp.json': '{"mcpServers": ["not", "a", "map", 1, null, true]}',
  'null-servers/.mcp.json': '{"mcpServers": {"a": null, "b": 7, "c": "str", "d": {"command": ["array"], "args": "string", "env": [1]}}}',
  'proto/.mcp.json': '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "mcpServers": {"__proto__": {"command": "sh"}}}',
  'huge-number/package.json': '{"name": "x", "version": 1e999999, "dependencies": {"openai": 12345678901234567890123}}',
  'dup-keys/package.json': '{"name": "a", "name": "b", "dependencies": {"openai": "1", "openai": "2"}}',
  'not-object/package.json': '"just a string"',
  'empty/package.json': '',
  'deps-wrong/package.json': '{"name": "x", "dependencies": ["openai", {"a": 1}], "devDependencies": "ai"}',
  'bom-only/package.json': '\ufeff',
  'agent-card/.well-known/agent.json': '{"name": 1, "skills": "many", "url": {"x": 1}, "capabilities": [null]}',
  'agent-card-trunc/.well-known/agent-card.json': '{"name": "a", "skills": [{"id":',
};

const TOML_BAD: Files = {
  'unclosed/pyproject.toml': '[project\nname = "x"\ndependencies = ["openai"\n',
  'dup/pyproject.toml': '[project]\nname = "a"\nname = "b"\n[project]\n',
  'bad-escape/pyproject.toml': '[project]\nname = "\\q\\u12"\n',
  'wrong-types/pyproject.toml': '[project]\ndependencies = "openai"\noptional-dependencies = 7\n[tool.poetry.dependencies]\nopenai = [1, 2]\n',
  'deep-inline/pyproject.toml': `[project]\nx = ${'{a = '.repeat(5000)}1${'}'.repeat(5000)}\n`,
  'deep-arrays/pyproject.toml': `[project]\nx = ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
  'huge-table-names/pyproject.toml': `[${'a.'.repeat(20000)}b]\nx = 1\n`,
  'requirements/requirements.txt': '-r requirements.txt\n-r ../../../../etc/passwd\n--index-url https://user:pass@evil.example/simple\nopenai==\n===\n[]\ngit+https://x@y\n',
};

const HCL_BAD: Files = {
  'unclosed/main.tf': 'resource "aws_instance" "x" {\n  ami = "a"\n',
  'heredoc/main.tf': 'locals {\n  x = <<EOT\nnever closed\n',
  'deep/main.tf': `locals {\n  x = ${'['.repeat(20000)}${']'.repeat(20000)}\n}\n`,
  'deep-objects/main.tf': `locals {\n  x = ${'{a = '.repeat(5000)}1${'}'.repeat(5000)}\n}\n`,
  'interp/main.tf': 'resource "aws_lambda_function" "f" {\n  function_name = "${"${"${var.x}"}"}"\n  environment { variables = { A = "${' + '"'.repeat(100) + '}" } }\n}\n',
  'garbage/variables.tf': '}}}{{{ = = = "\n',
  'json/main.tf.json': '{"resource": {"aws_instance": {"x": [{"ami": {"nested": ["too", {"deep": []}]}}]}}}',
};

const DOCKERFILES: Files = {
  'no-from/Dockerfile': 'RUN echo hi\nUSER root\n',
  'comments-only/Dockerfile': '# just\n# comments\n',
  'continuation-eof/Dockerfile': 'FROM python:3.12\nRUN echo \\',
  'heredoc-open/Dockerfile': 'FROM python:3.12\nRUN <<EOF\necho never closed\n',
  'escape-directive/Dockerfile': '# escape=`\nFROM python:3.12\nRUN echo a `\n  b\nENV A=1 `\n  B=2\n',
  'many-continuations/Dockerfile': `FROM python:3.12\nRUN true ${'\\\n  && true '.repeat(20000)}\n`,
  'weird-from/Dockerfile': 'FROM --platform=$X ${IMAGE:-${OTHER:-}}:${TAG} AS "\nFROM scratch AS a AS b\nCOPY --from= . .\n',
  'json-broken/Dockerfile': 'FROM node:20\nCMD ["node", "a.js"\nENTRYPOINT [}\n',
  'only-whitespace/Dockerfile': '\n\n   \n\t\n',
  'containerfile/Containerfile': 'FROM\nFROM\nFROM\n',
};

const WORKFLOWS: Files = {
  '.github/workflows/bad.yml': 'on: [push\njobs: {\n',
  '.github/workflows/wrong-shape.yml': 'on: 7\njobs: ["a", "b"]\n',
  '.github/workflows/steps-not-list.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: "run: rm -rf /"\n',
};

function cases(kind: string, files: Files, root = `hostile/malformed/${kind}`): HostileCase[] {
  return Object.entries(files).map(([rel, text]) => ({ category: 'malformed', name: `${kind}-${rel.split('/')[0]}`, files: { [rel.startsWith('.github/') ? rel : `${root}/${rel}`]: text } }));
}

export function malformedCases(): HostileCase[] {
  return [...cases('json', JSON_BAD), ...cases('toml', TOML_BAD), ...cases('hcl', HCL_BAD), ...cases('dockerfile', DOCKERFILES), ...cases('workflow', WORKFLOWS, '')].map((c, i, all) =>
    // Workflow names share the `.github` prefix: keep names unique.
    all.findIndex((o) => o.name === c.name) === i ? c : { ...c, name: `${c.name}-${i}` },
  );
}
