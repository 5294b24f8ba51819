/**
 * Which of an MCP tool's annotations (`readOnlyHint`, `destructiveHint`), if either, declares that the tool changes
 * its environment: `readOnlyHint: false`, or `destructiveHint: true` on a tool not declared read-only (the spec reads
 * destructiveHint only then). The caller adds side effects on that hint's evidence, and never takes any away.
 */
export function sideEffectHint<T extends { value: boolean }>(readOnly: T | undefined, destructive: T | undefined): T | undefined {
  if (readOnly?.value === false) return readOnly;
  return destructive?.value === true && readOnly?.value !== true ? destructive : undefined;
}
