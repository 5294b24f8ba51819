import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile, From, Instruction } from 'dockerfile-ast';
import type { Evidence } from '../../model/types.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { anyCaseAt, endsWithAnyCase } from '../path-name.js';
import { byExtension } from '../select.js';
import { basename, component, dirname, finish, isLiteralSecret, joinRepoPath, secretDiagnostic } from './common.js';

/** `Dockerfile`, `Dockerfile.dev`, `api.Dockerfile`, `x.dockerfile`, `Containerfile`. */
export function isDockerfilePath(path: string): boolean {
  const start = path.lastIndexOf('/') + 1;
  const named = anyCaseAt(path, start, 'dockerfile') || anyCaseAt(path, start, 'containerfile');
  if (!named && !endsWithAnyCase(path, 'dockerfile') && !endsWithAnyCase(path, 'containerfile')) return false;
  const b = path.slice(start);
  if (/\.(dockerignore|md|txt|rst|adoc|json|ya?ml|sh|ps1|py|[cm]?[jt]s|html|lock|png|svg)$/i.test(b)) return false;
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(b) || /.\.(dockerfile|containerfile)$/i.test(b);
}

/** The name an image built from this file most likely carries: its directory, or the `api` of `api.Dockerfile`. */
export function imageNameCandidates(path: string): string[] {
  const b = basename(path);
  const dir = basename(dirname(path));
  const out: string[] = [];
  const prefix = /^(.+)\.(dockerfile|containerfile)$/i.exec(b);
  if (prefix) out.push(prefix[1]);
  const suffix = /^(?:dockerfile|containerfile)\.(.+)$/i.exec(b);
  // `src/cartservice/src/Dockerfile`: a generic directory name says less than its parent's.
  const parent = basename(dirname(dirname(path)));
  if (GENERIC_DIR.test(dir) && parent) out.push(parent);
  if (dir) out.push(dir);
  if (suffix && !/^(dev|prod|production|test|local|ci|debug|base)$/i.test(suffix[1])) out.push(suffix[1]);
  return [...new Set(out.map((s) => s.toLowerCase()))];
}

const GENERIC_DIR = /^(src|app|docker|build|deploy|deployment|container|image|\.devcontainer|server|backend|service)$/i;

export interface CopySource {
  /** As written in COPY/ADD. */
  source: string;
  line: number;
}

export interface DockerfileFacts {
  componentId: string;
  dir: string;
  nameCandidates: string[];
  /** COPY/ADD sources of the stages that reach the final image, as written. */
  copySources: CopySource[];
  /**
   * The languages the final image can run (`python`, `js`, `dotnet`...), from its base image and what its own
   * stages install and start; absent when nothing says (an OS base image that installs nothing by name).
   */
  runtimes?: string[];
}

/** What a base image's name says it runs. */
const IMAGE_RUNTIMES: [RegExp, string][] = [
  [/(?:^|\/)(?:python|pypy|jupyter\/[\w-]+|pytorch\/pytorch|tensorflow\/tensorflow)(?::|@|$)|(?:^|\/)uv(?::|@|$)|astral-sh\/uv/, 'python'],
  [/(?:^|\/)(?:node|bun|deno)(?::|@|$)|oven\/bun|denoland\//, 'js'],
  [/(?:^|\/)dotnet\/|(?:^|\/)mono(?::|@|$)/, 'dotnet'],
  [/(?:^|\/)golang(?::|@|$)/, 'go'],
  [/(?:^|\/)(?:openjdk|eclipse-temurin|amazoncorretto|maven|gradle)(?::|@|$)/, 'java'],
  [/(?:^|\/)rust(?::|@|$)/, 'rust'],
];
/** What a RUN, CMD or ENTRYPOINT of the final image's own stages installs or starts. */
const COMMAND_RUNTIMES: [RegExp, string][] = [
  [/\b(?:python3?(?:\.\d+)?|pip3?|uv|uvx|poetry|pipenv|uvicorn|gunicorn|hypercorn|streamlit|chainlit|gradio|celery)\b/, 'python'],
  [/\b(?:node|nodejs|npm|npx|yarn|pnpm|bun|deno)\b/, 'js'],
  [/\bdotnet\b/, 'dotnet'],
];

const CURL_PIPE_SH = /\b(curl|wget)\b[^;&|]*\|\s*(sudo\s+(-\S+\s+)*)?(\/(usr\/)?bin\/)?(ba|z|da|k|fi)?sh\b/;
/** A sudoers rule that lets a user run anything as root without a password (`echo "u ALL=(ALL) NOPASSWD:ALL" >> ...`). */
const NOPASSWD_ALL = /\bNOPASSWD\s*:\s*ALL\b/;
const SH_OF_CURL = /\b(ba|z|da|k)?sh\b[^;&|]*(<\(|\$\(|`)\s*(curl|wget)\b/;
const REMOTE = /^(https?|ftp):\/\/|^git@|\.git(#.*)?$/i;
const VAR = /\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}?/g;

function line(i: Instruction): number {
  return i.getRange().start.line + 1;
}

export const dockerfileDetector: Detector = {
  id: 'infra-dockerfile',
  version: 3,
  // the extensions isDockerfilePath turns down first
  wants: byExtension({ no: ['dockerignore', 'md', 'txt', 'rst', 'adoc', 'json', 'yml', 'yaml', 'sh', 'ps1', 'py', 'js', 'ts', 'cjs', 'cts', 'mjs', 'mts', 'html', 'lock', 'png', 'svg'], otherwise: 'ask', anyCase: true }, isDockerfilePath),
  detect(file: FileInput): Findings {
    return finish(analyseDockerfile(file));
  },
};

function analyseDockerfile(file: FileInput): Findings {
  const f = emptyFindings();
  const path = file.path;
  const df: Dockerfile = DockerfileParser.parse(file.text);
  const froms = df.getFROMs();
  if (froms.length === 0) {
    f.diagnostics.push({ path, line: 1, code: 'parse-error', message: 'Dockerfile without a FROM instruction' });
    return f;
  }
  const args = new Map<string, string>();
  for (const a of df.getInitialARGs()) {
    const p = a.getProperty();
    if (p?.getName() && p.getValue() != null) args.set(p.getName(), p.getValue() as string);
  }
  const subst = (s: string): string | undefined => {
    let unresolved = false;
    const out = s.replace(VAR, (_m, name: string) => {
      const v = args.get(name);
      if (v === undefined) unresolved = true;
      return v ?? '';
    });
    return unresolved ? undefined : out;
  };

  // dockerfile-ast re-reads an instruction's arguments on every getImage(): read each FROM's image once.
  const images = new Map<From, string | null>();
  const imageOf = (from: From): string | null => {
    if (!images.has(from)) images.set(from, from.getImage());
    return images.get(from)!;
  };

  // Stages in order; each one's instructions are those between its FROM and the next.
  const all = df.getInstructions();
  const stages = froms.map((from, idx) => {
    const start = from.getRange().start.line;
    const end = idx + 1 < froms.length ? froms[idx + 1].getRange().start.line : Number.MAX_SAFE_INTEGER;
    return {
      from,
      name: from.getBuildStage()?.toLowerCase() ?? String(idx),
      index: idx,
      instructions: all.filter((i) => i.getRange().start.line > start && i.getRange().start.line < end),
    };
  });
  const byName = new Map(stages.map((s) => [s.name, s]));
  stages.forEach((s) => byName.set(String(s.index), s));
  const final = stages[stages.length - 1];

  // Stages whose files reach the final image: the final one, its FROM ancestry and every COPY --from.
  const contributing = new Set<number>();
  const visit = (s: (typeof stages)[number]) => {
    if (contributing.has(s.index)) return;
    contributing.add(s.index);
    const parent = byName.get((imageOf(s.from) ?? '').toLowerCase());
    if (parent && parent.index < s.index) visit(parent);
    for (const i of s.instructions) {
      const from = (i as { getFromFlag?: () => { getValue(): string | null } | null }).getFromFlag?.()?.getValue();
      const st = from ? byName.get(from.toLowerCase()) : undefined;
      if (st && st.index !== s.index) visit(st);
    }
  };
  visit(final);
  // Stages the final image is built on (FROM <stage>), final first, whose filesystem it is: COPY --from takes files
  // only. A parent is always an earlier stage, so the walk ends.
  const ancestry: (typeof stages)[number][] = [];
  for (let s: (typeof stages)[number] | undefined = final; s; ) {
    ancestry.push(s);
    const parent = byName.get((imageOf(s.from) ?? '').toLowerCase());
    s = parent && parent.index < s.index ? parent : undefined;
  }

  const evidence: Evidence[] = [];
  // Base image of the final stage, following `FROM <stage>` back to a real image.
  let base: From = final.from;
  for (let guard = 0; guard < stages.length; guard++) {
    const parent = byName.get((imageOf(base) ?? '').toLowerCase());
    if (!parent || parent.from === base) break;
    base = parent.from;
  }
  const rawImage = imageOf(base) ?? '';
  const image = subst(rawImage);
  let pinning: 'digest' | 'tag' | 'none' | undefined;
  if (image !== undefined) {
    if (image === 'scratch') pinning = 'digest';
    else if (/@sha256:[0-9a-f]{8,}/i.test(image)) pinning = 'digest';
    else {
      const tag = /:([^/:@]+)$/.exec(image)?.[1];
      pinning = !tag || tag === 'latest' ? 'none' : 'tag';
    }
  }
  evidence.push({ path, line: line(base), note: `FROM ${image ?? rawImage}` });

  // Final USER: the last USER along the final stage's ancestry.
  let user: { value: string; line: number } | undefined;
  for (const s of ancestry) {
    const users = s.instructions.filter((i) => i.getKeyword() === 'USER');
    const last = users[users.length - 1];
    if (last) {
      user = { value: last.getArgumentsContent()?.trim() ?? '', line: line(last) };
      break;
    }
  }
  let runsAsRoot: boolean | undefined;
  if (user) {
    const who = subst(user.value)?.split(':')[0].trim();
    runsAsRoot = who === undefined || who === '' ? undefined : who === 'root' || who === '0';
    evidence.push({ path, line: user.line, note: `USER ${who ?? user.value}` });
  } else if (image !== undefined && /(:|-)nonroot\b/.test(image)) {
    runsAsRoot = false;
  } else if (image !== undefined) {
    runsAsRoot = true;
    evidence.push({ path, line: line(final.from), note: 'no USER (root)' });
  }

  let secretsInEnv = false;
  let curlPipeShell = false;
  let remoteAdd = false;
  let passwordlessSudo = false;
  const ports: string[] = [];
  const copySources: CopySource[] = [];
  for (const s of stages) {
    const inFinal = contributing.has(s.index);
    for (const i of s.instructions) {
      const kw = i.getKeyword();
      if (kw === 'ENV' || kw === 'ARG') {
        const props =
          kw === 'ENV'
            ? (i as unknown as { getProperties(): { getName(): string; getValue(): string | null; getRange(): { start: { line: number } } }[] }).getProperties()
            : [(i as unknown as { getProperty(): { getName(): string; getValue(): string | null; getRange(): { start: { line: number } } } | null }).getProperty()].filter(
                (p): p is NonNullable<typeof p> => p !== null,
              );
        for (const p of props) {
          if (!isLiteralSecret(p.getName(), p.getValue())) continue;
          const l = p.getRange().start.line + 1;
          // ARG/ENV values stay in the image history of any stage; a builder stage leaks them too.
          secretsInEnv = true;
          f.diagnostics.push(secretDiagnostic(path, l, kw, p.getName()));
          evidence.push({ path, line: l, note: `${kw} ${p.getName()}=<redacted>` });
        }
      } else if (kw === 'RUN') {
        const text = i.getArgumentsContent() ?? '';
        if (CURL_PIPE_SH.test(text) || SH_OF_CURL.test(text)) {
          curlPipeShell = true;
          evidence.push({ path, line: line(i), note: 'RUN curl | sh' });
        }
        // A non-root USER with passwordless sudo is root whenever the process asks (anthropic-quickstarts'
        // computer-use demo): USER alone does not make the runtime unprivileged.
        if (ancestry.includes(s) && NOPASSWD_ALL.test(text)) {
          passwordlessSudo = true;
          evidence.push({ path, line: line(i), note: 'RUN grants passwordless sudo (NOPASSWD: ALL)' });
        }
      } else if (kw === 'EXPOSE' && inFinal) {
        for (const a of i.getArguments()) ports.push(a.getValue());
        evidence.push({ path, line: line(i), note: 'EXPOSE' });
      } else if ((kw === 'COPY' || kw === 'ADD') && inFinal) {
        const fromFlag = (i as unknown as { getFromFlag(): { getValue(): string | null } | null }).getFromFlag?.();
        if (fromFlag) continue;
        const json = (i as unknown as { getJSONStrings?: () => { getJSONValue(): string }[] }).getJSONStrings?.() ?? [];
        const parts = json.length > 0 ? json.map((j) => j.getJSONValue()) : i.getArguments().map((a) => a.getValue());
        if (parts.length < 2 || i.getArgumentsContent()?.startsWith('<<')) continue;
        for (const src of parts.slice(0, -1)) {
          if (REMOTE.test(src)) {
            if (kw === 'ADD') {
              remoteAdd = true;
              evidence.push({ path, line: line(i), note: 'ADD <remote URL>' });
            }
            continue;
          }
          copySources.push({ source: src, line: line(i) });
        }
      }
    }
  }

  // What the final image runs: its base image, and what its own stages install and start (a builder stage's
  // toolchain stays behind).
  const runtimes = new Set<string>();
  for (const [re, lang] of IMAGE_RUNTIMES) if (image !== undefined && re.test(image.toLowerCase())) runtimes.add(lang);
  for (const st of ancestry)
    for (const i of st.instructions) {
      const kw = i.getKeyword();
      if (kw !== 'RUN' && kw !== 'CMD' && kw !== 'ENTRYPOINT') continue;
      const text = i.getArgumentsContent() ?? '';
      for (const [re, lang] of COMMAND_RUNTIMES) if (re.test(text)) runtimes.add(lang);
    }

  const names = imageNameCandidates(path);
  const name = names[0] ?? basename(path);
  const comp = component(
    'container-image',
    path,
    name,
    {
      baseImage: image,
      baseImagePinned: pinning === undefined ? undefined : pinning === 'digest',
      baseImagePinning: pinning,
      runsAsRoot,
      user: user ? subst(user.value) : undefined,
      secretsInEnv,
      curlPipeShell,
      remoteAdd,
      passwordlessSudo,
      exposedPorts: ports,
      stages: stages.length,
    },
    evidence,
  );
  f.components.push(comp);
  const dir = dirname(path);
  const facts: DockerfileFacts = { componentId: comp.id, dir, nameCandidates: names, copySources, ...(runtimes.size ? { runtimes: [...runtimes].sort() } : {}) };
  f.facts.dockerfile = facts;
  f.facts.copies = resolveCopies(dir, copySources);
  return f;
}

/** Repo-relative files/dirs a Dockerfile copies, taking `context` as the build context (the Dockerfile's dir by default). */
export function resolveCopies(context: string, sources: CopySource[]): string[] {
  const out = new Set<string>();
  for (const { source } of sources) {
    if (source.includes('$')) continue;
    // A glob copies from the directory before its first wildcard.
    const cut = source.search(/[*?[]/);
    const plain = cut < 0 ? source : source.slice(0, cut).replace(/[^/]*$/, '');
    const p = joinRepoPath(context, plain.replace(/^\.\//, ''));
    if (p !== null) out.add(p);
  }
  return [...out].sort();
}
