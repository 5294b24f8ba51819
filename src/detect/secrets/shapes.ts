// Well-known credential shapes. These are lexical (one token of fixed alphabet after a fixed prefix), the way
// gitleaks and GitHub secret scanning recognise them, so a regular expression over the text is the right tool.
// A token starts after a non-alphanumeric character (`_` and `-` count, so `leaked_sk-...` is found) and runs
// as far as its alphabet does. Character classes never include `"`, `'` or `\`, so a match never spans a quoted or escaped boundary and
// replacing it cannot break the JSON, markdown or SARIF around it.

export interface TokenShape {
  /** Stable id, used in diagnostics and tests. */
  id: string;
  /** Human name for the diagnostic message. */
  label: string;
  /** Global, so it can scan a whole text; group 0 is the secret. */
  re: RegExp;
  /** The public, fixed part that may be shown (e.g. `sk-ant-`); never any of the random part but the last 4. */
  prefix(match: string): string;
}

const fixed = (p: string) => () => p;

export const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    id: 'anthropic-api-key',
    label: 'Anthropic API key',
    re: /(?<![A-Za-z0-9])sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{32,}/g,
    prefix: fixed('sk-ant-'),
  },
  {
    id: 'openai-api-key',
    label: 'OpenAI API key',
    // Legacy sk-<48>, and project/service-account keys sk-proj-..., sk-svcacct-..., sk-admin-...
    re: /(?<![A-Za-z0-9])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    prefix: (m) => /^sk-(proj|svcacct|admin)-/.exec(m)?.[0] ?? 'sk-',
  },
  {
    id: 'aws-access-key-id',
    label: 'AWS access key id',
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16,}/g,
    prefix: (m) => m.slice(0, 4),
  },
  {
    id: 'github-token',
    label: 'GitHub token',
    re: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})/g,
    prefix: (m) => (m.startsWith('github_pat_') ? 'github_pat_' : m.slice(0, 4)),
  },
  {
    id: 'slack-token',
    label: 'Slack token',
    re: /(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}/g,
    prefix: (m) => m.slice(0, 5),
  },
  {
    id: 'slack-webhook',
    label: 'Slack webhook URL',
    re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9_/-]{20,}/g,
    prefix: fixed('https://hooks.slack.com/services/'),
  },
  {
    id: 'google-api-key',
    label: 'Google API key',
    re: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35,}/g,
    prefix: fixed('AIza'),
  },
  {
    id: 'huggingface-token',
    label: 'Hugging Face token',
    re: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/g,
    prefix: fixed('hf_'),
  },
  {
    id: 'stripe-secret-key',
    label: 'Stripe secret key',
    re: /(?<![A-Za-z0-9])[rs]k_live_[A-Za-z0-9]{20,}/g,
    prefix: (m) => m.slice(0, 8),
  },
  {
    id: 'private-key',
    label: 'private key block',
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g,
    prefix: (m) => m,
  },
];

/**
 * Whether key material follows a private key header ending at `end`: 40 base64 characters or more, after blank
 * space, escaped newlines (a backslash and `n`, in a JSON or code string), the quotes, `+` and brackets of a key split
 * over concatenated string literals, and PEM header lines (`Proc-Type: 4,ENCRYPTED`). Docs and
 * templates show the header alone, or around `...` (`-----BEGIN RSA PRIVATE KEY-----\n...\n-----END`): no key.
 * Output redaction still masks every header (redact.ts), whatever follows it.
 */
export function hasKeyBody(text: string, end: number): boolean {
  const after = text.slice(end, end + 600);
  const body = after.replace(/^(?:[\s"'`+,()[\]]|\\[nr])*(?:[A-Za-z][A-Za-z-]{0,30}:[^\n\\]{0,200}(?:[\s"'`+,()[\]]|\\[nr])+)*/, '');
  return /^[A-Za-z0-9+/=]{40}/.test(body);
}

/** `sk-…3f9a`: the shape's public prefix, an ellipsis, and at most the last 4 characters (none when short). */
export function redactValue(value: string, prefix = ''): string {
  const rest = value.slice(prefix.length);
  return `${prefix}…${rest.length >= 16 ? rest.slice(-4) : ''}`;
}

/** Bits per character; random tokens score high, words and repeated characters low. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

// Markers of a value someone wrote instead of a credential. Words count only as whole words (between
// separators or at the ends), so a random token that happens to contain `fake` or `your` is still a token.
const TEMPLATE = /\$\{|\{\{|\{%|%\(|%s\b|<[^<>]*>|\u2026|\.\.\.|\*{3,}|x{6,}|X{6,}|^\$[A-Za-z_]|^env\(|process\.env|os\.environ/;
const PLACEHOLDER_WORD =
  /(?:^|[^A-Za-z0-9])(?:your|my|example|examples|placeholder|changeme|change[_-]?me|replace[_-]?me|replace|dummy|fake|sample|redacted|insert|todo|fixme|xxx+|not[_-]?a[_-]?real|test|here)(?=$|[^A-Za-z0-9])/i;

/** A value that is a template, a mask or an obvious stand-in (`${KEY}`, `<redacted>`, `sk-…3f9a`, `xxxxxx`). */
export function isTemplateOrMasked(value: string): boolean {
  return TEMPLATE.test(value);
}

/**
 * Values people write in docs, templates and tests instead of a real credential: `your-api-key`, `xxx`,
 * `${OPENAI_API_KEY}`, `<redacted>`, `{{ .Values.key }}`, `sk-...`, `AKIA...EXAMPLE`, or a run of one character.
 */
export function isPlaceholder(value: string): boolean {
  if (isTemplateOrMasked(value) || PLACEHOLDER_WORD.test(value)) return true;
  if (/EXAMPLE$|^example/i.test(value)) return true; // AWS's documented AKIAIOSFODNN7EXAMPLE and friends
  const body = value.replace(/^[A-Za-z]+[-_]/, '');
  if (/^(.)\1+$/.test(body)) return true;
  // Mostly one repeated character (sk-aaaaaaaaaaaaaaaaaaaa1) or an ascending run (sk-litellm-1234567890abcdef).
  if (entropy(body) < 2.5) return true;
  if (/123456789|abcdefghij|ABCDEFGHIJ/.test(body)) return true;
  return false;
}

/** A shape match that is likely real: not a placeholder and random enough for its kind. */
export function plausibleToken(shape: TokenShape, match: string): boolean {
  if (shape.id === 'private-key') return true;
  const body = match.slice(shape.prefix(match).length);
  if (isPlaceholder(match) || isPlaceholder(body)) return false;
  // Real keys mix letters and digits; prose like sk-this-is-not-a-key does not.
  if (shape.id !== 'slack-webhook' && !(/[0-9]/.test(body) && /[A-Za-z]/.test(body))) return false;
  // A short random body repeats characters by chance (AWS ids have 16 of 32 symbols): ask less of it.
  return entropy(body) >= (body.length <= 24 ? 2.5 : 3);
}

export interface TokenHit {
  shape: TokenShape;
  value: string;
  index: number;
}

/**
 * Every plausible well-known token in `text`, in order. Overlapping matches (sk-proj-... also matches the
 * legacy sk- shape) keep the first, longest one, unless `overlapping` is set (redaction wants them all).
 */
export function findTokens(text: string, opts: { overlapping?: boolean } = {}): TokenHit[] {
  const hits: TokenHit[] = [];
  for (const shape of TOKEN_SHAPES) {
    shape.re.lastIndex = 0;
    for (const m of text.matchAll(shape.re)) {
      if (plausibleToken(shape, m[0])) hits.push({ shape, value: m[0], index: m.index });
    }
  }
  hits.sort((a, b) => a.index - b.index || b.value.length - a.value.length);
  if (opts.overlapping) return hits;
  const out: TokenHit[] = [];
  let end = -1;
  for (const h of hits) {
    if (h.index < end) continue;
    out.push(h);
    end = h.index + h.value.length;
  }
  return out;
}
