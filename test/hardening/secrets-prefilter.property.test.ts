import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { mayHavePairs } from '../../src/detect/secrets/detector.js';
import { isSecretName } from '../../src/detect/secrets/names.js';
import { loadTs } from '../../src/detect/js/load-ts.js';
import { jsLiterals } from '../../src/detect/secrets/pairs/js.js';
import { pythonLiterals } from '../../src/detect/secrets/pairs/python.js';
import { yamlLiterals } from '../../src/detect/secrets/pairs/yaml.js';
import { loadPython } from '../../src/detect/python/analysis/tree-once.js';

beforeAll(loadPython);

// The code-pair prefilter lets a file skip the parse. It must never skip a file in which the parse finds a
// literal under a secret name: generated assignments in the shapes the pair readers know, with random names,
// spacing, quotes, annotations and surrounding lines.

const word = fc.constantFrom('api_key', 'apiKey', 'API_KEY', 'client_secret', 'clientSecret', 'token', 'authToken', 'DB_PASSWORD', 'passwd', 'pwd', 'credentials', 'secretKey', 'private_key');
const prefix = fc.constantFrom('', 'openai_', 'my', 'self.', 'os.environ["', 'cfg.');
const value = fc.stringMatching(/^[A-Za-z0-9_\-]{8,30}$/);
const space = fc.constantFrom('', ' ', '  ', '\t');
const noise = fc.array(fc.constantFrom('import os', 'x = 1', '# token budget', 'def f(a):', '    return a', 'print("pass")'), { maxLength: 4 });

const python = fc
  .record({ p: prefix, w: word, v: value, s1: space, s2: space, q: fc.constantFrom('"', "'"), shape: fc.integer({ min: 0, max: 3 }), before: noise, after: noise })
  .map(({ p, w, v, s1, s2, q, shape, before, after }) => {
    const name = p.endsWith('["') ? `${p}${w}"]` : `${p}${w}`;
    const line = [`${name}${s1}=${s2}${q}${v}${q}`, `${w}: str${s1}=${s2}${q}${v}${q}`, `make(${w}=${q}${v}${q})`, `conf = {${q}${w}${q}:${s2}${q}${v}${q}}`][shape]!;
    return [...before, line, ...after].join('\n') + '\n';
  });

const js = fc
  .record({ w: word, v: value, s1: space, s2: space, q: fc.constantFrom('"', "'", '`'), shape: fc.integer({ min: 0, max: 4 }), before: noise, nl: fc.boolean() })
  .map(({ w, v, s1, s2, q, shape, before, nl }) => {
    const eq = nl ? '=\n  ' : `=${s2}`;
    const line = [`const ${w}${s1}${eq}${q}${v}${q};`, `let ${w}: string${s1}${eq}${q}${v}${q};`, `const o = { ${w}:${s2}${q}${v}${q} };`, `process.env.${w}${s1}${eq}${q}${v}${q};`, `const o = { "${w}": ${q}${v}${q} };`][shape]!;
    return [...before.map((l) => `// ${l}`), line].join('\n') + '\n';
  });

// YAML and JSON: every shape yamlLiterals reads a name from (keys plain, quoted, explicit or in flow maps,
// Kubernetes name/value entries, compose `KEY=value` items), with comments, trailing blanks and CRLF line ends.
const yamlNoise = fc.array(fc.constantFrom('usage:', '  max_tokens: 100', '  prompt_tokens: 12', '- tokenizer: bpe', 'password_policy: strict', '"token_count": 3'), { maxLength: 4 });
const yaml = fc
  .record({ w: word, v: value, s1: space, q: fc.constantFrom('', '"', "'"), shape: fc.integer({ min: 0, max: 7 }), end: fc.constantFrom('', ' ', ' # note', '\t'), crlf: fc.boolean(), before: yamlNoise, after: yamlNoise })
  .map(({ w, v, s1, q, shape, end, crlf, before, after }) => {
    const lines = [
      [`${q}${w}${q}${s1}: ${v}${end}`],
      [`env:`, `  - name: ${q}${w}${q}${end}`, `    value: ${q}${v}${q}`],
      [`env: [{name: ${q}${w}${q}, value: ${v}}]`],
      [`environment:`, `  - ${q}${w}=${v}${q}${end}`],
      [`? ${q}${w}${q}${end}`, `: ${v}`],
      [`conf: {${q}${w}${q}${s1}: ${v}}`],
      [`{"nested": {"${w}"${s1}: "${v}"}}`],
      [`outer:`, `  inner:`, `    ${q}${w}${q}:${end}`, `      ${v}`],
    ][shape]!;
    return [...before, ...lines, ...after].join(crlf ? '\r\n' : '\n') + '\n';
  });

describe('secrets: the pair prefilters never skip a file with a secret-named literal', () => {
  it('Python', () => {
    let hits = 0;
    fc.assert(
      fc.property(python, (text) => {
        const found = pythonLiterals(text).some((p) => isSecretName(p.name));
        if (found) hits++, expect(mayHavePairs('python', text)).toBe(true);
      }),
      { numRuns: 400 },
    );
    // Most generated files hold a pair the parse finds: the property is not vacuous.
    expect(hits).toBeGreaterThan(300);
  });

  it('TypeScript / JavaScript', async () => {
    const ts = await loadTs();
    let hits = 0;
    fc.assert(
      fc.property(js, (text) => {
        const found = jsLiterals(ts, text, 'a.ts').some((p) => isSecretName(p.name));
        if (found) hits++, expect(mayHavePairs('js', text)).toBe(true);
      }),
      { numRuns: 400 },
    );
    expect(hits).toBeGreaterThan(300);
  });

  it('YAML and JSON', () => {
    let hits = 0;
    fc.assert(
      fc.property(yaml, (text) => {
        const found = yamlLiterals(text).some((p) => isSecretName(p.name));
        if (found) hits++, expect(mayHavePairs('yaml', text)).toBe(true), expect(mayHavePairs('json', text)).toBe(true);
      }),
      { numRuns: 600 },
    );
    expect(hits).toBeGreaterThan(250);
  });

  it('skips code that only mentions secret words', () => {
    expect(mayHavePairs('js', 'const maxTokens = countTokens(text);\nexpect(token).toBe(other);\n')).toBe(false);
    expect(mayHavePairs('python', 'def refresh_token(session):\n    return session.token\n')).toBe(false);
    expect(mayHavePairs('yaml', 'token: abc\n')).toBe(true);
    // A recorded HTTP exchange: token counts, and a body that mentions keys without being one.
    const cassette = "interactions:\n- request:\n    body: '{\"max_tokens\": 100, \"input\": \"which key opens it\"}'\n  response:\n    body:\n      string: '{\"usage\": {\"prompt_tokens\": 8, \"total_tokens\": 20}}'\n";
    expect(mayHavePairs('yaml', cassette)).toBe(false);
    expect(mayHavePairs('json', '{"usage": {"prompt_tokens": 8, "completion_tokens": 12}, "tokenizer": "bpe"}\n')).toBe(false);
  });
});
