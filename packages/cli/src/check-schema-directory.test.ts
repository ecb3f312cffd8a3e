import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemaDirectory } from './check-schema-directory';
import { formatCheckReport } from './format-check-report';

const CONTRACTS = join(__dirname, '..', '..', '..', 'contracts');

describe('checkSchemaDirectory', () => {
  it('finds the sample subjects and finds their evolution legal under BACKWARD_TRANSITIVE', () => {
    const report = checkSchemaDirectory(CONTRACTS, 'BACKWARD_TRANSITIVE');
    expect(report.map((s) => [s.subject, s.schemaType, s.versions.length, s.ok])).toEqual([
      ['orders-value', 'AVRO', 3, true],
      ['user-events-value', 'JSON', 2, true],
    ]);
    const orders = report[0]!;
    expect(orders.versions[1]!.changes.map((c) => `${c.kind} ${c.field}`)).toEqual([
      'type-widened amount_cents',
      'field-added-with-default coupon_code',
    ]);
  });

  it('flags the forward break of a widened type under FULL_TRANSITIVE', () => {
    const orders = checkSchemaDirectory(CONTRACTS, 'FULL_TRANSITIVE')[0]!;
    expect(orders.ok).toBe(false);
    expect(orders.versions[1]!.compatibility?.incompatibilities[0]?.rule).toBe('avro-type-mismatch');
  });

  describe('on a directory with a breaking change and an invalid file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'charter-check-'));
      const subject = join(dir, 'payments', 'schemas', 'payments-value');
      mkdirSync(subject, { recursive: true });
      writeFileSync(join(subject, 'v1.avsc'), '{"type":"record","name":"P","fields":[{"name":"id","type":"string"}]}');
      writeFileSync(
        join(subject, 'v2.avsc'),
        '{"type":"record","name":"P","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"}]}',
      );
      writeFileSync(join(subject, 'v3.avsc'), '{"type":"record","name":"P","fields":[');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports the rule, the path and the invalid file', () => {
      const [payments] = checkSchemaDirectory(dir, 'BACKWARD');
      expect(payments!.ok).toBe(false);
      expect(payments!.versions[1]!.compatibility?.incompatibilities.map((i) => [i.rule, i.path])).toEqual([
        ['avro-reader-field-missing-default-value', '/fields/1'],
      ]);
      expect(payments!.versions[2]!.error?.code).toBe('invalid-json');
      const text = formatCheckReport([payments!], 'BACKWARD');
      expect(text).toContain('FAIL payments-value');
      expect(text).toContain('INVALID');
      expect(text).toContain('1 subjects checked, 1 failing');
    });
  });
});
