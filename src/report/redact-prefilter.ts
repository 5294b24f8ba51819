// Words without which redaction has nothing to do. Every match of the masking patterns in redact.ts and of the
// token shapes in detect/secrets/shapes.ts contains a match of SECRET_WORD, TOKEN_PREFIX or QUERY_START, and every
// unit decodedView decodes starts with a match of ENCODING_START. So a line with none of them reads the same
// decoded and can hold no match: redactSecrets copies it without looking further.
//
// Three scans of plain alternatives rather than one: the regular expression engine skips ahead on a few literals
// but tries every position of an 11 MB report against one long alternation (5x slower than these three together).

/** NAMED_SECRET's and QUERY_SECRET's secret words (api key, apikey, access key and private key all end in `key`). */
const SECRET_WORD = /key|secret|token|passw|credential/gi;

/**
 * The fixed part of each token shape (keep in step with TOKEN_SHAPES; test/hardening/redact-lines.test.ts has a
 * sample of each), `://` for the Slack webhook and URL_USERINFO. private-key is left out: its hits are never masked.
 */
const TOKEN_PREFIX = /sk-|k_live_|AKIA|ASIA|ABIA|ACCA|AIza|gh[pousr]_|github_pat_|xox|hf_|:\/\//g;

/** QUERY_SECRET: `?` or `&`, then a parameter name. */
const QUERY_START = /[?&][a-z]/gi;

/** How decodedView's units begin (`&…;` references, backslash escapes, `%2d`, Mermaid `#45;`, joiners), and `?x`. */
const ENCODING_START = /[&\\\u200b-\u200d\u2060\ufeff]|%[0-7]|#\d|\?[a-z]/gi;

/**
 * For a text, a function from an offset to the first place at or after it where a secret may be written (plainly,
 * or in rendered text also encoded), or -1. Offsets must not decrease: each pattern then scans the text once.
 */
export function candidates(text: string, opts: { encoded: boolean }): (from: number) => number {
  const patterns = [SECRET_WORD, TOKEN_PREFIX, opts.encoded ? ENCODING_START : QUERY_START];
  const next = [-2, -2, -2]; // per pattern: the next match found so far, -2 before the first search, -1 for none
  return (from) => {
    let first = -1;
    for (let k = 0; k < patterns.length; k++) {
      if (next[k]! !== -1 && next[k]! < from) {
        const re = patterns[k]!;
        re.lastIndex = from;
        next[k] = re.exec(text)?.index ?? -1;
      }
      const at = next[k]!;
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  };
}
