import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../src/cli/main.js';
import type { Format } from '../../src/cli/args.js';
import { runDiff, runScan, type RunResult } from '../../src/run.js';
import { decodeKept, encodeKept } from '../../src/source/kept-listing.js';
import { RevisionSource } from '../../src/source/revision.js';
import { TempRepo } from '../helpers/git-repo.js';

let repo: TempRepo;
const repos: TempRepo[] = [];
const dirs: string[] = [];
const cacheDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'maestro-analysis-'));
  dirs.push(d);
  return d;
};
const cacheFiles = (dir: string, prefix: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => path.basename(f).startsWith(prefix)).map((f) => path.join(dir, f));
const analysisFiles = (dir: string) => cacheFiles(dir, 'analysis-');
const treeFiles = (dir: string) => cacheFiles(dir, 'tree-');
const listedFrom = (r: RunResult) => (r.analyses[1]!.source as RevisionSource).listedFrom;
/** `body` under the header of the kept listing `kept`, with the length and hash that make the store take it. */
const planted = (kept: Buffer, body: Buffer) => {
  const header = kept.subarray(0, kept.indexOf(10)).toString('utf8').replace(/ \d+ [0-9a-f]{64}$/, ` ${body.length} ${createHash('sha256').update(body).digest('hex')}`);
  return Buffer.concat([Buffer.from(`${header}\n`), body]);
};
const FORMATS: Format[] = ['json', 'text', 'markdown', 'sarif'];
const outputs = (r: RunResult) => FORMATS.map((f) => render(r.report, f, { color: false, rules: r.rules }));

beforeAll(() => {
  repo = new TempRepo();
  cpSync(path.resolve(__dirname, '../../examples/rag-shell-agent'), repo.path('agent'), { recursive: true });
  repo.commit('base');
  repo.write({ 'agent/app/extra_tool.py': "from langchain_core.tools import tool\nimport subprocess\n\n@tool\ndef run(cmd: str) -> str:\n    \"\"\"Run a command.\"\"\"\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n" });
  repo.commit('head');
}, 60_000);

afterAll(() => {
  repo.cleanup();
  repos.forEach((r) => r.cleanup());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('whole analyses in the --cache directory', () => {
  it('a diff whose base a scan analysed reads the base back, and reports byte for byte what a cold diff does', async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, today: '2026-06-01', pool: { workers: 0 } };
    await runScan({ ...opts, rev: 'HEAD~1', cache });
    expect(analysisFiles(cache)).toHaveLength(1);
    const warm = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(warm.analyses.map((a) => a.stats.analysisCached)).toEqual([true, undefined]);
    // The scan kept the base's listing too: the head was listed from it and the change.
    expect(listedFrom(warm)).toBe(warm.analyses[0]!.source.rev);
    const cold = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD' });
    expect(cold.report.chains.length).toBeGreaterThan(0);
    expect(outputs(warm)).toEqual(outputs(cold));
    // Both commits are stored now: a second diff reads both.
    const both = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(both.analyses.map((a) => a.stats.analysisCached)).toEqual([true, true]);
    expect(outputs(both)).toEqual(outputs(cold));
  });

  it("a scan of a commit whose parent's analysis is stored is analysed from it, and reports what a cold scan does", async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, today: '2026-06-01', pool: { workers: 0 } };
    // HEAD~1 is the root commit: no parent to follow.
    const root = await runScan({ ...opts, rev: 'HEAD~1', cache });
    expect(root.analyses[0]!.stats.reused).toBeUndefined();
    const next = await runScan({ ...opts, rev: 'HEAD', cache });
    expect(next.analyses).toHaveLength(1);
    expect(next.analyses[0]!.source.rev).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(next.analyses[0]!.stats.reused).toBeGreaterThan(0);
    expect(next.analyses[0]!.stats.filesRead).toBe(1);
    expect(outputs(next)).toEqual(outputs(await runScan({ ...opts, rev: 'HEAD' })));
    // Without the parent stored, the commit is analysed in full.
    const alone = await runScan({ ...opts, rev: 'HEAD', cache: cacheDir() });
    expect(alone.analyses[0]!.stats.reused).toBeUndefined();
    expect(outputs(alone)).toEqual(outputs(next));
  });

  it('is not used for another folder or the working tree', async () => {
    const cache = cacheDir();
    await runScan({ path: repo.dir, rev: 'HEAD', today: '2026-06-01', cache, pool: { workers: 0 } });
    const sub = await runScan({ path: repo.path('agent/app'), rev: 'HEAD', today: '2026-06-01', cache, pool: { workers: 0 } });
    expect(sub.analyses[0].stats.analysisCached).toBeUndefined();
    const tree = await runScan({ path: repo.dir, today: '2026-06-01', cache, pool: { workers: 0 } });
    expect(tree.analyses[0].stats.analysisCached).toBeUndefined();
    expect(analysisFiles(cache)).toHaveLength(2);
  });

  describe('on another day', () => {
    // One open chain of the example accepted until 2026-06-10 by the team's manifest.
    let dated: TempRepo;
    beforeAll(async () => {
      dated = new TempRepo();
      cpSync(path.resolve(__dirname, '../../examples/rag-shell-agent'), dated.path('agent'), { recursive: true });
      dated.commit('agent');
      const chain = (await runScan({ path: dated.dir, rev: 'HEAD', today: '2026-06-01', pool: { workers: 0 } })).report.chains.find((c) => c.status === 'open')!;
      dated.write({ 'maestro.yaml': `version: 1\nrisks:\n  - fingerprint: ${chain.fingerprint}\n    status: accepted\n    owner: "@team"\n    reason: beta\n    expires: 2026-06-10\n` });
      dated.commit('accept');
    }, 60_000);
    afterAll(() => dated.cleanup());

    const scan = (today: string, cache?: string) => runScan({ path: dated.dir, rev: 'HEAD', today, cache, pool: { workers: 0 } });

    /** A scan on `readOn` from a cache that a scan on `storedOn` filled; its report must be a cold scan's. */
    const readBack = async (storedOn: string, readOn: string, cache = cacheDir()) => {
      await scan(storedOn, cache);
      const r = await scan(readOn, cache);
      expect(outputs(r)).toEqual(outputs(await scan(readOn)));
      return r;
    };

    it('reads the analysis back while no acceptance expires in between', async () => {
      const later = await readBack('2026-06-01', '2026-06-10');
      expect(later.analyses[0].stats.analysisCached).toBe(true);
      expect(later.report.chains.some((c) => c.status === 'accepted')).toBe(true);
    });

    it('re-evaluates, from the stored detection, once one has', async () => {
      const cache = cacheDir();
      const expired = await readBack('2026-06-01', '2026-06-11', cache);
      expect(expired.analyses[0].stats.analysisCached).toBeUndefined();
      expect(expired.analyses[0].stats.filesRead).toBe(0);
      expect(expired.analyses[0].stats.reused).toBeGreaterThan(0);
      expect(expired.report.chains.some((c) => c.status === 'accepted')).toBe(false);
      // Stored again for the new day: read back the day after, and still expired.
      expect((await readBack('2026-06-11', '2026-06-12', cache)).analyses[0].stats.analysisCached).toBe(true);
    });

    it('re-evaluates the other way too: stored after the expiry, read on a day before it', async () => {
      const earlier = await readBack('2026-06-11', '2026-06-01');
      expect(earlier.analyses[0].stats.analysisCached).toBeUndefined();
      expect(earlier.report.chains.some((c) => c.status === 'accepted')).toBe(true);
    });
  });

  it('ignores a damaged entry and gives the same report', async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, rev: 'HEAD', today: '2026-06-01', cache, pool: { workers: 0 } };
    const first = await runScan(opts);
    const [file] = analysisFiles(cache);
    const good = readFileSync(file!, 'utf8');
    const lines = good.split('\n');
    const header = JSON.parse(lines[0]!);
    const withLine = (k: number, text: string) => lines.map((l, i) => (i === k ? text : l)).join('\n');
    for (const damage of [
      '{"key": "',
      good.slice(0, good.length / 2),
      withLine(0, JSON.stringify({ ...header, key: 'x' })),
      withLine(0, JSON.stringify({ ...header, files: header.files + 1 })),
      withLine(1, '{}'),
      withLine(2, '{"components": {}}'),
      withLine(3, '{"not": "a list"}'),
    ]) {
      writeFileSync(file!, damage);
      const again = await runScan(opts);
      expect(again.analyses[0].stats.analysisCached).toBeUndefined();
      expect(outputs(again)).toEqual(outputs(first));
    }
  });

  /** A cache a scan of the base filled, with the base's kept listing as bytes and as read back. */
  const scannedBase = async (dir = repo.dir) => {
    const cache = cacheDir();
    const opts = { path: dir, today: '2026-06-01', pool: { workers: 0 } };
    await runScan({ ...opts, rev: 'HEAD~1', cache });
    const [file] = treeFiles(cache);
    const good = readFileSync(file!);
    const kept = decodeKept(good.subarray(good.indexOf(10) + 1))!;
    expect(kept.entries).toBeGreaterThan(0);
    return { cache, opts, file: file!, good, kept };
  };

  it("lists the head from the base's kept listing, not from git", async () => {
    const { cache, opts, file, good, kept } = await scannedBase();
    // Take one file out of the kept listing: the head then lacks it, which only a listing read from the cache can do.
    const target = 'agent/app/agent.py';
    const paths = kept.paths.filter((p) => p !== target);
    expect(paths).toHaveLength(kept.paths.length - 1);
    writeFileSync(file, planted(good, encodeKept({ ...kept, paths, entries: kept.entries - 1 })));
    const warm = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(listedFrom(warm)).toBe(warm.analyses[0]!.source.rev);
    expect(warm.analyses[1]!.stats.filesListed).toBe(kept.entries);
    expect(warm.analyses[1]!.model.components.some((c) => c.evidence.some((e) => e.path === target))).toBe(true);
    const cold = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD' });
    expect(cold.analyses[1]!.stats.filesListed).toBe(kept.entries + 1);
    // A PR's head's listing is not kept (the next run lists from the base again); a pushed commit's is, for the
    // commit after it.
    expect(treeFiles(cache)).toHaveLength(1);
    const pushed = await scannedBase();
    const scan = await runScan({ ...pushed.opts, rev: 'HEAD', cache: pushed.cache });
    expect((scan.analyses[0]!.source as RevisionSource).listedFrom).toBeDefined();
    expect(treeFiles(pushed.cache)).toHaveLength(2);
  });

  it('lists with git when the kept listing is damaged, gives the same report, and keeps a good one', async () => {
    const { cache, opts, file, good } = await scannedBase();
    const [baseAnalysis] = analysisFiles(cache);
    const cold = outputs(await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD' }));
    const nl = good.indexOf(10);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 5] ^= 1;
    const damages = [
      flipped,
      good.subarray(0, good.length - 10),
      Buffer.from('garbage'),
      Buffer.concat([good.subarray(0, nl + 1), Buffer.alloc(good.length - nl - 1, 'x')]),
      planted(good, Buffer.from('{"format": "maestro-gate kept listing 1"}\nagent/app/agent.py')),
      // Paths out of order would misplace every change applied to them.
      planted(good, encodeKept({ ...decodeKept(good.subarray(nl + 1))!, paths: [...decodeKept(good.subarray(nl + 1))!.paths].reverse() })),
    ];
    const storedBase = readFileSync(baseAnalysis!);
    for (const damage of damages) {
      // With the base's analysis stored, only the head is listed (from the base's listing); without it, the base
      // is listed and every file it lists is read by its id.
      for (const withBase of [true, false]) {
        for (const f of analysisFiles(cache)) rmSync(f);
        if (withBase) writeFileSync(baseAnalysis!, storedBase);
        writeFileSync(file, damage);
        const warm = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
        expect(warm.analyses.map((a) => a.stats.analysisCached)).toEqual([withBase || undefined, undefined]);
        expect(outputs(warm)).toEqual(cold);
        // Listed afresh by git, and replaced.
        expect(readFileSync(file)).toEqual(good);
      }
    }
  });

  it('survives a planted listing whose object ids git would misread: those files read as missing', async () => {
    const manifest = new TempRepo();
    repos.push(manifest);
    cpSync(path.resolve(__dirname, '../../examples/rag-shell-agent'), manifest.dir, { recursive: true });
    manifest.write({ 'maestro.yaml': 'version: 1\n' });
    manifest.commit('base');
    manifest.write({ 'app/extra.py': 'x = 1\n' });
    manifest.commit('head');
    const { cache, opts, file, good, kept } = await scannedBase(manifest.dir);
    expect(kept.roots.map((e) => e.path)).toEqual(['maestro.yaml']);
    // A line feed inside the id would be two requests to `git cat-file --batch`, and its answers would run ahead.
    const roots = kept.roots.map((e) => ({ ...e, blobId: `${e.blobId!.slice(0, 20)}\n${e.blobId!.slice(20)}` }));
    writeFileSync(file, planted(good, encodeKept({ ...kept, roots })));
    const run = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(listedFrom(run)).toBe(run.analyses[0]!.source.rev);
    // Read as missing: the head has no manifest, and its one changed file was read all the same.
    expect(run.analyses[1]!.manifest.found).toBe(false);
    expect(run.analyses[1]!.stats.filesRead).toBe(1);
  });

  it('does not keep a stored analysis from seeing the repository policy because an earlier run was given --policy', async () => {
    const policyRepo = new TempRepo();
    repos.push(policyRepo);
    cpSync(path.resolve(__dirname, '../../examples/rag-shell-agent'), policyRepo.path('agent'), { recursive: true });
    policyRepo.write({ '.github/maestro-policy.yaml': 'version: 1\nfailOn: never\n' });
    policyRepo.commit('policy');
    const strict = path.join(cacheDir(), 'strict.yaml');
    writeFileSync(strict, 'version: 1\nfailOn: low\n');
    const cache = cacheDir();
    const opts = { path: policyRepo.dir, rev: 'HEAD', today: '2026-06-01', pool: { workers: 0 } };
    expect((await runScan({ ...opts, cache, policy: strict })).report.gate.status).toBe('fail');
    const warm = await runScan({ ...opts, cache });
    expect(warm.analyses[0].stats.analysisCached).toBe(true);
    expect(warm.report.gate.status).toBe('pass');
    expect(outputs(warm)).toEqual(outputs(await runScan(opts)));
  });

  it('analyses a diff in full when its stored base turns out damaged, and its head alone when only the detection is', async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, today: '2026-06-01', pool: { workers: 0 } };
    await runScan({ ...opts, rev: 'HEAD~1', cache });
    const [file] = analysisFiles(cache);
    const good = readFileSync(file!, 'utf8');
    const cold = outputs(await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD' }));
    // The whole file, or only the line of one detected file: the base's detection is what serves the head.
    const lines = good.split('\n');
    // A damaged detection is read only when the head asks for it: the base's summary still serves the comparison.
    const damages: [string, (true | undefined)[]][] = [
      ['{"key": "', [undefined, undefined]],
      [lines.map((l, i) => (i === lines.length - 2 ? '{"path": "agent/app/tools.py", "findings": {}}' : l)).join('\n'), [true, undefined]],
    ];
    for (const [damage, cached] of damages) {
      writeFileSync(file!, damage);
      const damaged = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
      expect(damaged.analyses.map((a) => a.stats.analysisCached)).toEqual(cached);
      // A base analysed afresh serves its head; a damaged stored detection serves nothing.
      if (cached[0]) expect(damaged.analyses[1]!.stats.reused).toBeUndefined();
      else expect(damaged.analyses[1]!.stats.reused).toBeGreaterThan(0);
      expect(outputs(damaged)).toEqual(cold);
      rmSync(cacheFiles(cache, 'analysis-').find((f) => f !== file)!);
      writeFileSync(file!, good);
    }
  });

  it('analyses in full when both commits are stored, the head turns out unreadable and the base detection it then reads is damaged', async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, today: '2026-06-01', pool: { workers: 0 } };
    const cold = outputs(await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD' }));
    await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    const files = analysisFiles(cache);
    const headFile = files.find((f) => readFileSync(f, 'utf8').includes('extra_tool.py'))!;
    const baseFile = files.find((f) => f !== headFile)!;
    const lines = readFileSync(baseFile, 'utf8').split('\n');
    writeFileSync(baseFile, lines.map((l, i) => (i === lines.length - 2 ? '{"broken"' : l)).join('\n'));
    writeFileSync(headFile, 'garbage\n');
    const damaged = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(damaged.analyses.map((a) => a.stats.analysisCached)).toEqual([true, undefined]);
    expect(damaged.analyses[1]!.stats.reused).toBeUndefined();
    expect(outputs(damaged)).toEqual(cold);
  });

  it('prunes entries of the earlier one-JSON format with the rest', async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, today: '2026-06-01', pool: { workers: 0 } };
    await runScan({ ...opts, rev: 'HEAD~1', cache });
    const folder = path.dirname(analysisFiles(cache)[0]!);
    const old = new Date('2026-01-01T00:00:00Z');
    for (let k = 0; k < 10; k++) {
      const f = path.join(folder, `analysis-${String(k).padStart(32, '0')}.json`);
      writeFileSync(f, '{}');
      utimesSync(f, old, old);
    }
    await runScan({ ...opts, rev: 'HEAD', cache });
    const left = analysisFiles(cache).map((f) => path.basename(f));
    expect(left).toHaveLength(8);
    expect(left.filter((f) => f.endsWith('.lines'))).toHaveLength(2);
  });

  it('parses only the parts of a stored analysis a run reads: a re-run reads no detection of its head, and of its base only the summary of its findings', async () => {
    const cache = cacheDir();
    const opts = { path: repo.dir, today: '2026-06-01', pool: { workers: 0 } };
    await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    const [base, head] = ['HEAD~1', 'HEAD'].map((rev) => repo.git('rev-parse', rev).trim());
    // Each file names its commit in no way but its key: tell them apart by the detection of the head's new file.
    const files = analysisFiles(cache);
    const headFile = files.find((f) => readFileSync(f, 'utf8').includes('extra_tool.py'))!;
    const baseFile = files.find((f) => f !== headFile)!;
    const lines = (f: string) => readFileSync(f, 'utf8').split('\n');
    const damage = (f: string, k: number) => writeFileSync(f, lines(f).map((l, i) => (i === k ? '{"broken": true}' : l)).join('\n'));
    damage(headFile, lines(headFile).length - 2); // a detected file of the head
    damage(baseFile, 2); // the base's model
    damage(baseFile, 3); // and its threats: a diff compares the base by their summary
    const rerun = await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD', cache });
    expect(rerun.analyses.map((a) => a.stats.analysisCached)).toEqual([true, true]);
    expect(rerun.analyses.map((a) => a.source.rev)).toEqual([base, head]);
    expect(outputs(rerun)).toEqual(outputs(await runDiff({ ...opts, base: 'HEAD~1', head: 'HEAD' })));
    // What was not read stays unread, and says where it is damaged if something reads it after all.
    expect(() => rerun.analyses[0]!.model).toThrow(/stored analysis .*analysis-[0-9a-f]{32}\.lines is damaged/);
    expect(() => rerun.analyses[1]!.detected).toThrow(/is damaged/);
    expect(() => rerun.analyses[1]!.detected).toThrow(/is damaged/); // and again, not undefined the second time
    // A part read late that is whole reads as stored: the base's detection is that of a scan of the base.
    expect(rerun.analyses[0]!.detected).toEqual((await runScan({ ...opts, rev: 'HEAD~1' })).analyses[0]!.detected);
  });
});
