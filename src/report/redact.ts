import { findTokens, isTemplateOrMasked } from '../detect/secrets/shapes.js';
import { lastAtOrBelow } from '../model/order.js';
import { candidates } from './redact-prefilter.js';

// The last pass over every rendered output (JSON, text, markdown, SARIF, logs): a credential that reached any
// string of a report (a component name, a URL, an MCP env value, a file name) is masked here, whatever stage
// let it through.
//
// Renderers escape repository text before this pass sees it: markdown turns `-` and `_` into `&#45;` `&#95;`,
// the autolink guard puts U+200D inside hex runs and after `://`, Mermaid writes `#45;`, paths are
// percent-encoded. So matching runs on a decoded view of the text, and only the random part of a match is
// replaced in the original, by `…` (plus the last 4 characters, left as they were written). Nothing of the
// surrounding markup changes, so the output stays valid JSON, markdown, HTML and SARIF, and a second pass
// finds nothing new.

interface Mask {
  /** Decoded-view offsets of the part to replace. */
  start: number;
  end: number;
}

/** `https://user:secret@host`: the password. */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'\\<>]+:([^\s/@"'\\<>]+)@/gi;

/** `?token=...`, `&api_key=...`, `&sig=...` in URLs: the value. */
const QUERY_SECRET =
  /[?&](?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|x-amz-signature|x-amz-credential|x-amz-security-token)=([^&\s"'\\#<>)\]]+)/gi;

/**
 * `OPENAI_API_KEY=abc...`, `"apiKey": "abc..."`, `password: abc...`: a key that ends with a secret word, then
 * `=` or `:`, then the value. `maxTokens: 4096` and `token: required` are left alone (see looksLikeValue), and
 * so is a value that runs into `…` (the visible prefix of a token already masked), which keeps the pass idempotent.
 * Only the secret word is matched, not the rest of the key before it: only the value's place is used, and a
 * leading `[A-Za-z0-9_.-]*` made the engine rescan every identifier (9x slower on an 11 MB report).
 */
const SECRET_WORD = /(?:api[_-]?key|apikey|secret|access[_-]?key|private[_-]?key|token|password|passwd|credentials?)/.source;
const NAMED_SECRET = new RegExp(SECRET_WORD + /(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?([^\s"'\\&,;<>)\]}`\u2026]{8,})(?![^\s"'\\&,;<>)\]}`])/.source, 'gi');
const SECRET_WORD_AT_END = new RegExp(`${SECRET_WORD}$`, 'i');

/** Masks likely credentials in rendered output. Idempotent; never changes anything but the masked characters. */
export function redactSecrets(text: string): string {
  // Reports repeat the same few thousand lines hundreds of times, and most lines hold no secret word at all:
  // only lines the prefilter flags are masked, each distinct one once. A line is masked on its own, which gives
  // what masking the whole text gives, because nothing matches across a newline: decodedView's units and every
  // pattern but NAMED_SECRET exclude it, and NAMED_SECRET only in the `\s*` around its `:` or `=`. A line that
  // ends inside that stretch (`password:`) is masked together with the lines that follow until one closes it.
  const nextCandidate = candidates(text, { encoded: true });
  let hit = nextCandidate(0);
  if (hit < 0) return text;
  const lines = new Map<string, LineInfo>();
  const masked = new Map<string, string>();
  let out = '';
  let copied = 0;
  while (hit >= 0) {
    const start = text.lastIndexOf('\n', hit) + 1;
    let end = lineEnd(text, hit);
    let line = lineInfo(text.slice(start, end), lines);
    let view: string | undefined = line.view;
    let open = { word: line.openWord, sep: line.openSep };
    while ((open.word || open.sep) && end < text.length) {
      const nextEnd = lineEnd(text, end + 1);
      line = lineInfo(text.slice(end + 1, nextEnd), lines);
      open = line.shape === 'blank' ? open : line.shape === 'separator' ? { word: false, sep: open.word } : { word: line.openWord, sep: line.openSep };
      end = nextEnd;
      view = undefined;
    }
    const segment = text.slice(start, end);
    let result = masked.get(segment);
    if (result === undefined) {
      result = candidates(view ?? decodedText(segment), { encoded: false })(0) < 0 ? segment : maskSegment(segment, decodedView(segment));
      masked.set(segment, result);
    }
    if (result !== segment) {
      out += text.slice(copied, start) + result;
      copied = end;
    }
    hit = end < text.length ? nextCandidate(end + 1) : -1;
  }
  return copied ? out + text.slice(copied) : text;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/**
 * A line's decoded view, and whether NAMED_SECRET could run past its end: `openWord` when it ends in a secret word
 * and an optional quote (the `:` may come on a later line), `openSep` when it ends in those and the `:` or `=`
 * (the value may). `blank` and `separator` lines (`:` or `=` and spaces only) continue what came before.
 */
interface LineInfo {
  view: string;
  openWord: boolean;
  openSep: boolean;
  shape: 'blank' | 'separator' | 'text';
}

const SPACE = /\s/;

function lineInfo(line: string, memo: Map<string, LineInfo>): LineInfo {
  let info = memo.get(line);
  if (info) return info;
  const v = decodedText(line);
  let e = v.length;
  const skipSpace = () => {
    while (e > 0 && SPACE.test(v[e - 1]!)) e--;
  };
  skipSpace();
  const shape = e === 0 ? 'blank' : /^\s*[:=]\s*$/.test(v) ? 'separator' : 'text';
  let sep = false;
  if (e > 0 && (v[e - 1] === ':' || v[e - 1] === '=')) {
    sep = true;
    e--;
    skipSpace();
  }
  if (e > 0 && (v[e - 1] === '"' || v[e - 1] === "'")) {
    e--;
    if (e > 0 && v[e - 1] === '\\') e--;
  }
  const word = SECRET_WORD_AT_END.test(v.slice(Math.max(0, e - 16), e));
  info = { view: v, openWord: word && !sep, openSep: word && sep, shape };
  memo.set(line, info);
  return info;
}

/** The whole pass on one stretch of text whose ends no match crosses. */
function maskSegment(text: string, view: View): string {
  const masks: Mask[] = [];
  const keepLast4 = (start: number, end: number) => masks.push({ start, end: end - start >= 16 ? end - 4 : end });
  for (const hit of findTokens(view.text, { overlapping: true })) {
    if (hit.shape.id === 'private-key') continue; // the header is not the key; the key body has no fixed shape
    keepLast4(hit.index + hit.shape.prefix(hit.value).length, hit.index + hit.value.length);
  }
  for (const m of view.text.matchAll(URL_USERINFO)) {
    if (m[1].includes('…')) continue;
    const start = m.index + m[0].length - 1 - m[1].length;
    masks.push({ start, end: start + m[1].length });
  }
  for (const re of [QUERY_SECRET, NAMED_SECRET]) {
    for (const m of view.text.matchAll(re)) {
      const value = m[1];
      // Only obvious templates and masks are left as they are: redaction errs on the side of masking.
      if (isTemplateOrMasked(value) || (re === NAMED_SECRET && !looksLikeValue(value))) continue;
      const start = m.index + m[0].length - value.length;
      keepLast4(start, start + value.length);
    }
  }
  if (!masks.length) return text;
  masks.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Mask[] = [];
  for (const m of masks) {
    const last = merged[merged.length - 1];
    if (last && m.start <= last.end) last.end = Math.max(last.end, m.end);
    else merged.push({ ...m });
  }
  let out = '';
  let at = 0;
  for (const m of merged) {
    if (m.end <= m.start) continue;
    const from = view.from(m.start);
    const to = view.to(m.end - 1);
    out += text.slice(at, from) + '…';
    at = to;
  }
  return out + text.slice(at);
}

/** Every string in a JSON-like value, redacted (for objects such as SARIF that are serialised later). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), redactDeep(v)])) as T;
  }
  return value;
}

/** Words and numbers after `token:` in prose or counters (`token: 4096`, `password: required`) are not credentials. */
function looksLikeValue(value: string): boolean {
  if (/^\d+$/.test(value)) return false;
  if (/^[a-z]+(?:[-_][a-z]+)*$/.test(value)) return false;
  return /[0-9]/.test(value) || (/[A-Z]/.test(value) && /[a-z]/.test(value)) || /[^A-Za-z0-9]/.test(value);
}

// Encodings a renderer may have applied to a repository string, decoded one unit at a time.
// JSON and markdown backslash escapes (`\n` before a token in a JSON string), `\uXXXX`, HTML and Mermaid
// character references, percent-encoding and invisible joiners.
const UNIT = /&#(\d{1,7});|&#x([0-9a-f]{1,6});|&(amp|lt|gt|quot|apos);|#(\d{2,7});|%([0-7][0-9a-f])|\\u([0-9a-f]{4})|\\([nrtbf"\\/_\-*`.])|([\u200b-\u200d\u2060\ufeff])/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

type UnitMatch = [unit: string, dec?: string, hex?: string, named?: string, mermaid?: string, percent?: string, utf16?: string, escaped?: string, joiner?: string];

/** What one unit reads as (a joiner reads as nothing; a code point out of range as itself). */
function unitText(...[unit, dec, hex, named, mermaid, percent, utf16, escaped, joiner]: UnitMatch): string {
  if (joiner) return '';
  if (named) return NAMED[named.toLowerCase()]!;
  if (escaped) return ESCAPED[escaped] ?? escaped;
  const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : mermaid ? Number(mermaid) : percent ? parseInt(percent, 16) : utf16 ? parseInt(utf16, 16) : undefined;
  return code !== undefined && code <= 0x10ffff ? String.fromCodePoint(code) : unit;
}

/** The text as a reader sees it, without the way back (which only a text with a candidate needs). */
function decodedText(text: string): string {
  return text.replace(UNIT, (...m: unknown[]) => unitText(...(m.slice(0, 9) as UnitMatch)));
}

/**
 * The text as a reader sees it, and for any of its UTF-16 units the span of the original it came from. The map
 * is kept as runs (a stretch of plain text maps one to one; a decoded unit maps to its whole encoding), not per
 * unit: a report of several megabytes has few encoded units, and a per-unit table cost more than the matching.
 */
interface View {
  text: string;
  from(v: number): number;
  to(v: number): number;
}

function decodedView(text: string): View {
  const parts: string[] = [];
  // Run r starts at view offset viewAt[r] and original offset origAt[r]; a unit run has origLen[r] > 0.
  const viewAt: number[] = [];
  const origAt: number[] = [];
  const origLen: number[] = [];
  let n = 0;
  let i = 0;
  const plain = (end: number) => {
    if (end <= i) return;
    parts.push(text.slice(i, end));
    viewAt.push(n);
    origAt.push(i);
    origLen.push(0);
    n += end - i;
  };
  for (const m of text.matchAll(UNIT)) {
    plain(m.index);
    const len = m[0].length;
    const ch = unitText(...(m as unknown as UnitMatch));
    if (ch.length) {
      parts.push(ch);
      viewAt.push(n);
      origAt.push(m.index);
      origLen.push(len);
      n += ch.length;
    }
    i = m.index + len;
  }
  plain(text.length);
  const run = (v: number) => lastAtOrBelow(viewAt, v);
  return {
    text: parts.join(''),
    from: (v) => {
      const r = run(v);
      return origLen[r] ? origAt[r]! : origAt[r]! + (v - viewAt[r]!);
    },
    to: (v) => {
      const r = run(v);
      return origLen[r] ? origAt[r]! + origLen[r]! : origAt[r]! + (v - viewAt[r]!) + 1;
    },
  };
}
