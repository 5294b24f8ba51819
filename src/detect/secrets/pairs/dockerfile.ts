import { Arg, DockerfileParser, Env } from 'dockerfile-ast';
import type { NamedLiteral } from './types.js';

/** `ENV KEY=value`, `ENV KEY value`, `ARG KEY=value`: the variables an image is built or run with. */
export function dockerfileLiterals(text: string): NamedLiteral[] {
  const out: NamedLiteral[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const props = ins instanceof Env ? ins.getProperties() : ins instanceof Arg ? [ins.getProperty()] : [];
    for (const p of props) {
      const value = p?.getValue();
      if (!p || value === null || value === undefined) continue;
      out.push({ name: p.getName(), value, line: (p.getValueRange()?.start.line ?? p.getRange().start.line) + 1 });
    }
  }
  return out;
}
