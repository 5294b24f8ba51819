import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { needleTest } from '../../src/detect/needles.js';
import { detectors } from '../../src/detect/registry.js';
import { catBlobs } from '../../src/source/git.js';
import { baseIgnore, fileIgnorer } from '../../src/source/ignore-rules.js';
import { TempRepo } from '../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

describe('fast default ignores', () => {
  const paths = [
    'a.py', 'node_modules/x.js', 'pkg/node_modules/y/z.js', 'node_modules', 'src/node_modules.py', '.git/config', 'a/.git/b',
    'venv/lib/x.py', 'myvenv/x.py', 'a/venv', 'a/.venv/b/c.py', 'x/__pycache__/m.pyc', 'site-packages/a.py', 'infra/.terraform/m.tf',
    '.tox/a', 'a/.mypy_cache/b', 'a/.pytest_cache/b', 'terraform/main.tf', 'a/b/c/d/e.ts', 'deep/.terraform.lock.hcl',
  ];
  it('answers as the ignore package does for the default rules', () => {
    const slow = baseIgnore();
    const fast = fileIgnorer([]);
    for (const p of paths) expect([p, fast(p)]).toEqual([p, slow.ignores(p)]);
  });
  it('falls back to the full grammar when the repository has patterns of its own', () => {
    const extra = ['# comment', '', 'generated/', '!keep.py', '*.min.js'];
    const slow = baseIgnore(extra);
    const fast = fileIgnorer(extra);
    for (const p of [...paths, 'generated/a.py', 'x/generated/b.ts', 'a.min.js', 'keep.py']) expect([p, fast(p)]).toEqual([p, slow.ignores(p)]);
    expect(fast('generated/a.py')).toBe(true);
  });
  it('answers by directory for rules that name directories only, as the full grammar does', () => {
    const ruleSets = [['generated/'], ['generated/', '!generated/keep/'], ['a/b/'], ['/root-only/'], ['**/deep/'], ['*/'], ['x*/'], ['[ab]c/'], ['docs/**/'], ['!venv/'], ['!node_modules/'], ['a/', '!a/'], ['?/'], ['**/'], ['/'], ['a/**/b/'], ['.*/'], ['generated//'], ['# c', 'keep/ ']];
    const segs = ['generated', 'keep', 'a', 'b', 'root-only', 'deep', 'x', 'xy', 'ac', 'bc', 'docs', 'venv', 'node_modules', 'q', '.hidden', 'f.py'];
    const all: string[] = [];
    for (const a of segs) {
      all.push(a);
      for (const b of segs) {
        all.push(`${a}/${b}`);
        for (const c of ['f.py', 'generated', 'keep', 'b', 'deep']) all.push(`${a}/${b}/${c}`);
      }
    }
    for (const rules of ruleSets) {
      const slow = baseIgnore(rules);
      const fast = fileIgnorer(rules);
      for (const p of all) expect([rules, p, fast(p)]).toEqual([rules, p, slow.ignores(p)]);
    }
    expect(fileIgnorer(['generated/'])('x/generated/y/z.py')).toBe(true);
  });
});

describe('catBlobs', () => {
  it('streams big and small blobs in order, byte for byte, with a slow consumer', async () => {
    const r = new TempRepo();
    repos.push(r);
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
    for (let i = 0; i < big.length; i += 1000) big[i] = 10;
    const files: Record<string, string | Buffer> = { 'big.txt': big, 'empty.txt': '' };
    for (let i = 0; i < 300; i++) files[`s/${i}.txt`] = `small ${i}\n`.repeat(i % 7);
    r.write(files).commit('c');
    const ls = r.git('ls-tree', '-r', 'HEAD').trim().split('\n').map((l) => ({ id: l.split(/\s+/)[2], path: l.split('\t')[1] }));
    const ids = [...ls.map((e) => e.id), '0000000000000000000000000000000000000001', ls[0].id];
    const got: (Buffer | null)[] = [];
    await catBlobs(r.dir, ids, async (i, content) => {
      expect(i).toBe(got.length);
      if (i % 50 === 0) await new Promise((res) => setTimeout(res, 2));
      got.push(content);
    });
    expect(got).toHaveLength(ids.length);
    for (let i = 0; i < ls.length; i++) {
      const want = execFileSync('git', ['cat-file', 'blob', ls[i].id], { cwd: r.dir, maxBuffer: 1 << 26 });
      expect(got[i]!.equals(want)).toBe(true);
    }
    expect(got[ls.length]).toBeNull();
    expect(got[ls.length + 1]!.equals(got[0]!)).toBe(true);
  });

  it('answers anything but a full object id as missing, in its place', async () => {
    const r = new TempRepo();
    repos.push(r);
    r.write({ 'a.txt': 'a\n' }).commit('c');
    const id = r.git('rev-parse', 'HEAD:a.txt').trim();
    const asked = [`${id.slice(0, 20)}\n${id.slice(20)}`, id.slice(0, 12), 'HEAD:a.txt', id.toUpperCase(), id];
    const got: (Buffer | null)[] = [];
    await catBlobs(r.dir, asked, (_i, content) => void got.push(content));
    expect(got.map((c) => c?.toString() ?? null)).toEqual([null, null, null, null, 'a\n']);
  });
});

describe('needle gate', () => {
  it('the compiled test agrees with needles.some(includes) on every detector', () => {
    const texts = ["import { openai } from '@ai-sdk/openai'", 'apiVersion: v1', 'Type: AWS::S3::Bucket', 'services:\n  a: {}', 'plain text', 'x.invoke(y)', '"ai"', "from 'ai/rsc'", 'a|b (c) [d] $ ^ * + ? . \\'];
    for (const d of detectors) {
      const test = needleTest(d);
      for (const t of texts) expect([d.id, t, test(t)]).toEqual([d.id, t, d.needles ? d.needles.some((n) => t.includes(n)) : true]);
    }
  });
});
