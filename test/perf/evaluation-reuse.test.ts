import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../src/cli/main.js';
import { runDiff, runScan, type Analysis } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';

// A head whose model and manifest come out as its base's takes the base's findings without evaluating; anything
// that evaluation reads and that differs (the model, what the manifest says, the date against an acceptance's
// expiry) makes it evaluate. Each case checks the findings against a scan of the head on its own.

let repo: TempRepo;
const dirs: string[] = [];
const cacheDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'maestro-eval-reuse-'));
  dirs.push(d);
  return d;
};
const opts = { today: '2026-06-01', pool: { workers: 0 } };
const findings = (a: Analysis) => ({ threats: a.threats, chains: a.chains, fixes: a.fixes, diagnostics: a.diagnostics });

/** The diff from HEAD~1 to HEAD, checked against a scan of HEAD alone; gives the head's analysis. */
async function diffHead(r: TempRepo, extra: { cache?: string; today?: string } = {}): Promise<Analysis> {
  const d = await runDiff({ path: r.dir, ...opts, ...extra, base: 'HEAD~1', head: 'HEAD' });
  const scan = await runScan({ path: r.dir, ...opts, today: extra.today ?? opts.today, rev: 'HEAD' });
  const head = d.analyses[1]!;
  expect(findings(head)).toEqual(findings(scan.analyses[0]!));
  expect(render(d.report, 'json', { color: false, rules: d.rules })).toContain('"chains"');
  return head;
}

function agentRepo(): TempRepo {
  const r = new TempRepo();
  cpSync(path.resolve(__dirname, '../../examples/rag-shell-agent'), r.path('agent'), { recursive: true });
  r.write({ 'sandbox/policy.json': '{"allow": ["ls"]}\n' });
  r.commit('agent');
  return r;
}

beforeAll(() => {
  repo = agentRepo();
}, 60_000);

afterAll(() => {
  repo.cleanup();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('findings taken from the base when evaluation would read the same', () => {
  it('a change to no agent code takes the base findings, from the cache or from this run (with --cache)', async () => {
    repo.write({ 'docs/guide.md': '# Guide\n\nHow to run it.\n', 'agent/README.md': '# The agent\n\nChanged words.\n' }).commit('docs');
    const cache = cacheDir();
    const head = await diffHead(repo, { cache });
    expect(head.stats.evaluationReused).toBe(true);
    expect(head.chains.length).toBeGreaterThan(0);
    // Without --cache, the base analysed earlier in the same run serves.
    expect((await diffHead(repo)).stats.evaluationReused).toBe(true);
    const warm = await diffHead(repo, { cache });
    expect(warm.stats.analysisCached).toBe(true); // both stored now: read back as they are
    rmSync(cache, { recursive: true, force: true });
    await runScan({ path: repo.dir, ...opts, rev: 'HEAD~1', cache });
    expect((await diffHead(repo, { cache })).stats.evaluationReused).toBe(true);
    // The head stored that way serves a re-run as any other.
    const again = await runDiff({ path: repo.dir, ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(again.analyses.map((a) => a.stats.analysisCached)).toEqual([true, true]);
    expect(findings(again.analyses[1]!)).toEqual(findings(head));
  });

  it('a change to agent code evaluates, with --cache or without', async () => {
    repo.write({ 'agent/app/extra_tool.py': 'from langchain_core.tools import tool\nimport subprocess\n\n@tool\ndef run(cmd: str) -> str:\n    """Run a command."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n' }).commit('tool');
    expect((await diffHead(repo, { cache: cacheDir() })).stats.evaluationReused).toBeUndefined();
    expect((await diffHead(repo)).stats.evaluationReused).toBeUndefined();
  });

  it('a manifest whose declared evidence is deleted evaluates, though the model is the same', async () => {
    const r = agentRepo();
    try {
      const chain = (await runScan({ path: r.dir, ...opts, rev: 'HEAD' })).report.chains.find((c) => c.status === 'open')!;
      r.write({
        'maestro.yaml': `version: 1\nmitigations:\n  - control: ${chain.breakers[0]!.controlId}\n    covers:\n      chains: [${chain.templateId}]\n    evidence:\n      paths: [sandbox/policy.json]\n`,
      }).commit('declare');
      expect((await diffHead(r, { cache: cacheDir() })).stats.evaluationReused).toBeUndefined();
      expect((await diffHead(r)).stats.evaluationReused).toBeUndefined();
      r.remove('sandbox/policy.json').commit('drop the evidence');
      const head = await diffHead(r, { cache: cacheDir() });
      expect(head.stats.evaluationReused).toBeUndefined();
      expect((await diffHead(r)).stats.evaluationReused).toBeUndefined();
      expect(head.model).toEqual((await runScan({ path: r.dir, ...opts, rev: 'HEAD~1' })).analyses[0]!.model);
    } finally {
      r.cleanup();
    }
  });

  it('an acceptance that expired between the stored base and today is judged for today', async () => {
    const r = agentRepo();
    try {
      const chain = (await runScan({ path: r.dir, ...opts, rev: 'HEAD' })).report.chains.find((c) => c.status === 'open')!;
      r.write({ 'maestro.yaml': `version: 1\nrisks:\n  - fingerprint: ${chain.fingerprint}\n    status: accepted\n    owner: "@team"\n    reason: beta\n    expires: 2026-06-10\n` }).commit('accept');
      r.write({ 'docs/guide.md': '# Guide\n' }).commit('docs');
      const cache = cacheDir();
      await runScan({ path: r.dir, ...opts, rev: 'HEAD~1', cache });
      const sameDay = await diffHead(r, { cache, today: '2026-06-05' });
      expect(sameDay.stats.evaluationReused).toBe(true);
      expect(sameDay.chains.some((c) => c.status === 'accepted')).toBe(true);
      const fresh = cacheDir();
      await runScan({ path: r.dir, ...opts, rev: 'HEAD~1', cache: fresh });
      // The stored base does not stand on that day: it is evaluated again first, and the head takes that.
      const expired = await diffHead(r, { cache: fresh, today: '2026-06-11' });
      expect(expired.chains.some((c) => c.status === 'accepted')).toBe(false);
    } finally {
      r.cleanup();
    }
  });
});

describe('the model taken from the base when the change edits only files without findings', () => {
  /** A repository whose second commit is `edit` applied to the example agent with a helper module and notes. */
  function edited(edit: Record<string, string>, extra: { maxFileBytes?: number } = {}): TempRepo {
    const r = agentRepo();
    r.write({ 'agent/app/util.py': 'def add(a, b):\n    return a + b\n', 'docs/notes.md': '# Notes\n' }).commit('helpers');
    r.write(edit).commit('edit');
    return r;
  }
  const cases = async (r: TempRepo, extra: { maxFileBytes?: number } = {}) => {
    const heads: Analysis[] = [];
    for (const cache of [cacheDir(), undefined]) {
      if (cache) await runScan({ path: r.dir, ...opts, ...extra, rev: 'HEAD~1', cache });
      const d = await runDiff({ path: r.dir, ...opts, ...extra, base: 'HEAD~1', head: 'HEAD', cache });
      const scan = (await runScan({ path: r.dir, ...opts, ...extra, rev: 'HEAD' })).analyses[0]!;
      const head = d.analyses[1]!;
      // Whatever path it took, the head is what a scan of it alone finds.
      expect({ model: head.model, ...findings(head) }).toEqual({ model: scan.model, ...findings(scan) });
      heads.push(head);
    }
    return heads;
  };

  it('an edit to a README and to a module that holds no agent code reuses the model, with --cache or without', async () => {
    const r = edited({ 'docs/notes.md': '# Notes\n\nMore.\n', 'agent/app/util.py': 'def add(a, b):\n    return b + a\n' });
    try {
      const heads = await cases(r);
      for (const h of heads) expect([h.stats.modelReused, h.stats.evaluationReused]).toEqual([true, true]);
      expect(heads[0]!.chains.length).toBeGreaterThan(0);
      // The head stored from the reused findings is read back as a re-run's, and says the same.
      const cache = cacheDir();
      await runScan({ path: r.dir, ...opts, rev: 'HEAD~1', cache });
      const first = await runDiff({ path: r.dir, ...opts, base: 'HEAD~1', head: 'HEAD', cache });
      const again = await runDiff({ path: r.dir, ...opts, base: 'HEAD~1', head: 'HEAD', cache });
      expect(again.analyses[1]!.stats.analysisCached).toBe(true);
      expect(render(again.report, 'json', { color: false, rules: again.rules })).toBe(render(first.report, 'json', { color: false, rules: first.rules }));
    } finally {
      r.cleanup();
    }
  });

  it('builds the model when a file is added, though it holds no findings', async () => {
    const r = edited({ 'docs/more.md': '# More\n' });
    try {
      for (const h of await cases(r)) expect(h.stats.modelReused).toBeUndefined();
    } finally {
      r.cleanup();
    }
  });

  it('builds the model when an edited file holds findings, or the manifest is edited', async () => {
    const agent = 'agent/app/agent.py';
    const r = agentRepo();
    try {
      const text = readFileSync(r.path(agent), 'utf8');
      r.write({ [agent]: `${text}\n# a comment\n` }).commit('comment');
      for (const h of await cases(r)) expect(h.stats.modelReused).toBeUndefined();
      r.write({ 'maestro.yaml': 'version: 1\n' }).commit('manifest');
      r.write({ 'maestro.yaml': 'version: 1\nsystem:\n  internetExposed: true\n' }).commit('exposed');
      for (const h of await cases(r)) expect(h.stats.modelReused).toBeUndefined();
    } finally {
      r.cleanup();
    }
  });

  it('builds the model when an edited file starts or stops drawing a diagnostic (over the size cap)', async () => {
    const big = `def add(a, b):\n    return a + b\n${'# padding\n'.repeat(400)}`;
    const grown = edited({ 'agent/app/util.py': big });
    const shrunk = agentRepo();
    try {
      for (const h of await cases(grown, { maxFileBytes: 2000 })) {
        expect(h.stats.modelReused).toBeUndefined();
        expect(h.diagnostics.some((d) => d.path === 'agent/app/util.py' && d.code === 'skipped-size')).toBe(true);
      }
      shrunk.write({ 'agent/app/util.py': big }).commit('big');
      shrunk.write({ 'agent/app/util.py': 'def add(a, b):\n    return a + b\n' }).commit('small');
      for (const h of await cases(shrunk, { maxFileBytes: 2000 })) {
        expect(h.stats.modelReused).toBeUndefined();
        expect(h.diagnostics.some((d) => d.path === 'agent/app/util.py')).toBe(false);
      }
    } finally {
      grown.cleanup();
      shrunk.cleanup();
    }
  });
});
