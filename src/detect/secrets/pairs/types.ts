/** A name and the literal it is given, with the 1-based line of the literal. */
export interface NamedLiteral {
  name: string;
  value: string;
  line: number;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
