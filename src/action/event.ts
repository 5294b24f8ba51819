// Which revisions to compare, from the workflow event alone. Pure: the payload in, a plan out.

export type RunPlan =
  | { mode: 'diff'; base: string; head?: string; pr?: number; why: string }
  | { mode: 'scan'; rev?: string; pr?: number; why: string };

export interface EventInput {
  eventName: string;
  payload: unknown;
  /** The `base-ref` / `head-ref` inputs: they win over the event. */
  baseRef?: string;
  headRef?: string;
}

const ZERO_SHA = /^0+$/;

/**
 * - pull_request: the PR base commit against the checked-out working tree (actions/checkout's merge commit), so
 *   the diff is what merging would add.
 * - pull_request_target: the checkout is the base branch, so the PR head is read as a git revision (read from git
 *   objects, never checked out or executed).
 * - merge_group: the queue's base against the checked-out head.
 * - push: `before` against the working tree; an all-zero `before` (a new branch) is a full scan.
 * - schedule, workflow_dispatch and anything else: a full audit of the working tree.
 * Head `undefined` means the working tree.
 */
export function planRun(input: EventInput): RunPlan {
  const p = (input.payload ?? {}) as Payload;
  const pr = input.eventName.startsWith('pull_request') && typeof p.pull_request?.number === 'number' ? p.pull_request.number : undefined;
  if (input.baseRef) return { mode: 'diff', base: input.baseRef, head: input.headRef, pr, why: 'base-ref input' };

  switch (input.eventName) {
    case 'pull_request': {
      const base = sha(p.pull_request?.base?.sha);
      if (base) return { mode: 'diff', base, head: input.headRef, pr, why: `pull request #${pr}` };
      break;
    }
    case 'pull_request_target': {
      const base = sha(p.pull_request?.base?.sha);
      const head = input.headRef ?? sha(p.pull_request?.head?.sha);
      if (base && head) return { mode: 'diff', base, head, pr, why: `pull request #${pr} (pull_request_target: head read from git objects)` };
      break;
    }
    case 'merge_group': {
      const base = sha(p.merge_group?.base_sha);
      if (base) return { mode: 'diff', base, head: input.headRef, why: 'merge queue' };
      break;
    }
    case 'push': {
      const before = sha(p.before);
      if (before && !ZERO_SHA.test(before)) return { mode: 'diff', base: before, head: input.headRef, why: 'push' };
      return { mode: 'scan', rev: input.headRef, why: 'push of a new branch: full scan' };
    }
    case 'schedule':
      return { mode: 'scan', rev: input.headRef, why: 'scheduled audit' };
    case 'workflow_dispatch':
      return { mode: 'scan', rev: input.headRef, why: 'manual audit' };
  }
  return { mode: 'scan', rev: input.headRef, pr, why: `${input.eventName || 'unknown'} event: full scan` };
}

interface Payload {
  pull_request?: { number?: number; base?: { sha?: string }; head?: { sha?: string } };
  merge_group?: { base_sha?: string; head_sha?: string };
  before?: string;
  after?: string;
}

function sha(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(v) ? v.toLowerCase() : undefined;
}
