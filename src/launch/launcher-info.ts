/** What dist/cli/index.js (src/launch/cli.ts) leaves for the bundle it starts. */
export interface Launcher {
  /** The launcher itself, to start threads through. */
  file: string;
  /** Writes code-cache entries for scripts that had none (see src/launch/code-cache.ts). */
  saveCodeCache: () => void;
}

/** The launcher that started this bundle; undefined when it was started otherwise (the Action, the test runner). */
export function launcher(): Launcher | undefined {
  return (globalThis as { __MAESTRO_LAUNCHER__?: Launcher }).__MAESTRO_LAUNCHER__;
}
