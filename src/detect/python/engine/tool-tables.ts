import type { AttrValue } from '../../../model/types.js';
import type { CallInfo } from '../analysis/module.js';
import type { Arg } from '../analysis/values.js';
import { underRoot } from '../analysis/resolve.js';
import type { FileContext, SymbolResolver } from './context.js';
import type { CallRule } from './types.js';

/** A framework tool class (or tool symbol) and what it lets an agent do. */
export interface ToolEntry {
  caps: readonly string[];
  sandboxed?: boolean;
  /** Narrow or widen per call (`FileManagementToolkit(selected_tools=[...])`). */
  refine?(ctx: FileContext, call: CallInfo, args: Arg[]): { caps?: string[]; attributes?: Record<string, AttrValue | undefined> };
}

export type ToolTable = Record<string, ToolEntry>;

/** One call rule per table: instantiating any listed class makes a tool named by its variable or class. */
export function toolClassRule(framework: string, roots: readonly string[], table: ToolTable): CallRule {
  return {
    roots,
    tails: Object.keys(table),
    apply(ctx, call, qn) {
      const cls = Object.keys(table).find((k) => qn === k || qn.endsWith(`.${k}`))!;
      const entry = table[cls]!;
      const args = ctx.args(call);
      const refined = entry.refine?.(ctx, call, args) ?? {};
      const attributes: Record<string, AttrValue | undefined> = { ...(entry.sandboxed ? { sandboxed: true } : {}), ...refined.attributes };
      ctx.add(
        { kind: 'tool', name: ctx.nameFor(call, cls), framework, capabilities: refined.caps ?? [...entry.caps], attributes, line: ctx.callLine(call), note: `call ${cls}` },
        call.node,
      );
    },
  };
}

/** Tools handed over by reference (`tools=[shell, http_request]` from strands_tools). */
export function toolSymbolResolver(framework: string, roots: readonly string[], table: ToolTable): SymbolResolver {
  return (ctx, qn, node) => {
    if (!roots.some((r) => underRoot(qn, r))) return undefined;
    const name = qn.slice(qn.lastIndexOf('.') + 1);
    const entry = table[name];
    if (!entry) return undefined;
    const attributes = entry.sandboxed ? { sandboxed: true } : {};
    return ctx.add({ kind: 'tool', name, framework, capabilities: [...entry.caps], attributes, line: ctx.line(node), note: `tool ${name}` });
  };
}
