import { cpSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff, runScan, type Analysis } from '../../src/run.js';
import { BlobCache } from '../../src/detect/cache.js';
import { detectors } from '../../src/detect/registry.js';
import { runDetectors } from '../../src/detect/run.js';
import { RevisionSource } from '../../src/source/revision.js';
import { TreeStore } from '../../src/source/tree-store.js';
import { TempRepo } from '../helpers/git-repo.js';

// A diff's head is served from its base for every path the change did not touch. These tests change a real
// repository in the ways a PR does and check the head's analysis against a scan of the head commit alone.

const ROOT = path.resolve(__dirname, '../..');
const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function baseRepo(): TempRepo {
  const repo = new TempRepo();
  repos.push(repo);
  // Outside a test folder: tests are set aside, and these must be modelled.
  for (const dir of ['examples', 'test/fixtures/python', 'test/fixtures/infra']) cpSync(path.join(ROOT, dir), repo.path(dir.replace('test/fixtures/', 'samples/')), { recursive: true });
  repo.commit('base');
  return repo;
}

/** Everything the report takes from an analysis. */
const essence = (a: Analysis) => JSON.stringify({ model: a.model, threats: a.threats, chains: a.chains, fixes: a.fixes, diagnostics: a.diagnostics, manifest: a.manifest });
const opts = { today: '2026-06-01', pool: { workers: 0 } };

describe('a diff reuses the base for unchanged paths', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = baseRepo();
    const agent = repo.path('examples/rag-shell-agent/app/agent.py');
    repo.write({
      // edit, add, binary add, and a file that becomes a symlink
      'examples/rag-shell-agent/app/agent.py': readFileSync(agent, 'utf8').replace('gpt-4o', 'gpt-4.1'),
      'examples/new/agent.ts': "import { Agent } from '@openai/agents';\nexport const a = new Agent({ name: 'x', model: 'gpt-4o' });\n",
      'examples/new/blob.py': Buffer.from([0, 1, 2, 3]),
    });
    repo.remove('examples/rag-shell-agent/app/server.py');
    renameSync(repo.path('examples/rag-shell-agent/app/ingest.py'), repo.path('examples/rag-shell-agent/app/loaders.py'));
    repo.commit('head');
  }, 60_000);

  it('gives the head exactly the analysis a scan of the head commit gives, looking only at changed paths', async () => {
    const diff = await runDiff({ path: repo.dir, base: 'HEAD~1', head: 'HEAD', ...opts });
    const scan = await runScan({ path: repo.dir, rev: 'HEAD', ...opts });
    const head = diff.analyses[1]!;
    expect(head.stats.reused).toBeGreaterThan(50);
    expect(head.stats.filesRead).toBeLessThanOrEqual(4);
    expect(head.model.components.some((c) => c.name === 'openai/gpt-4.1')).toBe(true);
    expect(head.diagnostics.some((d) => d.path === 'examples/new/blob.py' && d.code === 'skipped-binary')).toBe(true);
    expect(essence(head)).toBe(essence(scan.analyses[0]!));
    // The head was listed from the base's listing and the change, not by a second ls-tree.
    expect((head.source as RevisionSource).listedFrom).toBe(diff.analyses[0]!.source.rev);
  });

  it('does the same for a folder inside the repository', async () => {
    const dir = repo.path('examples');
    const diff = await runDiff({ path: dir, base: 'HEAD~1', head: 'HEAD', ...opts });
    const scan = await runScan({ path: dir, rev: 'HEAD', ...opts });
    expect(diff.analyses[1]!.stats.reused).toBeGreaterThan(5);
    expect(essence(diff.analyses[1]!)).toBe(essence(scan.analyses[0]!));
  });
});

describe('no reuse where the change alters what is listed', () => {
  it('re-lists in full when .maestroignore changes, and still agrees with a scan', async () => {
    const repo = baseRepo();
    repo.write({ '.maestroignore': 'samples/\n' });
    repo.commit('ignore fixtures');
    const diff = await runDiff({ path: repo.dir, base: 'HEAD~1', head: 'HEAD', ...opts });
    expect(diff.analyses[1]!.stats.reused).toBeUndefined();
    expect((diff.analyses[1]!.source as RevisionSource).listedFrom).toBeUndefined();
    const scan = await runScan({ path: repo.dir, rev: 'HEAD', ...opts });
    expect(essence(diff.analyses[1]!)).toBe(essence(scan.analyses[0]!));
    expect(diff.analyses[1]!.model.components.length).toBeLessThan(diff.analyses[0]!.model.components.length);
  });

  it("detects every file of a head listed from a kept listing when no base findings serve it", async () => {
    const repo = baseRepo();
    repo.write({ 'examples/extra.py': 'import os\n' });
    const head = repo.commit('head');
    const store = new TreeStore(repo.path('.git/maestro-kept'));
    const keep = (s: RevisionSource) => (s.keepTreeIn(store.entry(s.rev, '')!), s);
    await keep(new RevisionSource(repo.dir, repo.git('rev-parse', 'HEAD~1').trim(), 'base')).list();
    const source = keep(new RevisionSource(repo.dir, head, 'head'));
    source.followFrom(keep(new RevisionSource(repo.dir, repo.git('rev-parse', 'HEAD~1').trim(), 'base')));
    expect((await source.list()).partial).toBeDefined();
    const cache = () => new BlobCache({ toolVersion: 't', catalogVersion: 'c' });
    const fromPartial = await runDetectors(source, detectors, cache(), undefined, { workers: 0 });
    const fresh = await runDetectors(new RevisionSource(repo.dir, head, 'fresh'), detectors, cache(), undefined, { workers: 0 });
    expect(fromPartial.stats.filesListed).toBeGreaterThan(50);
    expect(fromPartial).toEqual(fresh);
  });

  it('does not reuse for a working-tree head', async () => {
    const repo = baseRepo();
    repo.write({ 'examples/extra.py': 'import os\n' });
    const diff = await runDiff({ path: repo.dir, base: 'HEAD', ...opts });
    expect(diff.analyses[1]!.stats.reused).toBeUndefined();
  });
});
