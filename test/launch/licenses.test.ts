import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { bundledPackageDirs, noticesText } from '../../scripts/licenses.mjs';

const root = path.resolve(__dirname, '../..');

/** The notices file's entries: a `name@version` line after a blank line (or at the top), then the license. */
function entries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((l, k) => {
    const m = /^(@?[^@\s]+)@(\d\S*)/.exec(l);
    if (m && (k === 0 || lines[k - 1] === '')) out.set(m[1]!, lines[k + 1] ?? '');
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('dist/licenses.txt', () => {
  it('holds a notice for every runtime dependency the source loads (ncc had dropped yaml, ajv, ignore...)', () => {
    const listed = entries(readFileSync(path.join(root, 'dist/licenses.txt'), 'utf8'));
    const deps = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies as Record<string, string>);
    const src = sourceFiles(path.join(root, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // A value import or a dynamic import, not `import type` (which leaves nothing in the bundle).
    const loaded = deps.filter((d) => new RegExp(`(?:^import (?!type )[^;]*from |import\\(|require\\()'${d.replace('/', '\\/')}(?:/[^']*)?'`, 'm').test(src));
    expect(loaded).toEqual(expect.arrayContaining(['yaml', 'ajv', 'ignore', 'picomatch', 'dockerfile-ast', 'jsonc-parser', '@lezer/python']));
    for (const d of loaded) expect(listed.has(d), d).toBe(true);
    // The TypeScript compiler rides inside @ts-morph/common.
    expect(listed.get('typescript')).toBe('Apache-2.0');
    expect(listed.get('yaml')).toBe('ISC');
  });
});

describe('bundledPackageDirs and noticesText', () => {
  it('name each package once by its innermost node_modules folder and print its license files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-lic-'));
    const pkg = (rel: string, name: string, files: Record<string, string>) => {
      mkdirSync(path.join(dir, rel), { recursive: true });
      writeFileSync(path.join(dir, rel, 'package.json'), JSON.stringify({ name, version: '1.2.3', license: 'MIT' }));
      for (const [f, t] of Object.entries(files)) writeFileSync(path.join(dir, rel, f), t);
    };
    pkg('node_modules/zeta', 'zeta', { LICENSE: 'zeta terms\r\n', 'index.js': '' });
    pkg('node_modules/@scope/alpha', '@scope/alpha', { 'LICENSE.md': 'alpha terms', NOTICE: 'alpha notice' });
    pkg('node_modules/zeta/node_modules/inner', 'inner', { 'License.txt': 'inner terms' });
    const stats = {
      modules: [
        { name: './node_modules/zeta/index.js + 2 modules', modules: [{ name: './node_modules/zeta/node_modules/inner/lib/a.js' }] },
        { name: './src/index.ts' },
      ],
      chunks: [{ modules: [{ name: './node_modules/@scope/alpha/dist/x.js' }, { name: './node_modules/zeta/other.js' }] }],
    };
    const dirs = bundledPackageDirs(stats) as string[];
    expect(dirs.map((d) => d.split(path.sep).join('/')).sort()).toEqual(['node_modules/@scope/alpha', 'node_modules/zeta', 'node_modules/zeta/node_modules/inner']);
    expect(noticesText(dir, dirs)).toBe('@scope/alpha@1.2.3\nMIT\nalpha terms\n\nalpha notice\n\n\ninner@1.2.3\nMIT\ninner terms\n\n\nzeta@1.2.3\nMIT\nzeta terms\n');
  });

  it('refuses a bundled package without a license file rather than ship it without a notice', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-lic-'));
    mkdirSync(path.join(dir, 'node_modules/bare'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/bare/package.json'), JSON.stringify({ name: 'bare', version: '0.1.0', license: 'MIT' }));
    expect(() => noticesText(dir, ['node_modules/bare'])).toThrow(/bare: no license file/);
  });
});
