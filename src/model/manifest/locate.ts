import { type Document, type Node, isAlias, isMap, isScalar, isSeq } from 'yaml';

// Maps a path into the manifest data (ajv's instancePath, or a path the reference checks build) to the
// YAML node that holds it, so an error can name the line and column the user has to edit.

export type DataPath = (string | number)[];

/** `/components/2/kind` -> ['components', 2, 'kind'] (JSON Pointer unescaping). */
export function fromInstancePath(instancePath: string): DataPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** `components[2].kind`, the path as a reader of the YAML sees it. */
export function describePath(path: DataPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * The offset of the node at `path`; with `key`, the offset of that key inside the mapping at `path`.
 * A mapping or list that is the value of a key is located at its key (`system:`), where a reader looks;
 * a list item at its first line. A path that leaves the document stops at the deepest node found.
 */
export function locate(doc: Document | undefined, path: DataPath, key?: string): number {
  if (!doc) return 0;
  let node: unknown = doc.contents;
  let offset = nodeStart(node) ?? 0;
  const steps: (string | number)[] = key === undefined ? path : [...path, key];
  for (let i = 0; i < steps.length; i++) {
    const seg = steps[i]!;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) break;
      const isKeyStep = key !== undefined && i === steps.length - 1;
      if (isKeyStep) return nodeStart(pair.key) ?? offset;
      node = pair.value;
      const value = isAlias(node) ? node.resolve(doc) : node;
      const keyStart = nodeStart(pair.key);
      // `key:` with no value has no node of its own; point at the key.
      offset = (isMap(value) || isSeq(value) ? keyStart : undefined) ?? nodeStart(pair.value) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = nodeStart(item) ?? offset;
    } else break;
  }
  return offset;
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
