// Which variable, key or argument names hold a credential. The name must END with the secret word, so
// `max_tokens`, `tokenizer`, `token_limit` and `password_policy` are not matched while `OPENAI_API_KEY`,
// `apiKey`, `client_secret` and `DB_PASSWORD` are.

const SECRET_END =
  /(?:^|_)(?:api_?key|apikey|secret|secret_?key|client_?secret|access_?key|secret_?access_?key|private_?key|auth_?token|access_?token|refresh_?token|bearer_?token|token|password|passwd|pwd|credentials?)$/;

/** `apiKey` / `api-key` / `API_KEY` -> `api_key`. */
export function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toLowerCase();
}

export function isSecretName(name: string): boolean {
  const n = normaliseName(name.replace(/^["'`]|["'`]$/g, ''));
  return n.length <= 80 && SECRET_END.test(n);
}

/** Substrings that must appear in a file for a name-based finding to be possible (case variants spelled out). */
export const NAME_NEEDLES = ['key', 'Key', 'KEY', 'secret', 'Secret', 'SECRET', 'token', 'Token', 'TOKEN', 'pass', 'Pass', 'PASS', 'pwd', 'Pwd', 'PWD', 'credential', 'Credential', 'CREDENTIAL'];
