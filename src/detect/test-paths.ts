/** Test code and its fixtures, by the conventions of pytest, Jest, Vitest, Mocha and Go. */
const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|spec|specs|testdata|fixtures?)\//i;
// Test code by the conventions of pytest, Go and the JS runners, and the compose files and env files only tests
// start (`docker-compose.test.yml`, `.env.test`).
const TEST_FILE = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.(?:py|go)|conftest\.py|[^/]*\.(?:test|spec)\.(?:[cm]?[jt]sx?|ya?ml|json)|\.env\.test)$/i;

export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_FILE.test(path);
}
