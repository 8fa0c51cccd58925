/** A `"key": value` pair found in text, with the value as written (a string's content or a number). */
export interface JsonMember {
  readonly key: string;
  readonly value: string;
}

// A member of a JSON object, also inside JSON that was stored as a string (quotes escaped as
// `\"`, once or more). String values are read up to the first quote or backslash: enough to judge
// their shape, and what follows an escape cannot turn a secret into a safe value.
const MEMBER = /\\*"([A-Za-z0-9_$.-]{1,64})\\*"\s*:\s*(?:\\*"([^"\\]*)|(-?\d+))/g;

/** Every `"key": "string"` and `"key": number` member in a row or log line, in order. */
export function jsonMembersIn(text: string): JsonMember[] {
  const members: JsonMember[] = [];
  for (const match of text.matchAll(MEMBER)) {
    const key = match[1] ?? '';
    members.push({ key, value: match[2] ?? match[3] ?? '' });
  }
  return members;
}
