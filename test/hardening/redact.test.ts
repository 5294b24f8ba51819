import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets } from '../../src/report/redact.js';
import { fakeLiteral, fakeToken, TOKEN_KINDS } from './generators/tokens.js';

// The encodings renderers apply to repository strings before redaction sees them (see src/report/escape.ts on
// the github branch): markdown numeric references, zero-width joiners against autolinks, Mermaid entity codes,
// percent-encoded paths, JSON string escaping.
const ZWJ = '\u200d';
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  json: (s) => JSON.stringify(s),
  'markdown references': (s) => s.replace(/[!"#$&'()*+\-.:<=>[\\\]^_`{|}~]/g, (c) => `&#${c.charCodeAt(0)};`),
  'zero-width joiners': (s) => s.replace(/(.{6})(?=.)/g, `$1${ZWJ}`),
  'mermaid codes': (s) => s.replace(/[^A-Za-z0-9 ]/g, (c) => `#${c.charCodeAt(0)};`),
  'percent-encoded': (s) => encodeURIComponent(s).replace(/[!'()*_-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  'html entities': (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
};

/** The token's random part, minus its last 4 characters, must not survive in any readable form. */
function leaks(output: string, token: string): boolean {
  const decoded = output
    .replace(new RegExp(ZWJ, 'g'), '')
    .replace(/&#(\d+);|#(\d+);/g, (_m, a, b) => String.fromCharCode(Number(a ?? b)))
    .replace(/&amp;/g, '&')
    .replace(/%([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16)));
  const inner = token.slice(-12, -4);
  return decoded.includes(inner);
}

describe('redactSecrets', () => {
  for (const kind of TOKEN_KINDS) {
    for (const [name, encode] of Object.entries(ENCODINGS)) {
      it(`masks a ${kind} token, ${name}`, () => {
        const token = fakeToken(kind, 11);
        const out = redactSecrets(`component "${encode(`agent ${token} here`)}" end`);
        expect(leaks(out, token)).toBe(false);
        expect(out).toContain('…');
        expect(out.startsWith('component "')).toBe(true);
        expect(out.endsWith('" end')).toBe(true);
        expect(redactSecrets(out)).toBe(out);
      });
    }
  }

  it('masks URL passwords and secret query parameters, keeping the URL readable', () => {
    const lit = fakeLiteral(2);
    expect(redactSecrets(`https://bot:${lit}@mcp.example.com/sse`)).toBe('https://bot:…@mcp.example.com/sse');
    expect(redactSecrets(`https://mcp.example.com/sse?user=x&token=${lit}&v=2`)).toBe(`https://mcp.example.com/sse?user=x&token=…${lit.slice(-4)}&v=2`);
    expect(redactSecrets(`see https://x.test/a?api_key=${lit}`)).toBe(`see https://x.test/a?api_key=…${lit.slice(-4)}`);
    expect(redactSecrets(`https://x.test/a?api_key=${encodeURIComponent('${KEY}')}`)).toContain('api_key=');
  });

  it('masks values of secret-named keys, in env, YAML and JSON spellings', () => {
    const lit = fakeLiteral(3);
    const tail = lit.slice(-4);
    expect(redactSecrets(`VENDOR_API_KEY=${lit}`)).toBe(`VENDOR_API_KEY=…${tail}`);
    expect(redactSecrets(`client_secret: ${lit}`)).toBe(`client_secret: …${tail}`);
    expect(redactSecrets(JSON.stringify({ env: { SERVICE_TOKEN: lit } }))).toBe(`{"env":{"SERVICE_TOKEN":"…${tail}"}}`);
    expect(redactSecrets(JSON.stringify({ name: `PASSWORD="${lit}"` }))).toBe(`{"name":"PASSWORD=\\"…${tail}\\""}`);
  });

  it('leaves ordinary report text alone', () => {
    const text = [
      '"maxTokens": 4096',
      'token: required',
      '"fingerprint": "c0ffee1234567890abcdef1234567890abcdef12"',
      'tokenizer = cl100k_base',
      'OPENAI_API_KEY=${OPENAI_API_KEY}',
      'api_key: <your-key>',
      'possible OpenAI API key sk-…3f9a',
      'https://github.com/org/repo/blob/0123abc/src/a.py#L3',
      'model gpt-4o-mini via langchain_openai.ChatOpenAI',
      'skip-this-file-for-now-and-later-too',
    ].join('\n');
    expect(redactSecrets(text)).toBe(text);
  });

  it('redactDeep masks every string of an object, keys included', () => {
    const t = fakeToken('github', 4);
    const out = redactDeep({ a: [t, { [t]: 1, n: 2, b: true, z: null }] });
    expect(JSON.stringify(out)).not.toContain(t.slice(4, 30));
    expect(out.a[1]).toMatchObject({ n: 2, b: true, z: null });
  });

  it('property: JSON stays valid with the same shape, no token survives, and a second pass changes nothing', () => {
    // A token follows a separator (glued to a preceding letter it is not recognisable, by design: `task-...`).
    const sep = fc.constantFrom(' ', '/', '"', ':', '=', '_', '-', '\n', '?token=', 'https://u:', '');
    const token = fc.tuple(sep, fc.constantFrom(...TOKEN_KINDS), fc.integer({ min: 1, max: 1000 })).map(([s, k, n]) => ({ sep: s, token: fakeToken(k, n) }));
    const piece = fc.oneof(fc.string({ maxLength: 12 }).map((text) => ({ text })), fc.constantFrom('"', '\\', '&', '#', '%', '_', '-', ':', '=', '@').map((text) => ({ text })), token);
    const text = fc.array(piece, { maxLength: 8 }).map((ps) => {
      let out = '';
      const planted: string[] = [];
      for (const p of ps) {
        if ('token' in p) {
          out += (/[A-Za-z0-9]$/.test(out) && !p.sep ? ' ' : p.sep) + p.token;
          planted.push(p.token);
        } else out += p.text;
      }
      return { out, planted };
    });
    const doc = fc.array(fc.tuple(fc.string({ maxLength: 6 }), text), { maxLength: 5 });
    fc.assert(
      fc.property(doc, (entries) => {
        const obj = Object.fromEntries(entries.map(([k, t]) => [k, t.out]));
        const json = JSON.stringify(obj, null, 2);
        const out = redactSecrets(json);
        const parsed = JSON.parse(out) as Record<string, unknown>;
        expect(Object.keys(parsed).length).toBe(Object.keys(obj).length);
        for (const [k, t] of entries) if (obj[k] === t.out) for (const planted of t.planted) expect(leaks(out, planted), planted).toBe(false);
        expect(redactSecrets(out)).toBe(out);
      }),
      { numRuns: 300 },
    );
  });

  it('property: never throws and never grows text without secrets', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const out = redactSecrets(s);
        expect(out.length).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('redactSecrets regressions', () => {
  it('a masked token after `token=` is not masked again (idempotent)', () => {
    const t = fakeToken('github-pat', 77);
    const once = redactSecrets(JSON.stringify({ u: `?token=${t}{%` }));
    expect(once).not.toContain(t.slice(-12, -4));
    expect(redactSecrets(once)).toBe(once);
  });
});
