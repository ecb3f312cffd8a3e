import { diffLines } from 'diff';

/** One row of a side-by-side diff: a line on the left, the right, or both. */
export interface DiffRow {
  left?: { number: number; text: string; removed: boolean };
  right?: { number: number; text: string; added: boolean };
}

const linesOf = (value: string) => {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/** Pairs the two texts' lines: unchanged lines side by side, a removed run beside the added run that replaces it. */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let leftNumber = 1;
  let rightNumber = 1;
  const parts = diffLines(before, after);
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (!part.added && !part.removed) {
      for (const text of linesOf(part.value)) {
        rows.push({
          left: { number: leftNumber++, text, removed: false },
          right: { number: rightNumber++, text, added: false },
        });
      }
      continue;
    }
    const removed = part.removed ? linesOf(part.value) : [];
    const next = parts[index + 1];
    const added = part.added ? linesOf(part.value) : next?.added ? linesOf(next.value) : [];
    if (part.removed && next?.added) index++;
    for (let line = 0; line < Math.max(removed.length, added.length); line++) {
      const row: DiffRow = {};
      if (line < removed.length) row.left = { number: leftNumber++, text: removed[line]!, removed: true };
      if (line < added.length) row.right = { number: rightNumber++, text: added[line]!, added: true };
      rows.push(row);
    }
  }
  return rows;
}
