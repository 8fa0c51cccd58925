const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a text is an ISO 8601 calendar date that exists (`2025-02-28`, not `2025-02-30`). */
export function isIsoDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  // Date rolls an impossible day over into the next month instead of refusing it.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

/** Whether a text is an ISO 8601 instant with a zone (`2025-03-14T09:30:00Z`, `…+02:00`). */
export function isIsoInstant(text: string): boolean {
  const match = INSTANT_PATTERN.exec(text);
  return match?.[1] !== undefined && isIsoDate(match[1]);
}
