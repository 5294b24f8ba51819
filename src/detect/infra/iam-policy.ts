import { asArray, asObj, isObj, isUnknown } from './values.js';

/** Action prefixes of AI and AI-data services. */
const AI_ACTIONS = /^(bedrock|bedrock-agent|bedrock-agentcore|sagemaker|aoss|es|kendra|comprehend|lex|textract|q|aiplatform|ml)(:|\.)/i;

export interface PolicyVerdict {
  /** true: an Allow with Action "*" (any resource) or "svc:*" on Resource "*"; undefined: cannot tell. */
  iamWildcard: boolean | undefined;
  touchesAi: boolean;
  publicPrincipal: boolean;
  actions: string[];
}

/** Reads an IAM policy document given as an object, a JSON string, or a list of statements. */
export function analysePolicy(doc: unknown): PolicyVerdict {
  const verdict: PolicyVerdict = { iamWildcard: false, touchesAi: false, publicPrincipal: false, actions: [] };
  let d = doc;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      return { ...verdict, iamWildcard: undefined };
    }
  }
  if (isUnknown(d) || d === undefined) return { ...verdict, iamWildcard: undefined };
  const statements = Array.isArray(d) ? d : asArray(asObj(d)?.Statement ?? asObj(d)?.statement).length ? asArray(asObj(d)?.Statement ?? asObj(d)?.statement) : isObj(asObj(d)?.Statement) ? [asObj(d)!.Statement] : [];
  for (const s of statements) {
    const st = asObj(s);
    if (!st) continue;
    const effect = st.Effect ?? st.effect ?? 'Allow';
    if (effect === 'Deny') continue;
    const actions = list(st.Action ?? st.actions ?? st.NotAction ?? st.not_actions);
    const resources = list(st.Resource ?? st.resources ?? st.NotResource ?? st.not_resources ?? '*');
    const notAction = st.NotAction !== undefined || st.not_actions !== undefined;
    for (const a of actions) if (typeof a === 'string') verdict.actions.push(a);
    if (actions.some((a) => typeof a === 'string' && AI_ACTIONS.test(a))) verdict.touchesAi = true;
    const anyResource = resources.some((r) => r === '*');
    const unknownResource = resources.some((r) => isUnknown(r));
    const wild = actions.some((a) => a === '*' || notAction) ? 'all' : actions.some((a) => typeof a === 'string' && /:\*$/.test(a)) ? 'service' : actions.some(isUnknown) ? 'unknown' : 'none';
    if (wild === 'all' || (wild === 'service' && anyResource)) verdict.iamWildcard = true;
    else if (verdict.iamWildcard === false && (wild === 'unknown' || (wild === 'service' && unknownResource))) verdict.iamWildcard = undefined;
    const principal = st.Principal ?? st.principals;
    if (principal === '*' || asArray(asObj(principal)?.AWS).includes('*') || asObj(principal)?.AWS === '*') {
      if (!st.Condition && !st.condition) verdict.publicPrincipal = true;
    }
    // aws_iam_policy_document: principals { type = "*" identifiers = ["*"] }
    for (const p of asArray(principal)) if (asArray(asObj(p)?.identifiers).includes('*') && !st.condition) verdict.publicPrincipal = true;
  }
  return verdict;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/**
 * Several policy documents on one resource: wildcard when any is (each one reported through `onWildcard`),
 * unknown when none is and some cannot be read, else false; AI-touching when any is.
 */
export function foldPolicies<D extends { v: unknown }>(docs: readonly D[], onWildcard: (doc: D, verdict: PolicyVerdict) => void): { wildcard: boolean | undefined; touchesAi: boolean } {
  let wildcard: boolean | undefined = false;
  let touchesAi = false;
  for (const d of docs) {
    const v = analysePolicy(d.v);
    if (v.iamWildcard === true) {
      wildcard = true;
      onWildcard(d, v);
    } else if (v.iamWildcard === undefined && wildcard === false) wildcard = undefined;
    touchesAi ||= v.touchesAi;
  }
  return { wildcard, touchesAi };
}
