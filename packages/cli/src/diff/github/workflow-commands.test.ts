// Bad inputs tried: messages and file names holding %, \r, \n, `,` and `:` (which would end a property or the
// command), `::` inside a message, more reasons than GitHub shows annotations for, reasons without a line.
import fc from 'fast-check';
import type { DiffReason } from '../diff-report';
import { escapeCommandData, escapeCommandProperty, formatAnnotations } from './workflow-commands';

const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1000) };

/** How the runner reads an escaped value back. */
const unescapeCommand = (text: string) =>
  text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)));

const hostile = fc.string({ unit: fc.constantFrom('%', '\r', '\n', ',', ':', '::', '=', 'a', ' ', '%25', 'é') });

const reason = (n: number, blocking: boolean, extra: Partial<DiffReason> = {}): DiffReason => ({
  code: 'incompatible-schema',
  blocking,
  file: `contracts/d/schemas/s-value/v${n}.avsc`,
  line: n,
  message: `reason ${n}`,
  ...extra,
});

describe('workflow command escaping', () => {
  it('a message keeps no raw line break or %, and reads back as it was', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeCommandData(text);
        expect(escaped).not.toMatch(/[\r\n]|%(?!25|0D|0A)/);
        expect(unescapeCommand(escaped)).toBe(text);
      }),
      RUNS,
    );
  });

  it('a property keeps no raw , or : either, and reads back as it was', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeCommandProperty(text);
        expect(escaped).not.toMatch(/[\r\n,:]|%(?!25|0D|0A|3A|2C)/);
        expect(unescapeCommand(escaped)).toBe(text);
      }),
      RUNS,
    );
  });
});

describe('formatAnnotations', () => {
  it.each([
    [
      'a blocking reason on a line',
      [reason(3, true, { file: 'contracts/a,b:c.avsc', message: '50% off\nnext line' })],
      ['::error file=contracts/a%2Cb%3Ac.avsc,line=3,title=charter diff%3A incompatible-schema::50%25 off%0Anext line'],
    ],
    [
      'a note without a line',
      [reason(1, false, { line: undefined, code: 'severity-tier-changed', message: 'tier-2 → tier-1' })],
      [
        '::warning file=contracts/d/schemas/s-value/v1.avsc,title=charter diff%3A severity-tier-changed::tier-2 → tier-1',
      ],
    ],
    [
      'an approved reason',
      [reason(2, false, { approvedBy: { id: 'a1', decidedBy: 'ops-key', decidedAt: '2026-12-01T10:00:00Z' } })],
      [
        '::warning file=contracts/d/schemas/s-value/v2.avsc,line=2,title=charter diff%3A incompatible-schema::reason 2 (approved by ops-key)',
      ],
    ],
  ])('%s', (_, reasons, expected) => {
    expect(formatAnnotations(reasons)).toEqual(expected);
  });

  it('prints at most 10 of each kind; the 10th says how many more and that the summary lists them', () => {
    const reasons = [
      ...Array.from({ length: 25 }, (_, n) => reason(n + 1, true)),
      ...Array.from({ length: 12 }, (_, n) => reason(n + 100, false)),
    ];
    const lines = formatAnnotations(reasons);
    const errors = lines.filter((line) => line.startsWith('::error '));
    const warnings = lines.filter((line) => line.startsWith('::warning '));
    expect([errors.length, warnings.length]).toEqual([10, 10]);
    expect(errors[9]).toContain('%0A%0A15 more blocking reason(s) not annotated: the job summary lists all 25.');
    expect(warnings[9]).toContain('2 more note(s) not annotated: the job summary lists all 12.');
    expect(errors.slice(0, 9).some((line) => line.includes('more'))).toBe(false);
  });

  it('says nothing of more when all fit', () => {
    const lines = formatAnnotations(Array.from({ length: 10 }, (_, n) => reason(n + 1, true)));
    expect(lines).toHaveLength(10);
    expect(lines.some((line) => line.includes('not annotated'))).toBe(false);
  });
});
