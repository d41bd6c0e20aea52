const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Row ids are uuids. Ids that arrive from outside (callback data, events) are checked
 * with this before they reach SQL, so a forged one is refused, not an error.
 */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);
