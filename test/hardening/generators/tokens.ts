// Fake credentials in the exact shapes scanners look for, built at run time from a seeded generator so no
// token-shaped literal is ever committed (push protection and other scanners would rightly flag it).

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** mulberry32: small, seeded, good enough to make random-looking bodies. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomString(alphabet: string, length: number, seed: number): string {
  const r = rng(seed);
  let s = '';
  while (s.length < length) s += alphabet[Math.floor(r() * alphabet.length)];
  // Real keys mix letters and digits; make sure a short draw does too.
  if (/\d/.test(s) && /[A-Za-z]/.test(s)) return s;
  const digit = [...alphabet].find((c) => /\d/.test(c)) ?? '';
  const letter = [...alphabet].find((c) => /[A-Za-z]/.test(c)) ?? '';
  return s.slice(0, s.length - digit.length - letter.length) + digit + letter;
}

export type TokenKind = 'openai' | 'openai-project' | 'anthropic' | 'aws' | 'github' | 'github-pat' | 'slack' | 'google' | 'huggingface';

export function fakeToken(kind: TokenKind, seed = 1): string {
  const body = (n: number, alphabet = ALNUM) => randomString(alphabet, n, seed * 7919 + n);
  switch (kind) {
    case 'openai':
      return ['sk', body(48)].join('-');
    case 'openai-project':
      return ['sk', 'proj', body(40) + '_' + body(20)].join('-');
    case 'anthropic':
      return ['sk', 'ant', 'api03', body(80) + '-' + body(12) + 'AA'].join('-');
    case 'aws':
      return 'AK' + 'IA' + body(16, UPPER_NUM);
    case 'github':
      return 'gh' + 'p_' + body(36);
    case 'github-pat':
      return 'github' + '_pat_' + body(22) + '_' + body(59);
    case 'slack':
      return ['xo' + 'xb', body(12, '0123456789'), body(13, '0123456789'), body(24)].join('-');
    case 'google':
      return 'AI' + 'za' + body(35);
    case 'huggingface':
      return 'h' + 'f_' + body(34);
  }
}

export const TOKEN_KINDS: TokenKind[] = ['openai', 'openai-project', 'anthropic', 'aws', 'github', 'github-pat', 'slack', 'google', 'huggingface'];

/** A generic high-entropy literal with no well-known prefix (for `*_API_KEY = "..."` assignments). */
export function fakeLiteral(seed = 1, length = 32): string {
  return randomString(ALNUM + '_-', length, seed * 104729 + length);
}

/** A private key block header (the body is irrelevant: the header alone is the finding). */
export function fakePrivateKeyBlock(): string {
  const label = ['RSA', 'PRIVATE', 'KEY'].join(' ');
  return `-----BEGIN ${label}-----\n${randomString(ALNUM, 64, 5)}\n-----END ${label}-----\n`;
}
