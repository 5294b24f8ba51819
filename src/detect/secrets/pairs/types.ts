/** A name and the literal it is given, with the 1-based line of the literal. */
export interface NamedLiteral {
  name: string;
  value: string;
  line: number;
}

