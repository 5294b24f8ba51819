// What deepagents' backends let its built-in file and execute tools do, for the Python and the JS detector (the npm
// package names its backends as the Python one does). A backend not listed (StateBackend, StoreBackend) keeps
// files in the graph's state and runs nothing.

const FILE_WRITES = ['write_file', 'edit_file', 'delete'];

export interface DeepagentsBackend {
  /** The Python package that provides it (sandboxes come from partner packages). */
  pyPackage: string;
  capabilities: string[];
  sandboxed: boolean;
  /** The built-in tools that reach outside the graph through it. */
  risky: string[];
}

export const DEEPAGENTS_BACKENDS: Record<string, DeepagentsBackend> = {
  FilesystemBackend: { pyPackage: 'deepagents', capabilities: ['file-read', 'file-write'], sandboxed: false, risky: FILE_WRITES },
  LocalShellBackend: { pyPackage: 'deepagents', capabilities: ['file-read', 'file-write', 'shell'], sandboxed: false, risky: [...FILE_WRITES, 'execute'] },
  LangSmithSandbox: { pyPackage: 'deepagents', capabilities: ['file-write', 'shell'], sandboxed: true, risky: [...FILE_WRITES, 'execute'] },
  ModalSandbox: { pyPackage: 'langchain_modal', capabilities: ['file-write', 'shell'], sandboxed: true, risky: [...FILE_WRITES, 'execute'] },
  DaytonaSandbox: { pyPackage: 'langchain_daytona', capabilities: ['file-write', 'shell'], sandboxed: true, risky: [...FILE_WRITES, 'execute'] },
  RunloopSandbox: { pyPackage: 'langchain_runloop', capabilities: ['file-write', 'shell'], sandboxed: true, risky: [...FILE_WRITES, 'execute'] },
  VercelSandbox: { pyPackage: 'langchain_vercel_sandbox', capabilities: ['file-write', 'shell'], sandboxed: true, risky: [...FILE_WRITES, 'execute'] },
};

/** A backend's tool attributes: approval counts only when every built-in tool that reaches outside waits for it. */
export function backendAttributes(b: DeepagentsBackend, approved: ReadonlySet<string>): { sandboxed: boolean; humanApproval?: true } {
  return { sandboxed: b.sandboxed, ...(b.risky.every((t) => approved.has(t)) ? { humanApproval: true as const } : {}) };
}
