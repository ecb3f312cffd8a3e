// Test helper: real git repositories in a temporary directory, with a small contracts/ tree on `main`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const OWNERSHIP = `teams:
  - name: orders
    subjectPrefixes: [orders-]
    members: [alice]
  - name: growth
    subjectPrefixes: [growth-]
    members: [dana]
`;

export const ENVIRONMENTS = `environments:
  - name: dev
    registry: http://localhost:8081
`;

export function contractYaml(
  options: { version?: string; team?: string; tier?: string; description?: string; consumerReads?: string } = {},
) {
  const consumers = options.consumerReads
    ? `  - property: consumers
    value:
      - id: revenue-dashboard
        kind: dashboard
        team: growth
        fields: [order_id, ${options.consumerReads}]
`
    : '';
  return `apiVersion: v3.1.0
kind: DataContract
id: orders
name: Orders
version: ${options.version ?? '1.0.0'}
status: active
domain: orders
description:
  purpose: ${options.description ?? 'Orders as the shop emits them.'}
team:
  name: ${options.team ?? 'orders'}
  members:
    - username: alice
      role: owner
schema:
  - name: orders
    physicalType: topic
    logicalType: object
    authoritativeDefinitions:
      - type: schemaRegistrySubject
        url: subjects/orders-value
    properties:
      - name: order_id
        logicalType: string
        required: true
      - name: amount
        logicalType: integer
customProperties:
  - property: severityTier
    value: ${options.tier ?? 'tier-2'}
  - property: compatibility
    value: BACKWARD_TRANSITIVE
${consumers}`;
}

export function avroRecord(fields: Array<{ name: string; type: unknown; default?: unknown }>): string {
  return `${JSON.stringify({ type: 'record', name: 'Order', namespace: 'acme', fields }, null, 2)}\n`;
}

export const V1 = avroRecord([
  { name: 'order_id', type: 'string' },
  { name: 'amount', type: 'long' },
]);

export class GitFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'charter-diff-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'user.name', 'Test');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(files: Record<string, string | Buffer | null>): void {
    for (const [file, content] of Object.entries(files)) {
      const path = join(this.dir, file);
      if (content === null) rmSync(path, { recursive: true, force: true });
      else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
    }
  }

  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }

  /** `main` with the orders contract and v1, then branch `feature` from it. */
  static withOrders(): GitFixture {
    const fixture = new GitFixture();
    fixture.write({
      'contracts/ownership.yaml': OWNERSHIP,
      'contracts/env.yaml': ENVIRONMENTS,
      'contracts/orders/contract.odcs.yaml': contractYaml(),
      'contracts/orders/schemas/orders-value/v1.avsc': V1,
    });
    fixture.commit('orders v1');
    fixture.git('checkout', '-q', '-b', 'feature');
    return fixture;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
