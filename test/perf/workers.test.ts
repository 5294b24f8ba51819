import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCache } from '../../src/detect/cache.js';
import { detectors } from '../../src/detect/registry.js';
import { runDetectors } from '../../src/detect/run.js';
import { DetectPool } from '../../src/detect/pool.js';
import { runOne } from '../../src/detect/run-one.js';
import { openSource } from '../../src/source/open.js';
import { renderJson } from '../../src/report/json.js';
import { runDiff, runScan } from '../../src/run.js';
import { TempRepo } from '../helpers/git-repo.js';
import { buildWorkerEntry } from './build-worker.js';

let entry: string;
let repo: TempRepo;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  entry = await buildWorkerEntry();
  cleanups.push(() => rmSync(path.dirname(entry), { recursive: true, force: true }));
  // Every detector's fixtures in one repository, then a commit that changes a few of them.
  repo = new TempRepo();
  cleanups.push(() => repo.cleanup());
  for (const dir of ['test/fixtures/js', 'test/fixtures/infra', 'test/fixtures/config', 'examples']) {
    cpSync(path.resolve(__dirname, '../..', dir), repo.path(dir), { recursive: true });
  }
  repo.commit('base');
  repo.write({
    'examples/extra/agent.ts': "import { Agent } from '@openai/agents';\nexport const a = new Agent({ name: 'x', model: 'gpt-4o' });\n",
    'examples/extra/broken.ts': "import { generateText } from 'ai';\nexport const = (\n",
  });
  repo.commit('head');
}, 120_000);

afterAll(() => cleanups.splice(0).forEach((f) => f()));

describe('detect worker threads', () => {
  it('a scan gives byte-identical reports with and without workers', async () => {
    const inline = await runScan({ path: repo.dir, rev: 'HEAD', today: '2026-01-01', pool: { workers: 0 } });
    const threaded = await runScan({ path: repo.dir, rev: 'HEAD', today: '2026-01-01', pool: { workers: 2, entry } });
    expect(inline.report.components.length).toBeGreaterThan(20);
    expect(renderJson(threaded.report)).toBe(renderJson(inline.report));
    const { threadJobs, ...stats } = threaded.analyses[0].stats;
    expect(threadJobs).toBeGreaterThan(0);
    expect(stats).toEqual(inline.analyses[0].stats);
  });

  it('a diff gives byte-identical reports with and without workers', async () => {
    const inline = await runDiff({ path: repo.dir, base: 'HEAD~1', head: 'HEAD', today: '2026-01-01', pool: { workers: 0 } });
    const threaded = await runDiff({ path: repo.dir, base: 'HEAD~1', head: 'HEAD', today: '2026-01-01', pool: { workers: 1, entry } });
    expect(renderJson(threaded.report)).toBe(renderJson(inline.report));
  });

  it('per-file findings are identical, and a thread that dies hands its work back to the main thread', async () => {
    const crash = path.join(path.dirname(entry), 'crash.cjs');
    writeFileSync(crash, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
    const run = async (pool: { workers: number; entry?: string }) => {
      const src = await openSource(repo.dir, 'HEAD');
      const cache = new BlobCache({ toolVersion: 't', catalogVersion: 'c' });
      return runDetectors(src, detectors, cache, undefined, pool);
    };
    const inline = await run({ workers: 0 });
    expect(inline.stats.analysed).toBeGreaterThan(30);
    const same = (r: typeof inline) => JSON.stringify({ ...r, stats: { ...r.stats, threadJobs: undefined } });
    const threaded = await run({ workers: 2, entry });
    expect(threaded.stats.threadJobs).toBeGreaterThan(0);
    expect(same(threaded)).toBe(same(inline));
    const crashed = await run({ workers: 1, entry: crash });
    expect(crashed.stats.threadJobs).toBe(0);
    expect(same(crashed)).toBe(same(inline));
  });

  it('a thread that outgrows its heap cap is stopped, and the main thread does its work', async () => {
    // Holds everything it allocates once asked for work: past the cap, V8 stops the thread, not the process.
    const hog = path.join(path.dirname(entry), 'hog.cjs');
    writeFileSync(hog, "const keep = [];\nrequire('node:worker_threads').parentPort.once('message', () => { for (;;) keep.push(new Array(1e5).fill(keep.length)); });\n");
    const run = async (pool: { workers: number; entry?: string; threadHeapMb?: number }) => {
      const src = await openSource(repo.dir, 'HEAD');
      return runDetectors(src, detectors, new BlobCache({ toolVersion: 't', catalogVersion: 'c' }), undefined, pool);
    };
    const same = (r: Awaited<ReturnType<typeof run>>) => JSON.stringify({ ...r, stats: { ...r.stats, threadJobs: undefined } });
    const inline = await run({ workers: 0 });
    const capped = await run({ workers: 1, entry: hog, threadHeapMb: 16 });
    expect(capped.stats.threadJobs).toBe(0);
    expect(same(capped)).toBe(same(inline));
  });
});

describe('warming a thread', () => {
  it('a thread told to load the TS parser ahead answers the next TS file as the main thread would', async () => {
    const js = detectors.find((d) => d.id === 'js-agent-stack')!;
    expect(js.warm).toBeTypeOf('function');
    const file = { path: 'a/agent.ts', blobId: 'b1', text: "import { Agent } from '@openai/agents';\nexport const a = new Agent({ name: 'x', model: 'gpt-4o' });\n" };
    const pool = new DetectPool(1, entry, runOne);
    try {
      pool.warm(detectors);
      const [threaded] = await pool.submit([js], file);
      expect(pool.answered).toBe(1);
      const inline = await runOne(js, file);
      expect(inline.components.length).toBeGreaterThan(0);
      expect(threaded).toEqual(inline);
    } finally {
      await pool.close();
    }
  });
});

describe('blob cache pack', () => {
  it('a warm diff parses nothing it has seen: only the changed files, each once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-pack-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const scan = await runScan({ path: repo.dir, rev: 'HEAD~1', cache: dir, pool: { workers: 0 } });
    const cold = scan.analyses[0].stats;
    expect(cold.analysed).toBeGreaterThan(30);
    const warm = await runDiff({ path: repo.dir, base: 'HEAD~1', head: 'HEAD', cache: dir, pool: { workers: 0 } });
    const [base, head] = warm.analyses.map((a) => a.stats);
    // The base commit was analysed whole by the scan: nothing of it is read again.
    expect(base.analysisCached).toBe(true);
    expect(base.filesRead).toBe(0);
    // The two new TS files are the only reads and the only parses.
    expect(head.analysisCached).toBeUndefined();
    expect(head.filesRead).toBe(2);
    expect(head.analysed).toBe(2);
    // Without the whole analyses, every file's findings still come from the per-blob pack.
    for (const f of readdirSync(dir, { recursive: true }) as string[]) if (path.basename(f).startsWith('analysis-')) rmSync(path.join(dir, f));
    const again = await runDiff({ path: repo.dir, base: 'HEAD~1', head: 'HEAD', cache: dir, pool: { workers: 0 } });
    const [base2, head2] = again.analyses.map((a) => a.stats);
    expect(base2.analysisCached).toBeUndefined();
    expect(base2.analysed).toBe(0);
    expect(base2.cacheHits).toBeGreaterThan(cold.analysed);
    // The head takes unchanged paths from the base, and parses the two changed files: for so few, loading the
    // pack to look them up costs more.
    expect(head2.analysisCached).toBeUndefined();
    expect(head2.reused).toBeGreaterThan(30);
    expect(head2.filesRead).toBe(2);
    expect(head2.analysed).toBe(2);
    expect(head2.cacheHits).toBe(0);
    expect(renderJson(again.report)).toBe(renderJson(warm.report));
  });
});
