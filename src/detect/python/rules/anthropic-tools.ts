import type { SyntaxNode } from '@lezer/common';
import type { ClassInfo } from '../analysis/module.js';
import { dictEntries } from '../analysis/values.js';
import { union } from '../engine/context.js';
import type { FileContext } from '../engine/context.js';
import type { RuleModule } from '../engine/types.js';

/**
 * Anthropic-defined tools used straight through the SDK: the application declares a versioned tool type
 * (`{"type": "bash_20250124", "name": "bash"}`, or a class holding `api_type = "computer_20250124"`) and runs
 * what the model asks for itself. The type alone says what the tool can do, whatever helper runs it.
 */

const VERSIONED = /^(bash|computer|text_editor|code_execution|web_search|web_fetch)_\d{8}$/;

function toolType(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (VERSIONED.test(value) || value === 'str_replace_based_edit_tool') return value;
  return undefined;
}

function capabilitiesOf(type: string): { capabilities: string[]; sandboxed?: boolean } {
  if (type.startsWith('bash')) return { capabilities: ['shell'] };
  if (type.startsWith('computer')) return { capabilities: ['browser'] };
  if (type.startsWith('text_editor') || type.startsWith('str_replace')) return { capabilities: ['file-read', 'file-write'] };
  // Anthropic runs these on its side
  if (type.startsWith('code_execution')) return { capabilities: ['code-exec'], sandboxed: true };
  if (type.startsWith('web_search')) return { capabilities: ['web-search'] };
  return { capabilities: ['http'] };
}

/** A string class attribute, looked up through base classes defined in this file. */
function classString(ctx: FileContext, cls: ClassInfo, attr: string, depth = 0): string | undefined {
  const b = cls.scope.bindings.get(attr)?.find((x) => x.kind === 'assign' && x.value);
  const own = b?.value ? ctx.str(b.value) : undefined;
  if (own !== undefined || depth > 4) return own;
  for (const base of cls.bases) {
    const parent = ctx.mod.classes.find((c) => c.name === ctx.text(base));
    const v = parent && classString(ctx, parent, attr, depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

function addTool(ctx: FileContext, type: string, name: string, line: number, note: string, extraCaps: string[] = [], node?: SyntaxNode): string {
  const { capabilities, sandboxed } = capabilitiesOf(type);
  return ctx.add({ kind: 'tool', name, framework: 'anthropic', capabilities: union(capabilities, extraCaps), attributes: { providerTool: `anthropic.${type}`, sandboxed }, line, note }, node);
}

function classTools(ctx: FileContext): void {
  for (const cls of ctx.mod.classes) {
    let versioned = false;
    for (const [attr, bindings] of cls.scope.bindings) {
      const b = bindings.find((x) => x.kind === 'assign' && x.value);
      const type = toolType(b?.value ? ctx.str(b.value) : undefined);
      if (!b || !type) continue;
      const name = (attr === 'name' ? undefined : classString(ctx, cls, 'name')) ?? type;
      addTool(ctx, type, name, b.line, `${cls.name}.${attr} = "${type}"`, ctx.classifyFunction(ctx, cls).capabilities, cls.node);
      versioned = true;
      break;
    }
    if (!versioned) customToolClass(ctx, cls);
  }
}

/** The methods that hand a tool's definition to the Messages API in Anthropic's own tool classes and their copies. */
const TO_PARAMS = new Set(['to_params', 'to_param']);

/**
 * A tool of the application's own in the shape of Anthropic's tool classes: a class whose `to_params()` returns the
 * custom tool schema (`{"name": ..., "description": ..., "input_schema": ...}`) and that runs the call itself (the
 * browser-use demo's `BrowserTool`, a Playwright browser). What it can do is what its methods do.
 */
function customToolClass(ctx: FileContext, cls: ClassInfo): void {
  const method = cls.methods.find((f) => TO_PARAMS.has(f.name));
  if (!method) return;
  for (const dict of ctx.treeNodes().dicts) {
    if (dict.from < method.node.from || dict.to > method.node.to) continue;
    const entries = dictEntries(ctx.mod, dict);
    if (!entries.some((e) => e.key === 'input_schema')) continue;
    const nameEntry = entries.find((e) => e.key === 'name');
    const name = (nameEntry && ctx.str(nameEntry.value)) ?? classString(ctx, cls, 'name') ?? cls.name;
    const { capabilities } = ctx.classifyFunction(ctx, cls);
    ctx.add({ kind: 'tool', name, framework: 'anthropic', capabilities, line: cls.line, note: `class ${cls.name} with a tool schema` }, cls.node);
    return;
  }
}

function dictTools(ctx: FileContext): void {
  for (const node of ctx.treeNodes().dicts) dictTool(ctx, node);
}

/** The tool a dict declares (`{"type": "bash_20250124", "name": "bash"}`), made now if it is one; its id. */
export function dictTool(ctx: FileContext, node: SyntaxNode): string | undefined {
  const entries = dictEntries(ctx.mod, node);
  const typeEntry = entries.find((e) => e.key === 'type');
  const type = toolType(typeEntry && ctx.str(typeEntry.value));
  if (!type || !typeEntry) return undefined;
  const nameEntry = entries.find((e) => e.key === 'name');
  return addTool(ctx, type, (nameEntry && ctx.str(nameEntry.value)) ?? type, ctx.line(typeEntry.value), `tool type "${type}"`);
}

export const anthropicTools: RuleModule = {
  id: 'anthropic-tools',
  needles: ['_2024', '_2025', '_2026', 'str_replace_based_edit_tool', 'input_schema'],
  finish(ctx) {
    classTools(ctx);
    dictTools(ctx);
  },
};
