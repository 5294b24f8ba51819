import { CST, Lexer } from 'yaml';

// Shared by every YAML reader (manifest, policy, Kubernetes, compose...): hostile nesting is refused before parsing.

/** Flow collections (`[`, `{`) open at once. */
export const MAX_FLOW_DEPTH = 32;
/** Indentation of a line, and `- `/`? `/`: ` indicators before its content (compact nesting). */
export const MAX_INDENT = 120;
export const MAX_LINE_INDICATORS = 16;

/**
 * The yaml package composes nodes recursively. Near the stack limit V8 can abort the whole process (a
 * fatal out-of-memory while compiling a regular expression, seen with a few thousand nested `[`), which no
 * try/catch survives. So nesting is bounded first, with the lexer, which keeps no stack and stops early.
 * The bounds are far above any real manifest (about 6 levels).
 * `tokens` lets a caller that parses next lex once: it passes a lexer run that keeps the tokens for its parser.
 */
export function yamlNestingProblem(text: string, tokens: Iterable<string> = new Lexer().lex(text)): { offset: number; message: string } | undefined {
  let offset = 0;
  let flow = 0;
  let lineStart = true;
  let indicators = 0;
  for (const token of tokens) {
    const type = CST.tokenType(token);
    const at = offset;
    if (token !== CST.DOCUMENT && token !== CST.FLOW_END && token !== CST.SCALAR) offset += token.length;
    switch (type) {
      case 'flow-map-start':
      case 'flow-seq-start':
        if (++flow > MAX_FLOW_DEPTH) return { offset: at, message: `YAML nests more than ${MAX_FLOW_DEPTH} [ ] or { } levels` };
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        break;
      case 'newline':
        lineStart = true;
        indicators = 0;
        continue;
      case 'space':
        if (lineStart && token.length > MAX_INDENT) return { offset: at, message: `YAML indentation deeper than ${MAX_INDENT} columns` };
        continue;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        // Inside [ ] and { } these separate entries rather than nest them.
        if (flow === 0 && ++indicators > MAX_LINE_INDICATORS) return { offset: at, message: `YAML nests more than ${MAX_LINE_INDICATORS} levels on one line` };
        continue;
      default:
        break;
    }
    lineStart = false;
  }
  return undefined;
}

