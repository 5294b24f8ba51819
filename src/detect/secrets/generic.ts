import { entropy, isPlaceholder } from './shapes.js';

/**
 * A literal assigned to a secret-named variable that is likely a real credential: long enough, not a
 * placeholder, not an obvious word or path, and random enough.
 */
export function plausibleLiteral(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || v.length > 512) return false;
  if (/\s/.test(v)) return false; // prose, not a key
  if (isPlaceholder(v)) return false;
  if (/^(?:true|false|null|none|undefined)$/i.test(v)) return false;
  if (/^[a-z]+:\/\/[^@]*$/i.test(v)) return false; // a URL without credentials: config, not a secret
  if (/^[./~]|\/.*\//.test(v)) return false; // a path: a key file location, not the key
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false; // another variable's name (`API_KEY = "OPENAI_API_KEY"`)
  if (namesItself(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  if (classes < 2) return false;
  return entropy(v) >= 3.2;
}

const SELF_NAMING = new Set(['secret', 'key', 'apikey', 'token', 'password', 'passwd', 'pwd', 'credential', 'credentials', 'auth']);

/**
 * Words only, one of them a secret word: a value that says what it stands for (`custom-mount-secret`,
 * `box-access-token`, `replayed-secret:openai-key`), as test fixtures write them. A key, token or password with a digit
 * or a run of random letters is not one; a passphrase that does not name itself is still reported.
 */
function namesItself(v: string): boolean {
  return /^[A-Za-z]+(?:[-_.:][A-Za-z]+)+$/.test(v) && v.toLowerCase().split(/[-_.:]/).some((w) => SELF_NAMING.has(w));
}
