import { execFileSync } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import { TempRepo } from '../helpers/git-repo.js';
import { findManifest, formatManifestError, loadManifest } from '../../src/model/manifest/index.js';

// A mitigation stands on its evidence. When a commit deletes the evidence file, the manifest at that
// commit reports the line, and the engine no longer gets the mitigation: what it covered is open again.

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const MANIFEST = `version: 1
mitigations:
  - control: human-approval
    covers: { chains: [rag-to-exfiltration] }
    evidence:
      paths: [docs/approval.md]
  - control: tool-sandbox
    covers: { threats: [L3.T3] }
    evidence: { ticket: SEC-9 }
risks:
  - fingerprint: c0ffee0003
    status: mitigated
    evidence: { paths: [docs/approval.md:2] }
`;

function atRevision(r: TempRepo, rev: string) {
  const exists = async (p: string) => {
    try {
      return execFileSync('git', ['cat-file', '-t', `${rev}:${p}`], { cwd: r.dir, encoding: 'utf8' }).trim() === 'blob';
    } catch {
      return false;
    }
  };
  const read = (p: string) => execFileSync('git', ['show', `${rev}:${p}`], { cwd: r.dir, encoding: 'utf8' });
  return { exists, read };
}

test('deleting a mitigation\'s evidence file reopens what it covered and names the manifest line', async () => {
  repo = new TempRepo().write({ 'maestro.yaml': MANIFEST, 'docs/approval.md': '# Approval\nEvery write waits for a click.\n' });
  const base = repo.commit('manifest with evidence');
  repo.remove('docs/approval.md');
  const head = repo.commit('remove the approval doc');

  const before = atRevision(repo, base);
  const file = await findManifest(before.exists);
  expect(file).toBe('maestro.yaml');
  const ok = await loadManifest({ text: before.read(file!), file: file!, exists: before.exists });
  expect(ok.errors).toEqual([]);
  expect(ok.ctx.mitigations?.map((m) => m.controlId)).toEqual(['human-approval', 'tool-sandbox']);
  expect(ok.ctx.decisions?.map((d) => d.status)).toEqual(['mitigated']);

  const after = atRevision(repo, head);
  const broken = await loadManifest({ text: after.read('maestro.yaml'), file: 'maestro.yaml', exists: after.exists });
  expect(broken.errors.map(formatManifestError)).toEqual([
    'maestro.yaml:6:15: mitigations[0].evidence.paths[0]: evidence path `docs/approval.md` does not exist in the repository',
    'maestro.yaml:13:25: risks[0].evidence.paths[0]: evidence path `docs/approval.md:2` does not exist in the repository',
  ]);
  expect(broken.manifest).toBeDefined();
  expect(broken.ctx.mitigations?.map((m) => m.controlId)).toEqual(['tool-sandbox']);
  expect(broken.ctx.decisions).toEqual([]);
});

test('findManifest looks for maestro.yaml, then .maestro.yaml, then maestro.yml', async () => {
  const has = (names: string[]) => async (p: string) => names.includes(p);
  expect(await findManifest(has(['maestro.yml', '.maestro.yaml']))).toBe('.maestro.yaml');
  expect(await findManifest(has(['maestro.yml']))).toBe('maestro.yml');
  expect(await findManifest(has(['maestro.yaml', 'maestro.yml']))).toBe('maestro.yaml');
  expect(await findManifest(has([]))).toBeUndefined();
});
