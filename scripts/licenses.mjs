// The third-party notices shipped beside the bundle (dist/licenses.txt): every package whose code the bundle holds,
// as webpack's stats for the ncc build list its modules, with its license and its license and notice files.
// ncc's own --license output left out most of them (yaml, ajv, undici, @actions/*...), whose MIT, ISC and BSD
// terms ask for the notice to travel with the code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const NOTICE_FILE = /^(licen[cs]e|copying|notice|thirdpartynotice)/i;

/** `node_modules/<package>` folders (the innermost, for a nested copy) of the modules the stats list. */
export function bundledPackageDirs(stats) {
  const dirs = new Set();
  const walk = (modules) => {
    for (const m of modules ?? []) {
      const name = typeof m.name === 'string' ? m.name : '';
      const at = name.lastIndexOf('node_modules/');
      if (at >= 0) {
        const rest = name.slice(at + 'node_modules/'.length).split('/');
        const pkg = rest[0].startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
        dirs.add(path.normalize(name.slice(0, at + 'node_modules/'.length) + pkg));
      }
      walk(m.modules);
    }
  };
  walk(stats.modules);
  for (const c of stats.chunks ?? []) walk(c.modules);
  return [...dirs];
}

/** The notices text for those package folders (relative to `root`), sorted by package name. */
export function noticesText(root, dirs) {
  const entries = dirs.map((dir) => {
    const abs = path.resolve(root, dir);
    const pkg = JSON.parse(readFileSync(path.join(abs, 'package.json'), 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see below');
    return { name: pkg.name, version: pkg.version, license, texts: noticeFiles(abs, pkg.name) };
  });
  const ts = dirs.some((d) => d.split(path.sep).join('/').endsWith('node_modules/@ts-morph/common')) && embeddedTypeScript(root);
  if (ts) entries.push(ts);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  return entries.map((e) => `${e.name}@${e.version}\n${e.license}\n${e.texts.join('\n\n')}\n`).join('\n\n');
}

function noticeFiles(dir, name) {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isFile() && NOTICE_FILE.test(f.name))
    .map((f) => f.name)
    .sort();
  if (!files.length) throw new Error(`${name}: no license file in ${dir}; add its notice by hand`);
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/\r\n?/g, '\n').trimEnd());
}

/**
 * TypeScript's compiler comes inside @ts-morph/common (dist/typescript.js) rather than as a package of its own; its
 * notices are the typescript package's (the same Apache-2.0 license), its version the embedded copy's.
 */
function embeddedTypeScript(root) {
  const embedded = path.join(root, 'node_modules', '@ts-morph', 'common', 'dist', 'typescript.js');
  const dir = path.join(root, 'node_modules', 'typescript');
  if (!existsSync(embedded) || !existsSync(dir)) return undefined;
  const version = /\bversion = "(\d+\.\d+\.\d+[^"]*)"/.exec(readFileSync(embedded, 'utf8'))?.[1] ?? 'unknown';
  return { name: 'typescript', version: `${version} (embedded in @ts-morph/common)`, license: 'Apache-2.0', texts: noticeFiles(dir, 'typescript') };
}
