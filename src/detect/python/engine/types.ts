import type { CallInfo, ClassInfo, DecoratorInfo, FunctionInfo, ImportBinding } from '../analysis/module.js';
import type { FileContext } from './context.js';

/** Which imports mean "this file uses framework X". */
export interface FrameworkSpec {
  id: string;
  /** Import roots (`langgraph`, `google.adk`); a module matches when it is the root or below it. */
  roots: readonly string[];
  /** Extra test for roots that local packages also use (`agents`). */
  accepts?(imp: ImportBinding): boolean;
}

interface Matcher {
  /** Qualified-name roots the rule applies to (`langchain_openai`, `langchain_community`). */
  roots: readonly string[];
  /** Qualified-name endings (`ChatOpenAI`, `StateGraph().compile`, `OpenAI().chat.completions.create`). */
  tails: readonly string[];
  /** Extra test on the full qualified name. */
  accepts?(qn: string): boolean;
}

export interface CallRule extends Matcher {
  apply(ctx: FileContext, call: CallInfo, qn: string): void;
}

export interface DecoratorRule extends Matcher {
  apply(ctx: FileContext, fn: FunctionInfo, decorator: DecoratorInfo, qn: string): void;
}

export interface ClassRule extends Matcher {
  apply(ctx: FileContext, cls: ClassInfo, qn: string): void;
}

/**
 * One rule module per framework family. Adding a framework = one module exporting this, registered in
 * rules/index.ts, plus one fixture mini-repository.
 */
export interface RuleModule {
  id: string;
  /** Substrings that make a file worth parsing for this module. */
  needles: readonly string[];
  frameworks?: readonly FrameworkSpec[];
  calls?: readonly CallRule[];
  decorators?: readonly DecoratorRule[];
  classes?: readonly ClassRule[];
  /** Runs after every call rule of every module, to link what calls alone cannot (graph nodes, routes). */
  finish?(ctx: FileContext): void;
}
