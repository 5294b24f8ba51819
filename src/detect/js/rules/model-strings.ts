import type { ts } from 'ts-morph';
import type { Rule } from '../context.js';
import { modelComponent, splitRouterString } from '../models.js';

const MODEL_KEYS = ['model', 'modelId', 'modelName'];

/**
 * `{ model: 'openrouter/deepseek/deepseek-v4' }` in a config object of a file that imports AI packages: a model
 * router string names its provider, so it is a model even outside a recognised call.
 */
export const modelStringRules: Rule = {
  id: 'model-strings',
  appliesTo: () => false,
  afterCalls(cx) {
    const t = cx.ts;
    const visit = (n: ts.Node): void => {
      if (t.isPropertyAssignment(n) && MODEL_KEYS.includes(cx.a.propName(n.name) ?? '')) {
        const v = cx.a.stringValue(n.initializer);
        if (v && splitRouterString(v)) {
          const mc = modelComponent(undefined, v);
          if (mc) cx.out.add(mc, cx.a.line(n), 'model string', n.parent);
        }
      }
      t.forEachChild(n, visit);
    };
    if (cx.out.hasAnyFramework() || cx.a.moduleUses.length) visit(cx.a.sf);
  },
};
