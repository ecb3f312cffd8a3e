import fc from 'fast-check';
import { sideBySide } from './side-by-side';

describe('sideBySide', () => {
  it('pairs a replaced line with its replacement and keeps unchanged lines beside each other', () => {
    const rows = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(rows).toEqual([
      { left: { number: 1, text: 'a', removed: false }, right: { number: 1, text: 'a', added: false } },
      { left: { number: 2, text: 'b', removed: true }, right: { number: 2, text: 'B', added: true } },
      { left: { number: 3, text: 'c', removed: false }, right: { number: 3, text: 'c', added: false } },
      { right: { number: 4, text: 'd', added: true } },
    ]);
  });

  it('shows every line of both texts, in order, once', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', '"x": 1'), { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const rows = sideBySide(before, after);
        const left = rows.flatMap((row) => (row.left ? [row.left.text] : []));
        const right = rows.flatMap((row) => (row.right ? [row.right.text] : []));
        expect(left.join('\n')).toBe(before.replace(/\n$/, ''));
        expect(right.join('\n')).toBe(after.replace(/\n$/, ''));
      }),
    );
  });
});
