import { loadCtrsScale } from './ctrs/load-scale';

/**
 * The CTRS's items and their anchors: services/simulator/scale/ctrs.json (beside src/ and
 * dist/), read and checked once at start.
 */
export const CTRS_SCALE = loadCtrsScale(new URL('../scale/ctrs.json', import.meta.url));
