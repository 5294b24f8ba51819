import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AnalysisCache, modelText, servesDate, type Part, type StoredAnalysis } from './analysis-cache.js';
import path from 'node:path';
import { BlobCache } from './detect/cache.js';
import { detectors as allDetectors } from './detect/registry.js';
import { prefetchDetect, runDetectors, type Detected, type Reuse } from './detect/run.js';
import type { PoolOptions } from './detect/pool.js';
import type { Detector } from './detect/types.js';
import { compare } from './diff/compare.js';
import { UserError } from './errors.js';
import { formatManifestError, manifestForModel, MANIFEST_NAMES } from './model/manifest/index.js';
import { linkDeployment } from './model/link-infra-linker.js';
import { linkPackages } from './model/link-packages.js';
import { linkMcpAgentServers } from './model/link-mcp-agent-servers.js';
import { linkToolLoops } from './model/link-tool-loops.js';
import { linkWorkflowCalls } from './model/link-workflow-calls.js';
import { setAsideTests } from './model/set-aside-tests.js';
import { buildModel, sortDiagnostics, type Linker } from './model/build.js';
import { sameJson } from './model/same-json.js';
import { decide } from './policy/gate.js';
import { REPO_POLICY, resolvePolicy } from './policy/load.js';
import type { Policy, PolicyOverrides } from './policy/policy.js';
import { assembleReport } from './report/assemble.js';
import type { RuleInfo } from './report/rules.js';
import type { Report } from './report/types.js';
import { ruleInfos } from './threats/rule-info.js';
import { DEFAULT_LIMITS } from './source/limits.js';
import { changedPaths, git } from './source/git.js';
import { openSource, openSources } from './source/open.js';
import { RevisionSource } from './source/revision.js';
import { TreeStore } from './source/tree-store.js';
import type { Source, SourceEntry } from './source/types.js';
import type { Diagnostic } from './model/types.js';
import type { EvalContext } from './threats/context.js';
import { loadEngine, type Engine } from './threats/engine.js';
import { codeVersion, TOOL_VERSION } from './version.js';

export interface RunOptions {
  /** Directory to scan (its working tree, or its repository's revisions). */
  path: string;
  /** An explicit maestro.yaml on disk; default: the manifest in each scanned revision. */
  manifest?: string;
  /** An explicit policy file on disk; default: .github/maestro-policy.yaml in the head, else policies/default.yaml. */
  policy?: string;
  overrides?: PolicyOverrides;
  /** Directory for the per-blob analysis cache. */
  cache?: string;
  /** YYYY-MM-DD for expiry decisions (default: today, UTC). */
  today?: string;
  maxFileBytes?: number;
  detectors?: Detector[];
  /** Worker threads for detection (default: $MAESTRO_WORKERS, else by repository size and cores). */
  pool?: PoolOptions;
  /** Called as files are read (every few hundred), for a progress line on a terminal. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** One tree analysed: what the cache keeps of it (`StoredAnalysis`), and the source it was read from. */
export interface Analysis extends StoredAnalysis {
  source: Source;
  /** What the manifest told the evaluation (as JSON), for a later tree of the same run to compare its own with. */
  told?: string;
}

export interface RunResult {
  report: Report;
  /** What the catalog says about each threat and template, for renderers that name them (SARIF, markdown). */
  rules: RuleInfo[];
  /** base and head analyses (head only for a scan), for callers that want more than the report. */
  analyses: Analysis[];
}


/**
 * A full audit of one working tree or revision. With --cache, a commit whose parent's analysis is stored (a push to
 * the default branch after the last one, scanned there) is analysed from it as a diff's head is from its base: its
 * listing from the parent's, its detection from the parent's for the paths it did not change.
 */
export async function runScan(opts: RunOptions & { rev?: string }): Promise<RunResult> {
  const {
    sources: [source],
    prefix,
  } = await openAll(opts, [opts.rev], !!opts.cache && !!opts.rev);
  const ctx = context(opts);
  const parent = prefix && source instanceof RevisionSource ? await storedParent(source, opts, ctx, prefix) : undefined;
  const head = (await analyzeAll(parent ? [parent, source] : [source], opts, ctx, prefix, true)).at(-1)!;
  const policy = resolvePolicy({ file: opts.policy, repoPolicyText: head.repoPolicyText, overrides: opts.overrides });
  const gate = decide({ mode: 'scan', chains: head.chains, threats: head.threats, manifestErrors: head.manifest.errors, manifestFound: head.manifest.found }, policy);
  return { report: assembleReport({ mode: 'scan', head, gate, engine: ctx.engine, policy }), rules: ruleInfos(ctx.engine.catalog), analyses: [head] };
}

/** The commit's first parent, when its analysis is stored and the commit's own is not. */
async function storedParent(source: RevisionSource, opts: RunOptions, ctx: RunContext, prefix: Promise<string | undefined>): Promise<RevisionSource | undefined> {
  const folder = () => prefix;
  const own = await analysisKey(source, opts, ctx, folder);
  if (!own || ctx.analyses.has(own)) return undefined;
  let parent: RevisionSource;
  try {
    // A root commit, or a shallow clone's first commit, has none here.
    const id = (await git(source.cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${source.rev}^1^{commit}`])).toString().trim();
    parent = new RevisionSource(source.cwd, id, id, limitsOf(opts));
  } catch {
    return undefined;
  }
  const key = await analysisKey(parent, opts, ctx, folder);
  return key && ctx.analyses.has(key) ? parent : undefined;
}

/** Base against head (head defaults to the working tree); a file the same on both sides is analysed once. */
export async function runDiff(opts: RunOptions & { base: string; head?: string }): Promise<RunResult> {
  const {
    sources: [baseSource, headSource],
    prefix,
  } = await openAll(opts, [opts.base, opts.head], !!opts.cache);
  const ctx = context(opts);
  const [base, head] = await analyzeAll([baseSource, headSource], opts, ctx, prefix, false);
  const diff = compare(base.summary ?? base, head, { base: baseSource.rev ?? opts.base, head: headSource.rev ?? 'working tree' });
  const policy = resolvePolicy({ file: opts.policy, repoPolicyText: head.repoPolicyText, overrides: opts.overrides });
  const gate = decide({ mode: 'diff', chains: head.chains, threats: head.threats, diff, manifestErrors: head.manifest.errors, manifestFound: head.manifest.found }, policy);
  return { report: assembleReport({ mode: 'diff', head, base, diff, gate, engine: ctx.engine, policy }), rules: ruleInfos(ctx.engine.catalog), analyses: [base, head] };
}

/**
 * The sources of `revs` (undefined: the working tree), and with `wantPrefix` the scanned folder (for the cache's
 * keys), resolved by one git. When that fails, each is opened on its own, and a failure is reported for the first
 * revision that has one.
 */
async function openAll(opts: RunOptions, revs: (string | undefined)[], wantPrefix: boolean): Promise<{ sources: Source[]; prefix?: Promise<string | undefined> }> {
  const together = await openSources(opts.path, revs, limitsOf(opts), wantPrefix);
  if (together) return { sources: together.sources, prefix: wantPrefix ? Promise.resolve(together.prefix) : undefined };
  const prefix = wantPrefix ? scannedFolder(opts) : undefined;
  const opened = await Promise.allSettled(revs.map((rev) => openSource(opts.path, rev, limitsOf(opts))));
  const sources = opened.map((o) => {
    if (o.status === 'rejected') throw o.reason;
    return o.value;
  });
  return { sources, prefix };
}

interface RunContext {
  engine: Engine;
  cache: BlobCache;
  analyses: AnalysisCache;
  trees: TreeStore;
  limits: typeof DEFAULT_LIMITS;
  today: string;
  detectors: Detector[];
  linkers: Linker[];
}

function context(opts: RunOptions): RunContext {
  const engine = loadEngine();
  const toolVersion = opts.cache ? `${TOOL_VERSION}-${codeVersion()}` : TOOL_VERSION;
  const cache = new BlobCache({ dir: opts.cache, toolVersion, catalogVersion: engine.catalogVersion });
  return {
    engine,
    cache,
    analyses: new AnalysisCache(cache.folder),
    trees: new TreeStore(cache.folder),
    limits: limitsOf(opts),
    today: opts.today ?? new Date().toISOString().slice(0, 10),
    detectors: opts.detectors ?? allDetectors,
    // Tests go first: no later linker should tie a Dockerfile or a workflow to a test's agent.
    linkers: [setAsideTests, linkPackages, linkDeployment, linkWorkflowCalls, linkMcpAgentServers, linkToolLoops],
  };
}

function limitsOf(opts: RunOptions): typeof DEFAULT_LIMITS {
  return { ...DEFAULT_LIMITS, ...(opts.maxFileBytes ? { maxFileBytes: opts.maxFileBytes } : {}) };
}

/**
 * Analyses each source, in order: from the analysis cache when a run already did that commit with the same
 * inputs, else in full. git starts listing (and, without a cache, searching) every source that needs it before
 * the first is analysed; only the first is searched, as later ones mostly reuse what it found. Listings are kept
 * with --cache for later runs to list from; with `keepLast` false, not the last source's when it is listed from
 * the one before it (a PR's head: the next run lists from its base again).
 */
async function analyzeAll(sources: Source[], opts: RunOptions, ctx: RunContext, prefix: Promise<string | undefined> | undefined, keepLast: boolean): Promise<Analysis[]> {
  const folder = () => (prefix ??= scannedFolder(opts));
  const keys = await Promise.all(sources.map((s) => analysisKey(s, opts, ctx, folder)));
  // git starts on the sources to analyse before the stored analyses (megabytes of JSON) are read.
  const stored = keys.map((k) => !!k && ctx.analyses.has(k));
  // Commits' listings are kept beside their analyses (keyed by the scanned folder too, as analyses are).
  const revisions = sources.filter((s): s is RevisionSource => s instanceof RevisionSource);
  const prefixNow = opts.cache && revisions.length > 0 ? await folder() : undefined;
  for (const s of revisions) {
    const kept = prefixNow === undefined ? undefined : ctx.trees.entry(s.rev, prefixNow);
    if (kept) s.keepTreeIn(kept, (p) => ROOT_FILES.has(p), keepLast || s !== sources.at(-1));
  }
  // A commit after one this run lists, or whose listing is kept, is listed from it and the paths between them (a
  // PR touches a few).
  sources.forEach((s, i) => {
    const prev = sources[i - 1];
    if (!(s instanceof RevisionSource && prev instanceof RevisionSource) || stored[i]) return;
    if (!stored[i - 1] || prev.hasKeptTree()) s.followFrom(prev);
  });
  let first = true;
  sources.forEach((s, i) => {
    if (stored[i]) return;
    prefetchDetect(s, ctx.detectors, { grep: first && !opts.cache, pool: first ? opts.pool : undefined });
    first = false;
    // What changed since a stored predecessor (whose detection serves the rest) is asked alongside the listing.
    const prev = sources[i - 1];
    if (stored[i - 1] && !opts.detectors && s instanceof RevisionSource && prev instanceof RevisionSource) s.changesSince(prev).catch(() => {});
  });
  // One that turns out unreadable is analysed in full like any other (listed when its turn comes). The last
  // source is the one reported; one before it is compared with it (by the summary of its findings), and serves
  // its detection to it unless that one is stored too.
  const hits = keys.map((k, i) => {
    if (!k || !stored[i]) return undefined;
    // A base's detection, which serves its head, is parsed when reuseFrom first reads it: after git has said what
    // changed, so that git answers the listing's next questions meanwhile.
    const parts: Part[] = i === sources.length - 1 ? ['model', 'findings'] : ['summary'];
    return ctx.analyses.get(k, parts);
  });
  const out: Analysis[] = [];
  for (const [i, source] of sources.entries()) {
    const hit = hits[i];
    if (hit && servesDate(hit, ctx.today)) {
      // Assigned rather than spread: a spread would read (and parse) the parts this run does not need.
      out.push(Object.assign(hit, { source, stats: { filesListed: 0, filesRead: 0, analysed: 0, cacheHits: 0, analysisCached: true } }));
      continue;
    }
    // An analysis of this commit stored on a day across an acceptance's expiry still holds what its files say;
    // else the previous commit's serves the paths that did not change.
    const again = hit && readable(() => hit.detected);
    const reuse = again ? { ...again, changed: new Set<string>() } : await reuseFrom(out[i - 1], source, opts);
    const a = await analyze(source, opts, ctx, reuse, out[i - 1]);
    const { source: _source, ...stored } = a;
    if (keys[i]) ctx.analyses.set(keys[i]!, stored);
    out.push(a);
  }
  return out;
}

/** A part of a stored analysis read now if it was not asked for (see AnalysisCache.get); none if it is damaged. */
function readable<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * The previous tree's detection, to serve the files this tree did not change: two commits of one repository (not
 * the working tree, whose changes git cannot list as cheaply), unless the change edits what is listed at all.
 */
async function reuseFrom(prev: Analysis | undefined, source: Source, opts: RunOptions): Promise<TreeReuse | undefined> {
  if (!prev || !prev.source.rev || !source.rev || opts.detectors) return undefined;
  let changed: Set<string>;
  let editsOnly = false;
  try {
    if (source instanceof RevisionSource && prev.source instanceof RevisionSource) {
      const changes = await source.changesSince(prev.source);
      changed = new Set(changes.map((c) => c.path));
      editsOnly = changes.every((c) => c.status === 'M' && c.srcMode === c.dstMode);
    } else changed = await changedPaths(path.resolve(opts.path), prev.source.rev, source.rev);
  } catch {
    return undefined;
  }
  if (changed.has('.maestroignore')) return undefined;
  // Parsed (tens of milliseconds) only once git has answered what changed: the listing's next questions to git
  // (the new blobs' sizes), waiting on that answer, are asked first and answered meanwhile. Read now if it was not
  // asked for (both commits were stored, and this one's entry turned out unreadable).
  const detected = readable(() => prev.detected);
  return detected && { ...detected, changed, editsOnly };
}

/** Detection reused from the previous tree, and whether the change only edited files (none added, deleted or re-typed). */
type TreeReuse = Reuse & { editsOnly?: boolean };

/**
 * Everything an analysis depends on besides the code and catalogs (the cache folder is keyed by those): the
 * commit, the folder scanned inside the repository and its name (the model names a root Dockerfile's image after
 * it), an explicit manifest's text and the size cap. Not the checkout's absolute path, which differs between
 * runners, nor the date, which the stored analysis answers for (`servesDate`).
 */
async function analysisKey(source: Source, opts: RunOptions, ctx: RunContext, folder: () => Promise<string | undefined>): Promise<string | undefined> {
  // The working tree has no id; a caller's own detectors are not the build's.
  if (!opts.cache || !source.rev || opts.detectors) return undefined;
  let manifest: string | undefined;
  if (opts.manifest) {
    try {
      manifest = createHash('sha256').update(readFileSync(opts.manifest)).digest('hex');
    } catch {
      return undefined;
    }
  }
  const prefix = await folder();
  if (prefix === undefined) return undefined;
  const name = path.basename(path.resolve(opts.path));
  return ctx.analyses.key({ v: 3, commit: source.rev, prefix, name, manifest, maxFileBytes: ctx.limits.maxFileBytes });
}

/** The scanned folder inside its repository (`git rev-parse --show-prefix`), asked once for every source of a run. */
async function scannedFolder(opts: RunOptions): Promise<string | undefined> {
  try {
    return (await git(path.resolve(opts.path), ['rev-parse', '--show-prefix'])).toString('utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * One tree in full, or from `reuse` for the files it did not change. When the model and what the manifest says
 * come out as `prev`'s (the change touched no agent code) and no acceptance expired in between, `prev`'s findings
 * are this tree's: evaluation is a pure function of those, the catalogs and the date. When the change only edited
 * files that hold no findings, the model is `prev`'s as well, and is not built (`keptAnalysis`).
 */
async function analyze(source: Source, opts: RunOptions, ctx: RunContext, reuse?: TreeReuse, prev?: Analysis): Promise<Analysis> {
  const phase = source.rev ? `reading ${source.rev.slice(0, 12)}` : 'reading working tree';
  const detected = await runDetectors(source, ctx.detectors, ctx.cache, opts.onProgress && ((d, t) => opts.onProgress!(phase, d, t)), opts.pool, reuse);
  ctx.cache.flush();
  // git reads the manifest and the policy while the model is built.
  const roots = readRootFiles(source, detected.entries);
  roots.catch(() => {});
  const kept = reuse && prev ? keptAnalysis(prev, detected, reuse, ctx.today) : undefined;
  if (kept) {
    return {
      source,
      ...kept,
      manifest: prev!.manifest,
      repoPolicyText: (await roots).get(REPO_POLICY),
      stats: { ...detected.stats, evaluationReused: true, modelReused: true },
      evaluationKey: prev!.evaluationKey,
      told: prev!.told,
      detected: { files: detected.files, readDiagnostics: detected.readDiagnostics },
      dated: { today: ctx.today, expiries: prev!.dated.expiries },
    };
  }
  const inferred = buildModel(detected.files, detected.diagnostics, ctx.linkers, detected.paths, path.basename(path.resolve(opts.path)));
  const found = readManifest(await roots, opts);
  let model = inferred;
  let evalCtx: EvalContext = { today: ctx.today };
  let errors: string[] = [];
  if (found.text !== undefined) {
    const m = await manifestForModel({ text: found.text, file: found.file!, exists: (p) => source.exists(p), model: inferred, known: ctx.engine.known });
    model = m.model;
    evalCtx = { ...m.ctx, today: ctx.today };
    errors = m.errors.map(formatManifestError);
  }
  const manifest = { found: found.text !== undefined, errors };
  // Everything evaluate reads: the model, what the manifest told it (which depends on more than the manifest's
  // text: the paths it names must exist), and the catalogs; the date is judged by servesDate. The key is worked
  // out only with --cache, where it is stored: the model's JSON costs tens of milliseconds on a big model.
  const { today: _today, ...toldCtx } = evalCtx;
  const told = JSON.stringify(toldCtx);
  const evaluationKey = opts.cache ? createHash('sha256').update(modelText(model)).update(`\0${told}\0${ctx.engine.catalogVersion}`).digest('hex') : undefined;
  // Without --cache, a base analysed earlier in this run is compared with directly: a walk over both models that
  // stops where they part costs little beside the evaluation it spares (most pull requests touch no agent code).
  const reads = evaluationKey
    ? prev?.evaluationKey === evaluationKey && servesDate(prev, ctx.today)
    : prev?.told !== undefined && prev.told === told && prev.dated.today === ctx.today && sameJson(prev.model, model);
  const same = reads && prev ? readable(() => ({ threats: prev.threats, chains: prev.chains, fixes: prev.fixes, diagnostics: prev.diagnostics })) : undefined;
  const result = same ?? ctx.engine.evaluate(model, evalCtx);
  const expiries = (evalCtx.decisions ?? []).flatMap((d) => (d.status === 'accepted' && typeof d.expires === 'string' ? [d.expires] : []));
  // Read even under --policy (which takes precedence when the gate is decided), so a stored analysis does not
  // depend on whether it was given.
  const repoPolicyText = (await roots).get(REPO_POLICY);
  return {
    source,
    model,
    ...result,
    // An analysis's diagnostics are its model's and its evaluation's together: the same model, the same list.
    diagnostics: same ? same.diagnostics : sortDiagnostics([...model.diagnostics, ...result.diagnostics]),
    manifest,
    repoPolicyText,
    stats: same ? { ...detected.stats, evaluationReused: true } : detected.stats,
    evaluationKey,
    told,
    detected: { files: detected.files, readDiagnostics: detected.readDiagnostics },
    dated: { today: ctx.today, expiries: [...new Set(expiries)].sort() },
  };
}

/**
 * The previous tree's model and findings, when they are this tree's without building or evaluating anything: the
 * change only edited files (the listing, which the model reads, is the same), none of them the manifest, and
 * every file it edited holds no findings and draws no diagnostic, before and after (a README, most source). The
 * model is a function of the files' findings, the diagnostics and the listing, and the findings of the model, the
 * manifest and the date (which `servesDate` judges). None when any part of the previous analysis is unreadable.
 */
function keptAnalysis(prev: Analysis, detected: Detected & { diagnostics: Diagnostic[] }, reuse: TreeReuse, today: string): Pick<StoredAnalysis, 'model' | 'threats' | 'chains' | 'fixes' | 'diagnostics'> | undefined {
  if (!reuse.editsOnly || !servesDate(prev, today)) return undefined;
  for (const p of reuse.changed) if ((MANIFEST_NAMES as readonly string[]).includes(p)) return undefined;
  const about = (list: readonly Diagnostic[]) => list.some((d) => reuse.changed.has(d.path));
  return readable(() => {
    const before = prev.detected;
    if (!before || !sameJson(before.files, detected.files) || !sameJson(before.readDiagnostics, detected.readDiagnostics)) return undefined;
    if (about(detected.diagnostics) || about(prev.model.diagnostics)) return undefined;
    return { model: prev.model, threats: prev.threats, chains: prev.chains, fixes: prev.fixes, diagnostics: prev.diagnostics };
  });
}

function readManifest(roots: Map<string, string>, opts: RunOptions): { text?: string; file?: string } {
  if (opts.manifest) {
    try {
      return { text: readFileSync(opts.manifest, 'utf8'), file: opts.manifest };
    } catch {
      throw new UserError('manifest file not found', opts.manifest);
    }
  }
  for (const name of MANIFEST_NAMES) {
    const text = roots.get(name);
    if (text !== undefined) return { text, file: name };
  }
  return {};
}

const ROOT_FILES = new Set<string>([...MANIFEST_NAMES, REPO_POLICY]);

/**
 * The text of each of the manifest's names and of the repository's policy that the listing holds (and that is
 * text), found in one pass over tens of thousands of entries and read in one go.
 */
async function readRootFiles(source: Source, entries: SourceEntry[]): Promise<Map<string, string>> {
  const found: SourceEntry[] = [];
  for (const e of entries) if (ROOT_FILES.has(e.path)) found.push(e);
  const texts = new Map<string, string>();
  if (found.length) await source.read(found, (f) => void texts.set(f.path, f.text));
  return texts;
}

export type { Policy };
