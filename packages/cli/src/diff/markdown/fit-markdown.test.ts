// Bad inputs tried: a head alone longer than the room left, a first section that does not fit, a table whose
// first row does not fit, multi-byte text measured in bytes, limits from 0 up.
import fc from 'fast-check';
import { describeOmitted, fitMarkdown, sectionText } from './fit-markdown';
import type { MarkdownSection } from './format-diff-markdown';

const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1000) };
const NOTE = (omitted: Parameters<typeof describeOmitted>[0]) => `**Truncated**: ${describeOmitted(omitted)}.`;

const section: fc.Arbitrary<MarkdownSection> = fc.record(
  {
    title: fc.constantFrom('Verdict', 'Reasons', 'Change a/b.avsc'),
    markdown: fc.string({ unit: fc.constantFrom('a', 'é', '😀', '\n', '|'), minLength: 1, maxLength: 60 }),
    rows: fc.array(fc.string({ unit: fc.constantFrom('x', '|', ' ', 'ü'), minLength: 1, maxLength: 30 }), {
      maxLength: 20,
    }),
  },
  { requiredKeys: ['title', 'markdown'] },
);

describe('fitMarkdown', () => {
  it('stays under the limit, keeps whole sections in order, cuts tables only between rows', () => {
    fc.assert(
      fc.property(
        fc.array(section, { maxLength: 12 }),
        fc.integer({ min: 150, max: 2000 }),
        fc.boolean(),
        (sections, limit, bytes) => {
          const measure = bytes ? (text: string) => Buffer.byteLength(text) : (text: string) => text.length;
          const result = fitMarkdown(sections, { limit, measure, head: '<!-- marker -->', truncated: NOTE });
          const whole = ['<!-- marker -->', ...sections.map(sectionText)].join('\n\n');
          if (measure(whole) <= limit) return expect(result).toBe(whole);
          expect(measure(result)).toBeLessThanOrEqual(limit);
          const note = result.lastIndexOf('\n\n**Truncated**: ');
          const kept = result.slice(0, note);
          // What is kept is the whole document's beginning, ending at a section's end or a table row's end.
          expect(whole.startsWith(kept)).toBe(true);
          const boundaries = new Set<number>();
          let at = '<!-- marker -->'.length;
          boundaries.add(at);
          for (const s of sections) {
            at += 2 + s.markdown.length;
            boundaries.add(at);
            for (const row of s.rows ?? []) {
              at += 1 + row.length;
              boundaries.add(at);
            }
          }
          expect(boundaries.has(kept.length)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('says how many sections and rows it left out', () => {
    const sections: MarkdownSection[] = [
      { title: 'Verdict', markdown: 'v'.repeat(50) },
      { title: 'Reasons', markdown: '| a |\n| --- |', rows: Array.from({ length: 100 }, (_, n) => `| ${n} |`) },
      { title: 'Approvals', markdown: 'p'.repeat(50) },
    ];
    const result = fitMarkdown(sections, { limit: 400, truncated: NOTE });
    expect(result.length).toBeLessThanOrEqual(400);
    expect(result).toMatch(/\*\*Truncated\*\*: \d+ of 100 rows of Reasons and 1 of 3 sections\.$/);
    expect(result).toContain('| 0 |\n| 1 |');
  });
});
