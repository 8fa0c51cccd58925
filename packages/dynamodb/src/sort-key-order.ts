/**
 * Orders sort keys the way DynamoDB does: by UTF-8 bytes, which is code point order. JavaScript's
 * `<` compares UTF-16 code units instead, which puts U+E000-U+FFFF after supplementary characters;
 * merging buffered writes into a page must use DynamoDB's order or pages would skip or repeat ids.
 */
export function compareSortKeys(left: string, right: string): number {
  let index = 0;
  while (index < left.length && index < right.length) {
    const leftPoint = left.codePointAt(index) ?? 0;
    const rightPoint = right.codePointAt(index) ?? 0;
    if (leftPoint !== rightPoint) return leftPoint - rightPoint;
    // Equal code points have equal widths, so one index walks both strings.
    index += leftPoint > 0xffff ? 2 : 1;
  }
  return left.length - index - (right.length - index);
}
