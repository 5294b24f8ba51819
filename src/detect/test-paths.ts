/** Test code and its fixtures, by the conventions of pytest, Jest, Vitest, Mocha and Go. */
const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|spec|specs|testdata|fixtures?)\//i;
// Test code by the conventions of pytest, Go and the JS runners, and the compose files and env files only tests
// start (`docker-compose.test.yml`, `.env.test`).
const TEST_FILE = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.(?:py|go)|conftest\.py|[^/]*\.(?:test|spec)\.(?:[cm]?[jt]sx?|ya?ml|json)|\.env\.test)$/i;

export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_FILE.test(path);
}

const CODE_TEST_DIR = /(?:^|\/)(?:tests?|__tests__|testdata|fixtures?)\//i;
const CODE_TEST_FILE = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.(?:py|go)|conftest\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?|[^/]*\.test\.(?:ya?ml|json)|\.env\.test)$/i;

/**
 * Test code and fixtures the model sets aside: `isTestPath` without `spec/` folders and `*.spec.yaml|json`, names
 * that API specifications and agent specs use as often as tests do.
 */
export function isTestCode(path: string): boolean {
  return CODE_TEST_DIR.test(path) || CODE_TEST_FILE.test(path);
}
