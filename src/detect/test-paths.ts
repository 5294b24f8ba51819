/** Test code and its fixtures, by the conventions of pytest, Jest, Vitest, Mocha and Go. */
const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|testdata|fixtures?)\//i;
// Test code by the conventions of pytest, Go and the JS runners, and the compose files and env files only tests
// start (`docker-compose.test.yml`, `.env.test`).
const TEST_FILE = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.(?:py|go)|conftest\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?|[^/]*\.test\.(?:ya?ml|json)|\.env\.test)$/i;
/** `spec/` folders and `*.spec.yaml|json`: test specs as often as API and agent specifications. */
const SPEC = /(?:^|\/)specs?\/|\.spec\.(?:ya?ml|json)$/i;

/**
 * Test code and fixtures the model sets aside. Not `spec/` folders and `*.spec.yaml|json`, names that API and
 * agent specifications use as often as tests do.
 */
export function isTestCode(path: string): boolean {
  return TEST_DIR.test(path) || TEST_FILE.test(path);
}

/** Test code, spec files included: where the secrets detector takes a literal for a fixture. */
export function isTestPath(path: string): boolean {
  return isTestCode(path) || SPEC.test(path);
}
