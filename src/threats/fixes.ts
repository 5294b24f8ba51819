import type { Evidence } from '../model/types.js';
import type { ControlDef } from './catalog-types.js';
import { sortEvidence } from '../model/order.js';
import { LEVEL_RANK } from './risk.js';
import type { ChainFinding, FixItem } from './types.js';

/**
 * MAESTRO step 5 as a greedy set cover: repeatedly pick the strong control that breaks the most remaining open
 * high/critical chain risk (sum of their scores), until no control breaks any remaining chain. Ties go to the
 * control that breaks more chains, then to one the scanner can verify in code (it has `detected` rules), then
 * to the control id. Greedy is within ln(n) of the fewest controls.
 */
export function rankFixes(chains: readonly ChainFinding[], controls: ReadonlyMap<string, ControlDef>): FixItem[] {
  const targets = chains.filter((c) => c.status === 'open' && LEVEL_RANK[c.risk.level] >= LEVEL_RANK.high);
  // control -> chain fingerprint -> where it would be applied in that chain
  const options = new Map<string, Map<string, Evidence[]>>();
  for (const chain of targets)
    for (const b of chain.breakers) {
      if (controls.get(b.controlId)?.strength !== 'strong') continue;
      let per = options.get(b.controlId);
      if (!per) options.set(b.controlId, (per = new Map()));
      const where = per.get(chain.fingerprint) ?? [];
      if (b.where) where.push(b.where);
      per.set(chain.fingerprint, where);
    }
  const score = new Map(targets.map((c) => [c.fingerprint, c.risk.score]));
  const remaining = new Set(targets.map((c) => c.fingerprint));
  const fixes: FixItem[] = [];
  for (;;) {
    let best: { id: string; breaks: string[]; value: number; detectable: boolean } | undefined;
    for (const [id, per] of [...options].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const breaks = [...per.keys()].filter((fp) => remaining.has(fp)).sort();
      const value = breaks.reduce((s, fp) => s + score.get(fp)!, 0);
      if (!breaks.length) continue;
      const detectable = !!controls.get(id)?.detected?.length;
      const better =
        !best ||
        value > best.value ||
        (value === best.value && (breaks.length > best.breaks.length || (breaks.length === best.breaks.length && detectable && !best.detectable)));
      if (better) best = { id, breaks, value, detectable };
    }
    if (!best) break;
    const per = options.get(best.id)!;
    fixes.push({ controlId: best.id, breaks: best.breaks, riskRemoved: best.value, where: sortEvidence(best.breaks.flatMap((fp) => per.get(fp) ?? [])) });
    for (const fp of best.breaks) remaining.delete(fp);
  }
  return fixes;
}
