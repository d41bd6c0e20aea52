import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@psycheos/platform';
import { CTRS_ITEMS, type CtrsItem } from './ctrs-items';

/** The scale points the manual describes; the odd ones lie between them. */
export const ANCHOR_POINTS = ['0', '2', '4', '6'] as const;
export type AnchorPoint = (typeof ANCHOR_POINTS)[number];

/** One CTRS item as the data file gives it. */
export interface CtrsItemSpec {
  id: CtrsItem;
  /** As the Russian translations name it: shown and sent to the model. */
  name: string;
  /** What the item looks at, in a phrase. */
  measures: string;
  /**
   * Whether a fragment of a session may simply not reach it (agenda, feedback and homework
   * belong to a session's start and end), so that it is «не применимо» rather than 0.
   */
  mayBeOutsideAFragment: boolean;
  /** The manual's descriptions of 0, 2, 4 and 6 for this item. */
  anchors: Readonly<Record<AnchorPoint, string>>;
}

export interface CtrsScale {
  source: string;
  /** In the scale's order, one per CTRS_ITEMS. */
  items: readonly CtrsItemSpec[];
}

class ScaleProblem extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(source: Record<string, unknown>, key: string, at: string): string {
  const value = source[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ScaleProblem(`${at}${key} must be a non-empty string`);
  }
  return value.trim();
}

function item(value: unknown, index: number): CtrsItemSpec {
  const id = CTRS_ITEMS[index] as CtrsItem;
  const at = `items[${index}].`;
  if (!isObject(value)) throw new ScaleProblem(`items[${index}] must be an object`);
  if (value.id !== id) throw new ScaleProblem(`${at}id must be ${id} (the scale's order)`);
  const anchors = value.anchors;
  if (!isObject(anchors)) throw new ScaleProblem(`${at}anchors must be an object`);
  const outside = value.may_be_outside_a_fragment;
  if (typeof outside !== 'boolean') {
    throw new ScaleProblem(`${at}may_be_outside_a_fragment must be true or false`);
  }
  return {
    id,
    name: text(value, 'name', at),
    measures: text(value, 'measures', at),
    mayBeOutsideAFragment: outside,
    anchors: Object.fromEntries(
      ANCHOR_POINTS.map((point) => [point, text(anchors, point, `${at}anchors.`)]),
    ) as Record<AnchorPoint, string>,
  };
}

/** Reads the scale's JSON, checking every item against CTRS_ITEMS and every anchor. */
export function checkCtrsScale(
  input: unknown,
): { ok: true; scale: CtrsScale } | { ok: false; problem: string } {
  try {
    if (!isObject(input)) throw new ScaleProblem('the scale must be a JSON object');
    const items = input.items;
    if (!Array.isArray(items) || items.length !== CTRS_ITEMS.length) {
      throw new ScaleProblem(`items must list the ${CTRS_ITEMS.length} CTRS items`);
    }
    return { ok: true, scale: { source: text(input, 'source', ''), items: items.map(item) } };
  } catch (error) {
    if (error instanceof ScaleProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

/**
 * The CTRS's items and anchors from their data file, checked once at start: a broken file
 * stops the service with one line naming the field, rather than a supervisor scoring
 * against a scale with a gap in it.
 */
export function loadCtrsScale(file: URL): CtrsScale {
  const path = fileURLToPath(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`CTRS scale ${path}: ${(error as Error).message}`]);
  }
  const check = checkCtrsScale(json);
  if (!check.ok) throw new ConfigError([`CTRS scale ${path}: ${check.problem}`]);
  return check.scale;
}

/** An item's spec; every item has one (checkCtrsScale). */
export const itemSpec = (scale: CtrsScale, id: CtrsItem): CtrsItemSpec =>
  scale.items.find((spec) => spec.id === id) as CtrsItemSpec;
