import type { AttrValue } from '../../../model/types.js';
import { boolValue, kwarg, positional } from '../analysis/values.js';
import { stringArg } from '../engine/builders.js';
import type { FileContext } from '../engine/context.js';
import type { CallRule, RuleModule } from '../engine/types.js';
import type { CallInfo } from '../analysis/module.js';

/**
 * Model weights loaded from a hub or a file. Pickle-based loads run code from the file; hub downloads without a
 * pinned revision can change under you; trust_remote_code runs the repo's Python.
 */

function formatOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const m = /\.(safetensors|pt|pth|bin|ckpt|pkl|pickle|joblib|gguf|onnx|h5|keras|npz|npy)$/i.exec(name);
  return m?.[1]?.toLowerCase();
}

const PICKLE_FORMATS = new Set(['pt', 'pth', 'bin', 'ckpt', 'pkl', 'pickle', 'joblib']);

function add(ctx: FileContext, call: CallInfo, source: string | undefined, attrs: Record<string, AttrValue | undefined>, note: string): void {
  const name = source ?? ctx.nameFor(call, note);
  ctx.add({ kind: 'model-artifact', name, attributes: attrs, line: ctx.callLine(call), note, local: source === undefined }, call.node);
}

/** `AutoModel.from_pretrained("org/model", revision=..., trust_remote_code=True)` and friends. */
const fromPretrained: CallRule = {
  roots: ['transformers', 'sentence_transformers', 'diffusers', 'peft', 'optimum', 'timm', 'open_clip'],
  tails: ['from_pretrained', 'SentenceTransformer', 'CrossEncoder', 'pipeline', 'create_model'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    const isPipeline = qn.endsWith('.pipeline');
    const src = stringArg(ctx, (isPipeline ? kwarg(args, 'model') : kwarg(args, 'pretrained_model_name_or_path', 'model_name_or_path', 'model_name') ?? positional(args, 0))?.value);
    if (isPipeline && !src) return;
    const fromHub = !!src && /^[\w.-]+\/[\w.-]+$/.test(src) && !src.startsWith('.');
    const attrs: Record<string, AttrValue | undefined> = {
      fromHub,
      trustRemoteCode: boolValue(ctx.mod, kwarg(args, 'trust_remote_code')?.value) === true ? true : undefined,
      pinnedRevision: fromHub ? !!stringArg(ctx, kwarg(args, 'revision')?.value) : undefined,
      format: formatOf(src) ?? (boolValue(ctx.mod, kwarg(args, 'use_safetensors')?.value) === true ? 'safetensors' : undefined),
    };
    if (boolValue(ctx.mod, kwarg(args, 'use_safetensors')?.value) === false) attrs.pickle = true;
    add(ctx, call, src, attrs, qn.slice(qn.lastIndexOf('.') + 1));
  },
};

const hubDownload: CallRule = {
  roots: ['huggingface_hub'],
  tails: ['hf_hub_download', 'snapshot_download'],
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    // A dataset or a Space is data or an app, not weights (smolagents' GAIA runner downloads the benchmark).
    const repoType = stringArg(ctx, kwarg(args, 'repo_type')?.value);
    if (repoType !== undefined && repoType !== 'model') return;
    const repo = stringArg(ctx, (kwarg(args, 'repo_id') ?? positional(args, 0))?.value);
    const file = stringArg(ctx, (kwarg(args, 'filename') ?? positional(args, 1))?.value);
    const format = formatOf(file);
    const attrs: Record<string, AttrValue | undefined> = {
      fromHub: true,
      pinnedRevision: !!stringArg(ctx, kwarg(args, 'revision')?.value),
      format,
      pickle: format ? PICKLE_FORMATS.has(format) : undefined,
    };
    add(ctx, call, repo, attrs, qn.slice(qn.lastIndexOf('.') + 1));
  },
};

/** Loads that unpickle: always arbitrary code on load unless `weights_only=True` for torch. */
const pickleLoads: CallRule = {
  roots: ['torch', 'pickle', 'joblib', 'dill', 'cloudpickle', 'keras', 'tensorflow', 'numpy'],
  tails: ['load', 'loads', 'load_model'],
  accepts: (qn) => /^(torch\.load|pickle\.loads?|joblib\.load|dill\.loads?|cloudpickle\.loads?|keras\.(models\.)?load_model|tensorflow\.keras\.models\.load_model|numpy\.load)$/.test(qn),
  apply(ctx, call, qn) {
    const args = ctx.args(call);
    // Plain pickle/joblib/numpy loads are models only in ML code; elsewhere they are data.
    if (!/^(torch|keras|tensorflow)/.test(qn) && !mlContext(ctx)) return;
    const src = stringArg(ctx, positional(args, 0)?.value);
    const weightsOnly = boolValue(ctx.mod, kwarg(args, 'weights_only')?.value);
    const allowPickle = boolValue(ctx.mod, kwarg(args, 'allow_pickle')?.value);
    const isPickle = qn.startsWith('torch.') ? weightsOnly !== true : qn.startsWith('numpy.') ? allowPickle === true : /^(pickle|joblib|dill|cloudpickle)/.test(qn);
    if (qn.startsWith('numpy.') && !isPickle) return;
    const attrs: Record<string, AttrValue | undefined> = { pickle: isPickle, format: formatOf(src) ?? (isPickle ? 'pickle' : undefined), fromHub: false };
    add(ctx, call, src, attrs, qn);
  },
};

const ML_ROOTS = ['torch', 'sklearn', 'transformers', 'tensorflow', 'keras', 'xgboost', 'lightgbm', 'catboost', 'sentence_transformers', 'diffusers', 'onnxruntime'];

function mlContext(ctx: FileContext): boolean {
  return ctx.mod.imports.some((i) => !i.relative && ML_ROOTS.some((r) => i.module === r || i.module.startsWith(`${r}.`)));
}

export const modelArtifacts: RuleModule = {
  id: 'model-artifacts',
  needles: ['transformers', 'sentence_transformers', 'diffusers', 'huggingface_hub', 'torch', 'pickle', 'joblib', 'keras', 'peft', 'timm'],
  calls: [fromPretrained, hubDownload, pickleLoads],
};
