import type { Cx, Rule } from '../context.js';
import { frameworkOfModule, isAiPackage, packageOf } from '../frameworks.js';

/** Tracing vendors that only exist for LLM apps: their import is the evidence. */
function aiTracingVendor(m: string): string | undefined {
  const pkg = packageOf(m);
  if (pkg === 'langsmith') return 'langsmith';
  if (pkg === 'langfuse' || pkg.startsWith('langfuse-') || pkg.startsWith('@langfuse/')) return 'langfuse';
  if (pkg.startsWith('@arizeai/openinference') || pkg.startsWith('@arizeai/phoenix')) return 'openinference';
  if (pkg === 'helicone' || pkg.startsWith('@helicone/')) return 'helicone';
  if (pkg === '@traceloop/node-server-sdk' || pkg.startsWith('@traceloop/')) return 'traceloop';
  if (pkg === 'braintrust') return 'braintrust';
  if (pkg === 'weave') return 'weave';
  if (pkg === '@mastra/observability' || pkg === '@mastra/langfuse' || pkg === '@mastra/braintrust') return pkg.includes('langfuse') ? 'langfuse' : pkg.includes('braintrust') ? 'braintrust' : 'mastra';
  if (pkg === '@pydantic/logfire-node' || pkg === 'logfire') return 'logfire';
  return undefined;
}

/** General-purpose telemetry that counts only in a file that also uses AI packages. */
function generalVendor(m: string): string | undefined {
  const pkg = packageOf(m);
  if (pkg.startsWith('@opentelemetry/') || pkg === '@vercel/otel') return 'opentelemetry';
  if (pkg.startsWith('@sentry/')) return 'sentry';
  return undefined;
}

export const observabilityRules: Rule = {
  id: 'observability',
  appliesTo: () => false,
  afterCalls(cx: Cx) {
    const aiFile = cx.a.moduleUses.some((u) => !u.typeOnly && (isAiPackage(packageOf(u.module)) || frameworkOfModule(u.module)) && !aiTracingVendor(u.module));
    const vendors = new Map<string, number>();
    for (const use of cx.a.moduleUses) {
      if (use.typeOnly) continue;
      const v = aiTracingVendor(use.module) ?? (aiFile ? generalVendor(use.module) : undefined);
      if (v && !vendors.has(v)) vendors.set(v, use.line);
    }
    for (const [vendor, line] of vendors) {
      const id = cx.out.add({ kind: 'observability', name: vendor, global: true, attributes: { vendor, logsPrompts: true } }, line, 'import');
      // same module scope: the tracer sees the agents built here
      for (const c of [...cx.out.components.values()]) if (c.kind === 'agent') cx.out.edge(id, c.id, 'observes', line);
    }
  },
};
