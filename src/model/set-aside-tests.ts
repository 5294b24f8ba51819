import { isTestCode } from '../detect/test-paths.js';
import { TEST_CODE_MARK } from '../detect/types.js';
import type { Linker } from './build.js';
import { cmp } from './order.js';

/** Test files named in the note, at most. */
const NAMED = 3;

/**
 * Tests and their fixtures (`tests/`, `test_*.py`, `*.test.ts`, `fixtures/`...) build agents with shell tools,
 * fake MCP servers and throwaway compose files that never ship: modelled, they would gate pull requests on chains
 * no deployment has. Their findings are set aside, as a framework's own source is, and one note says how many
 * files that was: those with findings, and the test code the code detectors marked without parsing it (the
 * marks are test paths too, so they go with the rest). A component that production code uses too (a model)
 * keeps its production sites only.
 */
export const setAsideTests: Linker = ({ files }) => {
  const held = (f: (typeof files)[number]) => f.findings.components.length > 0 || f.findings.facts[TEST_CODE_MARK] === true;
  const set = [...new Set(files.filter((f) => held(f) && isTestCode(f.path)).map((f) => f.path))].sort(cmp);
  if (!set.length) return {};
  const more = set.length > NAMED ? `, and ${set.length - NAMED} more` : '';
  return {
    exclude: isTestCode,
    diagnostics: [
      {
        path: set[0]!,
        code: 'test-code',
        message: `${set.length} test file(s) that mention agent frameworks or hold findings are not modelled (${set.slice(0, NAMED).join(', ')}${more}): tests and their fixtures do not ship, and their code is not parsed`,
      },
    ],
  };
};
