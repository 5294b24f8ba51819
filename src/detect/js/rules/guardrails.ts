import type { Cx, Rule } from '../context.js';
import { packageOf } from '../frameworks.js';

/** Guardrail services invoked in code; each guards the agents and models built in the same module. */
function guard(cx: Cx, vendor: string, stage: string, line: number, note: string): void {
  const id = cx.out.add({ kind: 'guardrail', name: vendor, global: true, attributes: { vendor, stage } }, line, note);
  pending.set(cx, [...(pending.get(cx) ?? []), id]);
}

const pending = new WeakMap<Cx, string[]>();

export const guardrailRules: Rule = {
  id: 'guardrails',
  appliesTo: (m) => ['openai', '@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-bedrock', 'llm-guard', '@lakera/sdk', 'openai-guardrails', '@openai/guardrails'].includes(packageOf(m)) || m === '<global>',
  onCall(site, cx) {
    const p = site.origin.path;
    const pkg = packageOf(site.origin.module);
    if (pkg === 'openai' && p.includes('moderations')) return guard(cx, 'openai-moderation', 'input', site.line, 'moderations');
    if (pkg === '@aws-sdk/client-bedrock-runtime' && p[0] === 'ApplyGuardrailCommand') return guard(cx, 'bedrock-guardrails', 'both', site.line, 'ApplyGuardrail');
    if (pkg === '@aws-sdk/client-bedrock-runtime' && /^Converse/.test(p[0]!) && site.args[0]) {
      const prop = cx.a.prop(cx.a.objectLiteral(site.args[0]), 'guardrailConfig');
      if (prop) return guard(cx, 'bedrock-guardrails', 'both', cx.a.line(prop), 'guardrailConfig');
    }
    if (pkg === '@openai/guardrails' || pkg === 'openai-guardrails') return guard(cx, 'openai-guardrails', 'both', site.line, p[0] ?? 'guardrails');
    if (pkg === 'llm-guard') return guard(cx, 'llm-guard', 'both', site.line, p[0] ?? 'llm-guard');
    if (pkg === '@lakera/sdk') return guard(cx, 'lakera', 'input', site.line, p[0] ?? 'lakera');
    // fetch('https://api.lakera.ai/v2/guard', ...)
    if (site.origin.module === '<global>' && p[0] === 'fetch') {
      const url = cx.a.constValue(site.args[0]);
      if (url?.includes('lakera.ai')) guard(cx, 'lakera', 'input', site.line, 'lakera api');
    }
  },
  afterCalls(cx) {
    for (const g of new Set(pending.get(cx) ?? [])) {
      for (const c of [...cx.out.components.values()]) {
        if (c.kind === 'agent' || c.kind === 'model') cx.out.edge(g, c.id, 'guards', cx.out.components.get(g)!.evidence[0]!.line);
      }
    }
  },
};
