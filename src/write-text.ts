import { closeSync, openSync, writeSync } from 'node:fs';

/** Encoding room: big enough that a write call moves a lot, small enough to stay touched (and cheap) across writes. */
const ROOM = 1 << 20;
/** UTF-16 units encoded per call: at most three bytes each, so a slice always fits an emptied buffer. */
const SLICE = Math.floor(ROOM / 3);
let scratch: Buffer | undefined;

/**
 * Writes text given in pieces to a file descriptor, strings as UTF-8 through one reused buffer, bytes as they are. Reports and stored analyses
 * run to megabytes: joining them and encoding the whole (what `writeFileSync(file, string)` and a stream do) costs
 * a fresh copy of each, and fresh memory is what a large run pays most for (each page is faulted in on first touch).
 * Each piece is encoded on its own: a surrogate pair split between two pieces would not be joined.
 */
export function writeTextSync(fd: number, pieces: Iterable<string | Uint8Array>): void {
  const buf = (scratch ??= Buffer.allocUnsafeSlow(ROOM));
  let used = 0;
  const flush = () => {
    writeAll(fd, buf.subarray(0, used));
    used = 0;
  };
  for (const text of pieces) {
    if (typeof text !== 'string') {
      flush();
      writeAll(fd, text);
      continue;
    }
    for (let from = 0; from < text.length; ) {
      let to = Math.min(text.length, from + SLICE);
      // Never between the two halves of a surrogate pair, which would each be encoded as a replacement character.
      if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--;
      if (ROOM - used < 3 * (to - from)) flush();
      used += buf.write(from === 0 && to === text.length ? text : text.slice(from, to), used, 'utf8');
      from = to;
    }
  }
  flush();
}

/** `writeFileSync(file, pieces.join(''), { flag })` without the joined copy. */
export function writeTextFileSync(file: string, pieces: Iterable<string | Uint8Array>, opts: { flag?: string; mode?: number } = {}): void {
  const fd = openSync(file, opts.flag ?? 'w', opts.mode ?? 0o666);
  try {
    writeTextSync(fd, pieces);
  } finally {
    closeSync(fd);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Every byte, waiting out a full pipe: a descriptor shared with one that Node made non-blocking (stdout and stderr
 * both sent to one pipe) fails with EAGAIN when the reader is behind, instead of blocking.
 */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
