/** Names looked for at the repository root, in this order, when no manifest path is given. */
export const MANIFEST_NAMES = ['maestro.yaml', '.maestro.yaml', 'maestro.yml'] as const;

/** The repository-relative path of the default manifest, or undefined when the repository has none. */
export async function findManifest(exists: (repoPath: string) => Promise<boolean>): Promise<string | undefined> {
  for (const name of MANIFEST_NAMES) if (await exists(name)) return name;
  return undefined;
}
