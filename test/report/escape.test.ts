import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { encodePath, escapeHtml, escapeMarkdown, mermaidLabel, sarifText, stripControls, truncate, ZWJ } from '../../src/report/escape.js';

// Strings an attacker would put in a file or component name, mixed into arbitrary unicode.
const HOSTILE = [
  '@octocat', '@org/team', 'a@b.com', '#123', 'GH-42', 'https://evil.test/x', 'www.evil.test', 'deadbeef1234567',
  '[x](https://evil.test)', '![i](https://evil.test/p.png)', '<img src=x onerror=alert(1)>', '<script>', '</details>',
  '`code`', '```', '*bold*', '_em_', '~~s~~', '| cell |', '\\', '&amp;', '&#64;', '$x^2$', '<!-- -->', '\n# heading\n',
  '\r\n- item', '\u202e', '\u0000', '\u001b[31m', '\u200d', '\ufeff', '"', "'", '%%{init: {}}%%', 'click n1 call x()',
  '"]; click n1 "https://evil.test', '#quot;', '-->', ':::cls', '{{x}}', '\ud800', ':smile:', '<https://evil.test>',
];
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((a) => a.join('')),
);

const decodeEntities = (s: string) => s.replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)));
const dropZwj = (s: string) => s.split(ZWJ).join('');
const md = new MarkdownIt({ html: true, linkify: true });

describe('stripControls', () => {
  it('leaves one line with no control, bidi or zero-width characters and no lone surrogates', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = stripControls(s);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
    );
  });
});

describe('escapeMarkdown', () => {
  it('round-trips: entity-decoding and dropping the inserted joiners gives back the stripped input', () => {
    fc.assert(fc.property(hostile, (s) => {
        expect(dropZwj(decodeEntities(escapeMarkdown(s)))).toBe(stripControls(s));
      }));
  });

  it('leaves no markdown, HTML, math or table syntax in the raw text', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const raw = escapeMarkdown(s).replace(/&#\d+;/g, '');
        expect(raw).not.toMatch(/[!"#$&'()*+\-.:<=>[\\\]^_`{|}~\n\r]/);
      }),
    );
  });

  it('renders as exactly one text run: no links, images, HTML, code or emphasis, and nothing GitHub would autolink', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const html = md.renderInline(`x ${escapeMarkdown(s)}`);
        expect(html).not.toMatch(/<(a|img|script|code|em|strong|s|details|summary)\b/i);
        const text = decodeHtml(html);
        expect(text).not.toMatch(/(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_-]/u);
        expect(text).not.toMatch(/#\d|GH-\d|:\/\/|www\./i);
        expect(text).not.toMatch(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/i);
      }),
      { numRuns: 300 },
    );
  });

  it('stays inside its table cell and inside a <details> summary', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const table = md.render(`| A | B |\n|---|---|\n| ${escapeMarkdown(a)} | ${escapeMarkdown(b)} |\n`);
        expect(table.match(/<td>/g)?.length).toBe(2);
        const details = md.render(`<details><summary>${escapeMarkdown(a)}</summary>\n\nbody\n\n</details>\n`);
        expect(details.match(/<summary>/g)?.length).toBe(1);
        expect(details.match(/<\/details>/g)?.length).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a file name full of markdown and a mention inert', () => {
    const name = 'README_[click](https://evil.test)_@someone_<b>x</b>.md';
    const html = md.renderInline(escapeMarkdown(name));
    expect(html).not.toContain('<a');
    expect(html).not.toContain('<b>');
    expect(decodeHtml(html)).toContain(`@${ZWJ}someone`);
  });
});

describe('escapeHtml', () => {
  it('round-trips and leaves no tag or attribute breakout', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"'`]/);
        expect(out.replace(/&#\d+;/g, '')).not.toContain('&');
        expect(dropZwj(decodeEntities(out))).toBe(stripControls(s));
      }),
    );
  });
});

describe('mermaidLabel', () => {
  it('uses only plain letters, digits, a few safe marks and #NNN; entity codes', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 80 }), (s, max) => {
        const out = mermaidLabel(s, max);
        expect(out.replace(/#\d+;/g, '')).toMatch(/^[\p{L}\p{N} _.,/:()+=-]*$/u);
        expect(out).not.toMatch(/["`<>%{}\n\r|[\]]/);
      }),
    );
  });

  it('round-trips through Mermaid entity decoding, up to the length cut', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const decoded = mermaidLabel(s, 1000).replace(/#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)));
        expect(decoded).toBe(stripControls(s));
      }),
    );
  });

  it('cuts long labels to the budget', () => {
    expect(Array.from(truncate('x'.repeat(100), 10))).toHaveLength(10);
    expect(mermaidLabel('a'.repeat(100), 10)).toBe('a'.repeat(9) + '#8230;');
  });
});

describe('sarifText and encodePath', () => {
  it('escapes brackets so no embedded SARIF link can form', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = sarifText(s);
        expect(out).not.toMatch(/(^|[^\\])(\\\\)*\[/);
        expect(out.replace(/\\([\\[\]])/g, '$1')).toBe(stripControls(s));
      }),
    );
  });

  it('encodes every path segment so a link target cannot be broken or redirected', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 4 }), (segs) => {
        const out = encodePath(segs.map((x) => x.replace(/\//g, '')).join('/'));
        expect(out).toMatch(/^[A-Za-z0-9%._~/-]*$/);
      }),
    );
  });
});

function decodeHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
