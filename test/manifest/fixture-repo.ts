import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { KnownIds } from '../../src/model/manifest/index.js';

export const FIXTURES = path.resolve(__dirname, '../fixtures/manifest');

/** True when `repoPath` is a file of the fixture repository: the real disk, as the working-tree source would. */
export function existsIn(dir: string): (repoPath: string) => Promise<boolean> {
  return async (repoPath) => {
    try {
      return statSync(path.join(dir, repoPath)).isFile();
    } catch {
      return false;
    }
  };
}

export const fixtureExists = existsIn(path.join(FIXTURES, 'repo'));

/** Kind ids from the real catalog. */
export function catalogKinds(): Set<string> {
  const text = readFileSync(path.resolve(__dirname, '../../catalogs/kinds.yaml'), 'utf8');
  const catalog = parse(text) as { kinds: { id: string }[] };
  return new Set(catalog.kinds.map((k) => k.id));
}

/** What a scan of the fixture repository and the catalogs would know. */
export function fixtureKnown(): Required<KnownIds> {
  return {
    componentIds: new Set([
      'agent:src/app.py#support',
      'agent:tests/test_app.py#fake',
      'agent-endpoint:src/api.py#POST /chat',
      'model:openai:gpt-4o',
      'observability:langsmith',
      'tool:src/tools.py#run_shell',
      'tool:src/tools.py#search',
      'vector-store:chroma',
    ]),
    threatIds: new Set(['L1.T1', 'L2.T5', 'L3.T3', 'L7.T4']),
    templateIds: new Set(['rag-to-exfiltration', 'prompt-injection-code-exec']),
    controlIds: new Set(['human-approval', 'tool-sandbox', 'content-provenance', 'io-guardrails']),
    kinds: catalogKinds(),
  };
}

export function readFixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

export interface Expectation {
  line: number;
  text: string;
}

/** `# expect: TEXT` marks its own line; `# expect-next: TEXT` the line below. */
export function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /# expect(-next)?: (.+)$/.exec(line);
    if (m) out.push({ line: i + 1 + (m[1] ? 1 : 0), text: m[2]!.trim() });
  });
  return out;
}
