/** What dist/cli/index.js (src/launch/cli.ts) leaves for the bundle it starts. */
export interface Launcher {
  /** The launcher itself, to start threads through. */
  file: string;
  /** Writes code-cache entries for scripts that had none (see src/launch/code-cache.ts). */
  saveCodeCache: () => void;
  /** The sha256 (hex) of a bundle file's text, where the code cache already hashed it to name its entry. */
  sourceHash: (file: string) => string | undefined;
}

// A global, not a module variable: the launcher is built apart from the bundle (each has its own module copy).
const slot = globalThis as { __MAESTRO_LAUNCHER__?: Launcher };

/** Called by the launcher before it loads the bundle. */
export function setLauncher(l: Launcher): void {
  slot.__MAESTRO_LAUNCHER__ = l;
}

/** The launcher that started this bundle; undefined when it was started otherwise (the Action, the test runner). */
export function launcher(): Launcher | undefined {
  return slot.__MAESTRO_LAUNCHER__;
}
