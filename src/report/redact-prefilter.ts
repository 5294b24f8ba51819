// Words without which redaction has nothing to do. Every match of the masking patterns in redact.ts and of the
// token shapes in detect/secrets/shapes.ts contains one of SECRET_WORDS (ASCII case folded), and every unit
// decodedView decodes starts with one of ENCODING_STARTS or a zero-width character. So a line that holds none
// of them reads the same decoded and can hold no match: redactSecrets copies it without looking further.
//
// One pass over the text with an Aho-Corasick automaton: a report of 11 MB has ~25 such words to look for, and
// the regular expression engine, fast on one literal, spends ~10 ns a character on an alternation of them.

/** Keep in step with TOKEN_SHAPES and the patterns of redact.ts (test/hardening/redact-lines.test.ts checks each shape). */
export const SECRET_WORDS: readonly string[] = [
  // Token shapes; private-key is left out because its hits are never masked.
  'sk-', // anthropic-api-key, openai-api-key
  'k_live_', // stripe-secret-key (sk_live_, rk_live_)
  'akia', 'asia', 'abia', 'acca', // aws-access-key-id
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', // github-token
  'xox', // slack-token
  '://', // slack-webhook, and URL_USERINFO
  'aiza', // google-api-key
  'hf_', // huggingface-token
  // QUERY_SECRET: `?` or `&`, then a parameter name, which starts with a letter.
  ...[...'abcdefghijklmnopqrstuvwxyz'].flatMap((c) => [`?${c}`, `&${c}`]),
  // NAMED_SECRET's secret words: api key, apikey, access key and private key all end in `key`.
  'key', 'secret', 'token', 'passw', 'credential',
];

/** How decodedView's units begin: `&…;` references, Mermaid `#45;`, `%2d`, backslash escapes. */
export const ENCODING_STARTS: readonly string[] = ['&', '\\', ...[...'01234567'].map((d) => `%${d}`), ...[...'0123456789'].map((d) => `#${d}`)];

const HIT = 0xffff;

/** A scanner returning the index of the last character of the first word found at or after `from`, or -1. */
function scanner(words: readonly string[], zeroWidth: boolean): (text: string, from?: number) => number {
  // Trie over lowercase ASCII, then failure links breadth first, then a full transition table (128 per state).
  const next: Map<number, number>[] = [new Map()];
  const terminal: boolean[] = [false];
  for (const w of words) {
    let s = 0;
    for (const ch of w.toLowerCase()) {
      const c = ch.charCodeAt(0);
      if (c >= 128) throw new Error(`prefilter word ${w} is not ASCII`);
      let t = next[s]!.get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        terminal.push(false);
        next[s]!.set(c, t);
      }
      s = t;
    }
    terminal[s] = true;
  }
  const delta = new Uint16Array(next.length * 128);
  const fail = new Array<number>(next.length).fill(0);
  const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
  const order: number[] = [0];
  for (let k = 0; k < order.length; k++) {
    const s = order[k]!;
    if (s !== 0 && terminal[fail[s]!]) terminal[s] = true;
    for (let c = 0; c < 128; c++) {
      const t = next[s]!.get(fold(c));
      if (t !== undefined) {
        if (c === fold(c)) {
          fail[t] = s === 0 ? 0 : delta[(fail[s]! << 7) | c]!;
          order.push(t);
        }
        delta[(s << 7) | c] = t;
      } else delta[(s << 7) | c] = s === 0 ? 0 : delta[(fail[s]! << 7) | c]!;
    }
  }
  // A transition into an accepting state is a hit; the scan stops there, so accepting states need no row.
  for (let i = 0; i < delta.length; i++) if (terminal[delta[i]!]) delta[i] = HIT;
  return (text, from = 0) => {
    let s = 0;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        s = delta[(s << 7) | c]!;
        if (s === HIT) return i;
      } else if (zeroWidth && ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff)) return i;
      else s = 0;
    }
    return -1;
  };
}

/** In rendered text: the first place where a secret may be written, plainly or encoded. */
export const nextCandidate = scanner([...SECRET_WORDS, ...ENCODING_STARTS], true);

/** In decoded text: the first place where a secret may be written. */
export const nextSecretWord = scanner(SECRET_WORDS, false);
