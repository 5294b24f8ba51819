import { isSecretName, normaliseName } from './names.js';
import { entropy, isPlaceholder } from './shapes.js';

/**
 * A literal assigned to a secret-named variable that is likely a real credential: long enough, not a
 * placeholder, not an obvious word or path, and random enough. In test code (`inTest`), a value of plain words is a
 * fixture however it reads (`subject-jwt-from-vertex`, `header.payload.signature`).
 */
export function plausibleLiteral(value: string, inTest = false): boolean {
  const v = value.trim();
  if (v.length < 12 || v.length > 512) return false;
  if (/\s/.test(v)) return false; // prose, not a key
  if (isPlaceholder(v)) return false;
  if (/^(?:true|false|null|none|undefined)$/i.test(v)) return false;
  if (/^[a-z]+:\/\/[^@]*$/i.test(v)) return false; // a URL without credentials: config, not a secret
  if (/^[./~]|\/.*\//.test(v)) return false; // a path: a key file location, not the key
  if (PUBLIC_KEY.test(v)) return false; // a key made to ship in browsers and apps, public by design
  if (FILE_NAME.test(v)) return false; // `caCertSecretKey: ca-bundle.crt` names the file that holds it
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false; // another variable's name (`API_KEY = "OPENAI_API_KEY"`)
  if (namesItself(v) || (inTest && fixtureWords(v))) return false;
  if (/^__[a-z][a-z0-9_]*__$/.test(v)) return false; // a dunder sentinel (`"__depth_limit__"`), Python's marker style
  const json = jsonValue(v);
  if (json !== undefined) return holdsSecret(json, inTest, 0);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  if (classes < 2) return false;
  return entropy(v) >= 3.2;
}

/**
 * JSON text held in a credential-named string (`credentials='{"type":"service_account"}'`) is judged by what it
 * holds: its braces and quotes would otherwise pass for the mixed characters of a key. The name around it already
 * says it holds credentials, so every string in it counts (an array of keys, `{"key": ...}`,
 * `{"openrouter": ...}`) but for members that name what they are (`type`, `client_id`, `project_id`,
 * `client_email`, `token_uri`...), which are identifiers and addresses, not secrets.
 */
function jsonValue(v: string): unknown {
  if (!/^[{[]/.test(v)) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** Members that hold an identifier, an address or a label, however random they look (`private_key_id`). */
const DESCRIBING_MEMBER = /(?:^|_)(?:type|id|email|user|username|name|uri|url|domain|region|project|version)$/;

function holdsSecret(value: unknown, inTest: boolean, depth: number): boolean {
  if (depth > 16 || value === null || typeof value !== 'object') return false;
  for (const [k, x] of Object.entries(value)) {
    const judged = Array.isArray(value) || isSecretName(k) || !DESCRIBING_MEMBER.test(normaliseName(k));
    if (typeof x === 'string' ? judged && plausibleLiteral(x, inTest) : holdsSecret(x, inTest, depth + 1)) return true;
  }
  return false;
}

/** PostHog project keys and Stripe publishable keys: their vendors publish them in every page that uses them. */
const PUBLIC_KEY = /^(?:phc_[A-Za-z0-9]{20,}|pk_(?:live|test)_[A-Za-z0-9]{16,})$/;

/** A file name with an extension that key material, certificates and configuration are kept in. */
const FILE_NAME = /^[\w-]+(?:\.[\w-]+)*\.(?:pem|crt|cer|der|key|p12|pfx|jks|csr|pub|json|ya?ml|toml|txt|env)$/i;

/** Words joined by `-` `_` `.` `:`, with short numbers among them (`access-token-456`), and no random run. */
const PLAIN_WORDS = /^[A-Za-z]+(?:[-_.:](?:[A-Za-z]+|[0-9]{1,4}))+$/;

function plainWords(v: string): boolean {
  return PLAIN_WORDS.test(v);
}

/**
 * In tests, also lower-case words that end in a number (`m0-verified-key`, `m0-supersecretkey1234`, `abcd1234`): a
 * key pasted into a fixture mixes case or puts digits between letters.
 */
function fixtureWords(v: string): boolean {
  return plainWords(v) || v.split(/[-_.:]/).every((w) => /^[a-z]*[0-9]*$/.test(w) && w.length > 0);
}

const SELF_NAMING = new Set(['secret', 'key', 'apikey', 'token', 'password', 'passwd', 'pwd', 'credential', 'credentials', 'auth']);

/** Words run together in camelCase or PascalCase, letters only (`linkedInAccessToken`, `TwitterApiKey`). */
const CAMEL_WORDS = /^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/;

/**
 * Plain words, one of them a secret word: a value that says what it stands for (`custom-mount-secret`,
 * `box-access-token`, `replayed-secret:openai-key`, `access-token-456`), as test fixtures write them, or as a
 * configuration key's name (`LINKEDIN_ACCESS_TOKEN = "linkedInAccessToken"`, the key the token is read under). A
 * key, token or password with a digit inside a word or a run of random letters is not one; a passphrase that does
 * not name itself is still reported outside tests.
 */
function namesItself(v: string): boolean {
  const words = plainWords(v) ? v.split(/[-_.:]/) : CAMEL_WORDS.test(v) ? v.split(/(?=[A-Z])/) : [];
  return words.some((w) => SELF_NAMING.has(w.toLowerCase()));
}
