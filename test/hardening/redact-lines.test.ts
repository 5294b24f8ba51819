import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTokens, isTemplateOrMasked, TOKEN_SHAPES } from '../../src/detect/secrets/shapes.js';
import { lastAtOrBelow } from '../../src/model/order.js';
import { redactSecrets } from '../../src/report/redact.js';
import { fakeLiteral, fakeToken, randomString } from './generators/tokens.js';

// redactSecrets masks line by line, each distinct line once, and skips lines the prefilter finds no secret word
// or encoding in (src/report/redact-prefilter.ts). These tests hold it to the whole-text algorithm it replaced,
// kept below as `oracleRedact`: same output on generated texts with secrets of every shape the patterns know,
// encoded the ways renderers encode, split across lines, between repeated lines.

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** One sample per token shape, built at run time (no token-shaped literal is committed), in every prefix variant. */
const SAMPLES: Record<string, (n: number) => string> = {
  'anthropic-api-key': (n) => fakeToken('anthropic', n),
  'openai-api-key': (n) => (n % 3 === 0 ? fakeToken('openai', n) : n % 3 === 1 ? fakeToken('openai-project', n) : ['sk', pick(['svcacct', 'admin'], n), randomString(ALNUM, 30, n)].join('-')),
  'aws-access-key-id': (n) => pick(['AK', 'AS', 'AB', 'AC'], n) + pick(['IA', 'IA', 'IA', 'CA'], n) + randomString(UPPER_NUM, 16, n),
  'github-token': (n) => (n % 6 === 5 ? fakeToken('github-pat', n) : `gh${pick([...'pousr'], n)}_${randomString(ALNUM, 36, n)}`),
  'slack-token': (n) => `xo${'x'}${pick([...'abposre'], n)}-${randomString('0123456789', 12, n)}-${randomString(ALNUM, 24, n + 1)}`,
  'slack-webhook': (n) => `https://hooks.${'slack'}.com/services/T${randomString(ALNUM, 10, n)}/B${randomString(ALNUM, 10, n + 1)}/${randomString(ALNUM, 24, n + 2)}`,
  'google-api-key': (n) => fakeToken('google', n),
  'huggingface-token': (n) => fakeToken('huggingface', n),
  'stripe-secret-key': (n) => `${pick(['s', 'r'], n)}k_${'live'}_${randomString(ALNUM, 24, n)}`,
  'private-key': (n) => `-----BEGIN ${pick(['', 'RSA ', 'EC ', 'OPENSSH '], n)}PRIVATE KEY-----`,
};

const SECRET_KEYS = ['api_key', 'API-KEY', 'apiKey', 'ApIkEy', 'client_secret', 'SECRET', 'access_key', 'accessKey', 'private-key', 'PrivateKey', 'token', 'authToken', 'PASSWORD', 'passwd', 'credential', 'Credentials'];
const QUERY_KEYS = ['access_token', 'refresh_token', 'id_token', 'token', 'api_key', 'api-key', 'apikey', 'key', 'secret', 'client_secret', 'password', 'passwd', 'pwd', 'sig', 'signature', 'auth', 'x-amz-signature', 'X-Amz-Credential', 'x-amz-security-token', 'TOKEN'];

// The encodings renderers apply (as in redact.test.ts), and JSON's, inside a string.
const ZWJ = '\u200d';
const ENCODINGS: ((s: string) => string)[] = [
  (s) => s,
  (s) => JSON.stringify(s).slice(1, -1),
  (s) => s.replace(/[!"#$&'()*+\-.:<=>[\\\]^_`{|}~]/g, (c) => `&#${c.charCodeAt(0)};`),
  (s) => s.replace(/(.{6})(?=.)/g, `$1${ZWJ}`),
  (s) => s.replace(/[^A-Za-z0-9 \n]/g, (c) => `#${c.charCodeAt(0)};`),
  (s) => encodeURIComponent(s).replace(/[!'()*_-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
  (s) => s.replace(/-/g, '\\-').replace(/_/g, '\\_'),
  (s) => s.replace(/[\n"]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
  // Letters encoded too, so that no secret word is left whole in the rendered text.
  (s) => s.replace(/[a-z]/gi, (c, i: number) => (i % 3 ? c : `&#x${c.charCodeAt(0).toString(16)};`)),
  (s) => s.replace(/[a-z]/gi, (c, i: number) => (i % 2 ? c : `\\u00${c.charCodeAt(0).toString(16)}`)),
  (s) => s.replace(/[a-z]/gi, (c, i: number) => (i % 4 ? c : `%${c.charCodeAt(0).toString(16)}`)),
];

const seed = fc.integer({ min: 1, max: 100_000 });
const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', ' \n ', '\n\n', '\n  \n', '\u00a0', '\\n');
const value = fc.oneof(
  fc.tuple(seed, fc.integer({ min: 4, max: 40 })).map(([n, len]) => fakeLiteral(n, len)),
  fc.constantFrom('12345678901', 'required-value', '${API_KEY}', '<redacted>', 'sk-…3f9a', 'xxxxxxxxxxxx', 'abc…defghijk', 'a1b2c3d4e5f6g7h8i9', 'short1'),
  fc.tuple(fc.constantFrom(...Object.keys(SAMPLES)), seed).map(([id, n]) => SAMPLES[id]!(n)),
);

const token = fc.tuple(fc.constantFrom(...Object.keys(SAMPLES)), seed).map(([id, n]) => SAMPLES[id]!(n));
const named = fc
  .record({ key: fc.constantFrom(...SECRET_KEYS), q1: fc.constantFrom('', '"', "'", '\\"'), s1: space, sep: fc.constantFrom(':', '=', ': ', ' = ', '\n:', ':\n'), s2: space, q2: fc.constantFrom('', '"', "'", '\\"'), v: value, end: fc.constantFrom('', '"', ',', '\n', '&x=1', ' more') })
  .map((r) => `${r.key}${r.q1}${r.s1}${r.sep}${r.s2}${r.q2}${r.v}${r.end}`);
const query = fc
  .tuple(fc.constantFrom('https://mcp.example.test/sse', '/sse', 'see ', ''), fc.constantFrom(...QUERY_KEYS), value, fc.constantFrom('?', '?a=1&', '&', 'x&amp;'))
  .map(([url, k, v, c]) => `${url}${c}${k}=${v}&v=2`);
const userinfo = fc.tuple(fc.constantFrom('https', 'postgres', 'redis+tls'), value).map(([s, v]) => `${s}://bot:${v}@db.example.test/x`);
const filler = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('"path": "services/agent-0/agent.py",', '"line": 12', 'maxTokens: 4096', 'token: required', '{', '}', '  ', ':', '=', 'token', 'password:', '"apiKey":', 'secret =', '#45;', '&#95;', '%2D', '\\u002d', 'https://x.test/a', '\u2028', '\r'),
);
const piece = fc.oneof({ arbitrary: fc.tuple(fc.oneof(token, named, query, userinfo), fc.integer({ min: 0, max: ENCODINGS.length - 1 })).map(([s, e]) => ENCODINGS[e]!(s)), weight: 3 }, { arbitrary: filler, weight: 2 });
const line = fc.array(piece, { maxLength: 4 }).map((ps) => ps.join(''));

/** Lines, some repeated many times (reports repeat their evidence lines), some split at random places. */
const text = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 3 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, order, cuts, eol]) => {
    let t = [...lines, ...order.map((i) => lines[i % lines.length]!)].join(eol);
    for (const c of cuts) if (t.length) t = `${t.slice(0, c % t.length)}\n${t.slice(c % t.length)}`;
    return t;
  });

describe('redactSecrets, line by line, against the whole-text algorithm', () => {
  it('has a sample for every token shape, and masks each as the whole-text algorithm does', () => {
    for (const shape of TOKEN_SHAPES) {
      const make = SAMPLES[shape.id];
      // A new shape needs a sample here and its fixed part in TOKEN_PREFIX (src/report/redact-prefilter.ts).
      expect(make, `no sample for token shape ${shape.id}`).toBeDefined();
      for (let n = 1; n <= 12; n++) {
        const sample = make!(n);
        expect(findTokens(sample).map((h) => h.shape.id), sample).toContain(shape.id);
        for (const encode of ENCODINGS) {
          const input = `{\n  "name": "${encode(`x ${sample} y`)}",\n  "n": 1\n}\n`;
          const out = redactSecrets(input);
          expect(out).toBe(oracleRedact(input));
          if (shape.id !== 'private-key' && encode === ENCODINGS[0]) expect(out).not.toBe(input);
        }
      }
    }
  });

  it('property: same output as the whole-text algorithm, on a first and a second pass', () => {
    fc.assert(
      fc.property(text, (t) => {
        const out = redactSecrets(t);
        expect(out).toBe(oracleRedact(t));
        expect(redactSecrets(out)).toBe(oracleRedact(out));
      }),
      { numRuns: 3000 },
    );
  });

  it('property: same output on texts of secret words, separators and values split by blank lines', () => {
    const bit = fc.constantFrom('token', 'Password', 'api_key', '"', '\\"', "'", ':', '=', ' ', '\t', '\n', '\n\n', '\r\n', '  \n', ' : ', '&#58;', '&#10;', '\\n', '%3A', 'x', 'abc123XYZ9', 'a1b2c3d4e5f6g7h8', '…', ',', '&', '?token=');
    fc.assert(
      fc.property(fc.array(bit, { maxLength: 14 }), (bits) => {
        const t = bits.join('');
        expect(redactSecrets(t)).toBe(oracleRedact(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('masks a value whose secret word or separator is on an earlier line', () => {
    const lit = fakeLiteral(9, 24);
    const cases = [`token\n:\n  ${lit}`, `"password"\n  :  "${lit}"`, `api_key =\n\n\t${lit}`, `x\nSECRET:\n\n \n${lit},\nnext line`, `a: 1\ncredentials\n=\n${lit}\n`];
    for (const t of cases) {
      const out = redactSecrets(t);
      expect(out).toBe(oracleRedact(t));
      expect(out).toContain(`…${lit.slice(-4)}`);
      expect(out).not.toContain(lit.slice(4, 16));
    }
    // Many open lines in a row are masked as one stretch, and the same way.
    const many = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 'X_TOKEN=' : `token:\n  ${fakeLiteral(i, 20)}`)).join('\n');
    expect(redactSecrets(many)).toBe(oracleRedact(many));
  });

  it('a large repetitive report comes out as the whole-text algorithm makes it', () => {
    const lines = [
      '      "path": "services/agent-0/agent.py",',
      '      "line": 12',
      `      "note": "MCP env OPENAI_API_KEY=${fakeLiteral(3, 40)}",`,
      `      "url": "https://bot:${fakeLiteral(4, 12)}@mcp.example.test/sse?token=${fakeLiteral(5, 20)}",`,
      `      "name": "${SAMPLES['github-token']!(7)}",`,
      '      "componentId": "agent:services/agent-0/agent.py#agent_0",',
    ];
    const report = `{\n${Array.from({ length: 3000 }, (_, i) => lines[(i * 7) % lines.length]).join('\n')}\n}\n`;
    const out = redactSecrets(report);
    expect(out).toBe(oracleRedact(report));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The oracle: redactSecrets as it was before it worked line by line (src/report/redact.ts at 35f9199), verbatim.

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
const NAMED_SECRET =
  /(?:api[_-]?key|apikey|secret|access[_-]?key|private[_-]?key|token|password|passwd|credentials?)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?([^\s"'\\&,;<>)\]}`…]{8,})(?![^\s"'\\&,;<>)\]}`])/gi;

/** Masks likely credentials in rendered output. Idempotent; never changes anything but the masked characters. */
function oracleRedact(text: string): string {
  const view = decodedView(text);
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

/**
 * The text as a reader sees it, and for any of its UTF-16 units the span of the original it came from. The map
 * is kept as runs (a stretch of plain text maps one to one; a decoded unit maps to its whole encoding), not per
 * unit: a report of several megabytes has few encoded units, and a per-unit table cost more than the matching.
 */
function decodedView(text: string): { text: string; from(v: number): number; to(v: number): number } {
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
    const code = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : m[4] ? Number(m[4]) : m[5] ? parseInt(m[5], 16) : m[6] ? parseInt(m[6], 16) : undefined;
    const ch = m[8] ? '' : m[3] ? NAMED[m[3].toLowerCase()] : m[7] ? (ESCAPED[m[7]] ?? m[7]) : code !== undefined && code <= 0x10ffff ? String.fromCodePoint(code) : m[0];
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
