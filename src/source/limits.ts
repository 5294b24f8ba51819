import { createHash } from 'node:crypto';

export interface SourceLimits {
  /** Files larger than this are skipped with a `skipped-size` diagnostic. */
  maxFileBytes: number;
}

export const DEFAULT_LIMITS: SourceLimits = { maxFileBytes: 1024 * 1024 };

const decoder = new TextDecoder('utf-8', { fatal: false });
const SAMPLE = 8000;

/**
 * Why a file is binary, or undefined when it is text. Git's rule first: a NUL byte in the first 8000 bytes.
 * Then bytes that are mostly not UTF-8 (random data, compressed or encrypted blobs without a NUL): parsers would
 * get a soup of U+FFFD, and Lezer's error recovery can spend seconds on it. A text file with a few bad bytes
 * (a Latin-1 comment) stays text: it takes at least 64 bad sequences, and one in eight of the sample.
 */
export function binaryReason(buf: Uint8Array): string | undefined {
  const n = Math.min(buf.length, SAMPLE);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return 'binary content (NUL byte) not analysed';
  const sample = decoder.decode(buf.subarray(0, n));
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  if (bad >= 64 && bad * 8 > n) return `binary content (${bad} of the first ${n} bytes are not UTF-8) not analysed`;
  return undefined;
}

/** The id git gives a blob with this content, so working-tree and revision reads share cache keys. */
export function gitBlobId(buf: Uint8Array): string {
  const h = createHash('sha1');
  h.update(`blob ${buf.length}\0`);
  h.update(buf);
  return h.digest('hex');
}

/** Invalid UTF-8 becomes U+FFFD; a BOM is dropped; CRLF and CR are normalised so line numbers agree. */
export function decodeText(buf: Uint8Array): string {
  let text = decoder.decode(buf);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * What a file name that is not valid UTF-8 decodes to. Such a name cannot be opened again from its decoded
 * form (the working tree) and would read differently from the two sources, so both skip it and say so.
 */
export const NOT_UTF8 = '\ufffd';

export function unreadableName(path: string): { path: string; code: string; message: string } {
  return { path, code: 'skipped-encoding', message: 'file name is not valid UTF-8; not read' };
}
