// Every string that comes from a scanned repository (file names, component names, notes) passes through one of
// these before it reaches markdown, HTML, Mermaid or SARIF. The repository is hostile input: a file name must not
// open a link, ping a person, close a table cell, inject HTML or break out of a diagram label.

/** U+200D ZERO WIDTH JOINER: invisible, and enough to stop GitHub's mention, issue, commit and URL autolinkers. */
export const ZWJ = '\u200d';

// C0/C1 controls, bidi overrides and isolates, zero-width characters, BOM, line/paragraph separators.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One line of plain text: line breaks become spaces, invisible and control characters go, lone surrogates become U+FFFD. */
export function stripControls(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd').replace(LINE_BREAKS, ' ').replace(INVISIBLE, '');
}

/**
 * Breaks what GitHub turns into links or notifications in rendered text: @mentions (and e-mail addresses),
 * #123 / GH-123 issue references, commit ids, and bare URLs. Works on text that has already been stripped.
 */
export function neutralize(s: string): string {
  return s
    .replace(/@/g, `@${ZWJ}`)
    .replace(/#/g, `#${ZWJ}`)
    .replace(/(GH)-(?=\d)/gi, `$1-${ZWJ}`)
    .replace(/:(?=\/\/)/g, `:${ZWJ}`)
    .replace(/(www)\./gi, `$1${ZWJ}.`)
    .replace(/\b[0-9a-f]{7,}\b/gi, (run) => (/\d/.test(run) && /[a-f]/i.test(run) ? run.replace(/(.{6})(?=.)/g, `$1${ZWJ}`) : run));
}

// ASCII punctuation that means something to CommonMark, GFM (tables, strikethrough, autolinks), GitHub math ($)
// or HTML. Encoded as numeric character references, which read the same in markdown text, table cells and HTML
// blocks (backslash escapes do not work inside HTML such as <summary>).
const MD_SPECIAL = /[!"#$&'()*+\-.:<=>[\\\]^_`{|}~]/g;

/** Inline markdown text that renders exactly as the (stripped) input, safe in table cells and in HTML blocks. */
export function escapeMarkdown(s: string): string {
  return neutralize(stripControls(s)).replace(MD_SPECIAL, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text content or a quoted attribute value in HTML; also neutralized against GitHub's autolinkers. */
export function escapeHtml(s: string): string {
  return neutralize(stripControls(s)).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Mermaid labels: a quoted label ends at `"`, `%%{...}%%` is a directive wherever it appears, backticks switch to
// markdown strings and `<` to HTML. Everything outside a small readable set becomes a Mermaid entity code (#NNN;).
const MERMAID_SAFE = /[\p{L}\p{N} _.,/:()+=-]/u;

/** The text of a Mermaid node or edge label (to be put inside double quotes), cut to `max` characters. */
export function mermaidLabel(s: string, max = 60): string {
  let out = '';
  for (const ch of truncate(stripControls(s), max)) out += MERMAID_SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

/** Plain text for a SARIF message: `[text](id)` would be an embedded link, so brackets are escaped as the spec says. */
export function sarifText(s: string): string {
  return stripControls(s).replace(/[\\[\]]/g, '\\$&');
}

/** At most `max` characters (code points), with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** A repository path as a URL path: each segment percent-encoded, including the characters markdown gives meaning to. */
export function encodePath(p: string): string {
  return p
    .replace(LONE_SURROGATE, '\ufffd')
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Whether `s` is a lowercase/uppercase hex commit id we may put into a URL. */
export function isCommitId(s: string | undefined): s is string {
  return typeof s === 'string' && /^[0-9a-f]{7,64}$/i.test(s);
}
