/** One requirement line, as far as pinning and naming go (PEP 508). */
export interface Requirement {
  name: string;
  extras: string[];
  /** Version clauses such as `>=1.0`, `==0.2.3`. */
  specifiers: { op: string; version: string }[];
  url?: string;
  marker?: string;
}

const OPS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];

/** Exactly one `==`/`===` clause without wildcard, or a URL pinned to a commit or an archive digest. */
export function isPinned(r: Requirement): boolean {
  if (r.url) return /@[0-9a-f]{40}\b/.test(r.url) || /#sha256=/.test(r.url);
  return r.specifiers.length === 1 && (r.specifiers[0]!.op === '==' || r.specifiers[0]!.op === '===') && !r.specifiers[0]!.version.includes('*');
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  ws(): void {
    while (this.i < this.s.length && /[ \t]/.test(this.s[this.i]!)) this.i++;
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  eat(ch: string): boolean {
    this.ws();
    if (this.s.startsWith(ch, this.i)) {
      this.i += ch.length;
      return true;
    }
    return false;
  }
  take(re: RegExp): string | undefined {
    this.ws();
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m || m.index !== this.i) return undefined;
    this.i += m[0].length;
    return m[0];
  }
  done(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }
}

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const VERSION = /[A-Za-z0-9_.*+!-]+/y;

/**
 * Parses a PEP 508 dependency specifier: `name[extra,...] (op version, ...) ; marker` or `name @ url ; marker`.
 * Throws with the column of the first token it cannot read.
 */
export function parseRequirement(spec: string): Requirement {
  const c = new Cursor(spec);
  const name = c.take(NAME);
  if (!name) throw new SyntaxError(`expected a package name at column ${c.i + 1}`);
  const extras: string[] = [];
  if (c.eat('[')) {
    if (!c.eat(']')) {
      do {
        const e = c.take(NAME);
        if (!e) throw new SyntaxError(`expected an extra name at column ${c.i + 1}`);
        extras.push(e);
      } while (c.eat(','));
      if (!c.eat(']')) throw new SyntaxError(`expected ] at column ${c.i + 1}`);
    }
  }
  const r: Requirement = { name, extras, specifiers: [] };
  if (c.eat('@')) {
    const url = c.take(/[^\s;]+/y);
    if (!url) throw new SyntaxError(`expected a URL at column ${c.i + 1}`);
    r.url = url;
  } else {
    const paren = c.eat('(');
    for (;;) {
      c.ws();
      const op = OPS.find((o) => c.s.startsWith(o, c.i));
      if (!op) break;
      c.i += op.length;
      const version = c.take(VERSION);
      if (!version) throw new SyntaxError(`expected a version at column ${c.i + 1}`);
      r.specifiers.push({ op, version });
      if (!c.eat(',')) break;
    }
    if (paren && !c.eat(')')) throw new SyntaxError(`expected ) at column ${c.i + 1}`);
  }
  if (c.eat(';')) r.marker = c.s.slice(c.i).trim();
  else if (!c.done()) throw new SyntaxError(`unexpected "${c.peek()}" at column ${c.i + 1}`);
  return r;
}

export interface RequirementLine {
  line: number;
  requirement?: Requirement;
  error?: string;
}

/**
 * Logical lines of a requirements file: comments dropped, `\` continuations joined (reported at their first
 * line), pip options (`-r`, `--hash`, `-e`), paths and bare URLs skipped.
 */
export function requirementLines(text: string): RequirementLine[] {
  const out: RequirementLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let raw = lines[i]!;
    while (raw.endsWith('\\') && i + 1 < lines.length) raw = raw.slice(0, -1) + ' ' + lines[++i]!;
    let s = raw.replace(/(^|\s)#.*$/, '').trim();
    // per-requirement options (`--hash=...`) follow the specifier
    s = s.split(/\s--/)[0]!.trim();
    if (!s || s.startsWith('-') || /^(\.|\/|[a-z+]+:\/\/)/i.test(s)) continue;
    try {
      out.push({ line: start + 1, requirement: parseRequirement(s) });
    } catch (err) {
      out.push({ line: start + 1, error: (err as Error).message });
    }
  }
  return out;
}
