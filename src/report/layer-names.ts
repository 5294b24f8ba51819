import type { Layer } from '../model/types.js';

/** MAESTRO layer names as the CSA publication writes them (L6 cuts across the others). */
export const LAYER_NAMES: Record<Layer, string> = {
  L1: 'Foundation models',
  L2: 'Data operations',
  L3: 'Agent frameworks',
  L4: 'Deployment & infrastructure',
  L5: 'Evaluation & observability',
  L6: 'Security & compliance',
  L7: 'Agent ecosystem',
};
