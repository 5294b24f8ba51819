import { compare } from '../diff/compare.js';
import type { DiffSection } from '../diff/types.js';
import type { Report } from './types.js';

/**
 * What drifted between two audits of the same repository (a scheduled run against the previous one's JSON):
 * new, resolved and changed findings matched by fingerprint, as the diff section of a pull request reads.
 */
export function compareReports(previous: Report, current: Report): DiffSection {
  return compare(previous, current, {
    base: previous.target.rev ?? 'previous audit',
    head: current.target.rev ?? 'this audit',
  });
}
