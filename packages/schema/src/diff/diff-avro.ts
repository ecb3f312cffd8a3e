import type { AvroField, AvroNode } from '../avro/avro-ast';
import { AVRO_PROMOTIONS } from '../avro/promotions';
import { appendPointer } from '../json-pointer';
import type { ChangeKind, SchemaChange } from './schema-change';

/** Lists field-level changes between two Avro schemas, walking records by field name (or reader alias). */
export function diffAvro(previous: AvroNode, candidate: AvroNode): SchemaChange[] {
  const changes: SchemaChange[] = [];
  walk(previous, candidate, '', '', changes, new Set());
  return changes;
}

function walk(
  before: AvroNode,
  after: AvroNode,
  field: string,
  path: string,
  changes: SchemaChange[],
  seen: Set<AvroNode>,
): void {
  if (seen.has(after) && before.kind !== 'primitive') return;
  seen.add(after);
  const push = (
    kind: ChangeKind,
    message: string,
    breaking: SchemaChange['breaking'],
    details?: Record<string, unknown>,
  ) => changes.push({ kind, field, path: path || '/', message, breaking, ...(details ? { details } : {}) });

  if (before.kind === 'union' || after.kind === 'union')
    return diffUnion(before, after, field, path, changes, seen, push);
  if (before.kind !== after.kind) {
    return void push(
      'type-changed',
      `type changed from ${label(before)} to ${label(after)}`,
      { backward: true, forward: true },
      { from: label(before), to: label(after) },
    );
  }
  switch (before.kind) {
    case 'primitive': {
      const next = after as typeof before;
      if (before.type === next.type) return;
      const widened = AVRO_PROMOTIONS[before.type]?.includes(next.type) ?? false;
      const narrowed = AVRO_PROMOTIONS[next.type]?.includes(before.type) ?? false;
      const kind =
        widened && narrowed ? 'type-changed' : widened ? 'type-widened' : narrowed ? 'type-narrowed' : 'type-changed';
      return void push(
        kind,
        `type ${kind === 'type-changed' ? 'changed' : kind.slice(5)} from ${before.type} to ${next.type}`,
        {
          backward: !widened,
          forward: !narrowed,
        },
        { from: before.type, to: next.type },
      );
    }
    case 'array':
      return walk(
        before.items,
        (after as typeof before).items,
        `${field}[]`,
        appendPointer(path, 'items'),
        changes,
        seen,
      );
    case 'map':
      return walk(
        before.values,
        (after as typeof before).values,
        `${field}{}`,
        appendPointer(path, 'values'),
        changes,
        seen,
      );
    case 'fixed': {
      const next = after as typeof before;
      if (before.size !== next.size)
        push('size-changed', `fixed size changed from ${before.size} to ${next.size}`, {
          backward: true,
          forward: true,
        });
      if (before.name !== next.name && !next.aliases.includes(before.fullName))
        push('name-changed', `renamed from ${before.fullName} to ${next.fullName}`, { backward: true, forward: true });
      return;
    }
    case 'enum': {
      const next = after as typeof before;
      const beforeSymbols = new Set(before.symbols);
      const nextSymbols = new Set(next.symbols);
      const added = next.symbols.filter((s) => !beforeSymbols.has(s));
      const removed = before.symbols.filter((s) => !nextSymbols.has(s));
      if (before.name !== next.name && !next.aliases.includes(before.fullName))
        push('name-changed', `renamed from ${before.fullName} to ${next.fullName}`, { backward: true, forward: true });
      if (added.length === 0 && removed.length === 0) return;
      const kind: ChangeKind =
        removed.length === 0 ? 'enum-extended' : added.length === 0 ? 'enum-narrowed' : 'enum-changed';
      return void push(
        kind,
        `enum symbols ${added.length ? `added [${added.join(', ')}]` : ''}${added.length && removed.length ? ', ' : ''}${removed.length ? `removed [${removed.join(', ')}]` : ''}`,
        {
          backward: removed.length > 0 && next.default === undefined,
          forward: added.length > 0 && before.default === undefined,
        },
        { added, removed },
      );
    }
    case 'record':
      return diffRecord(before, after as typeof before, field, path, changes, seen, push);
  }
}

type Push = (
  kind: ChangeKind,
  message: string,
  breaking: SchemaChange['breaking'],
  details?: Record<string, unknown>,
) => void;

function diffRecord(
  before: AvroNode & { kind: 'record' },
  after: AvroNode & { kind: 'record' },
  field: string,
  path: string,
  changes: SchemaChange[],
  seen: Set<AvroNode>,
  push: Push,
): void {
  if (before.name !== after.name && !after.aliases.includes(before.fullName))
    push('name-changed', `record renamed from ${before.fullName} to ${after.fullName}`, {
      backward: true,
      forward: true,
    });
  const matched = new Set<AvroField>();
  const beforeByName = new Map(before.fields.map((f) => [f.name, f]));
  for (const next of after.fields) {
    const fieldName = field ? `${field}.${next.name}` : next.name;
    const fieldPath = appendPointer(path, 'fields', next.position);
    const byName = beforeByName.get(next.name);
    // The earliest earlier field an alias names (as a scan of the earlier fields would find it).
    const byAlias = byName
      ? undefined
      : next.aliases
          .map((alias) => beforeByName.get(alias))
          .filter((f): f is AvroField => f !== undefined)
          .sort((a, b) => a.position - b.position)[0];
    const previous = byName ?? byAlias;
    if (!previous) {
      changes.push({
        kind: next.hasDefault ? 'field-added-with-default' : 'field-added-without-default',
        field: fieldName,
        path: fieldPath,
        message: `field "${fieldName}" added ${next.hasDefault ? 'with' : 'without'} a default`,
        breaking: { backward: !next.hasDefault, forward: false },
      });
      continue;
    }
    matched.add(previous);
    if (byAlias) {
      changes.push({
        kind: 'field-renamed',
        field: fieldName,
        path: fieldPath,
        message: `field "${previous.name}" renamed to "${next.name}" (alias)`,
        breaking: { backward: false, forward: !previous.hasDefault },
        details: { from: previous.name, to: next.name },
      });
    }
    if (previous.hasDefault !== next.hasDefault) {
      changes.push({
        kind: 'default-changed',
        field: fieldName,
        path: fieldPath,
        message: `field "${fieldName}" default ${next.hasDefault ? 'added' : 'removed'}`,
        breaking: { backward: false, forward: false },
      });
    }
    walk(previous.type, next.type, fieldName, appendPointer(fieldPath, 'type'), changes, seen);
  }
  for (const previous of before.fields) {
    if (matched.has(previous)) continue;
    const fieldName = field ? `${field}.${previous.name}` : previous.name;
    changes.push({
      kind: 'field-removed',
      field: fieldName,
      path: appendPointer(path, 'fields', previous.position),
      message: `field "${fieldName}" removed (${previous.hasDefault ? 'it had a default' : 'it had no default'})`,
      breaking: { backward: false, forward: !previous.hasDefault },
      details: { hadDefault: previous.hasDefault },
    });
  }
}

function diffUnion(
  before: AvroNode,
  after: AvroNode,
  field: string,
  path: string,
  changes: SchemaChange[],
  seen: Set<AvroNode>,
  push: Push,
): void {
  const beforeBranches = before.kind === 'union' ? before.branches : [before];
  const afterBranches = after.kind === 'union' ? after.branches : [after];
  const key = (node: AvroNode) =>
    'fullName' in node ? node.fullName : node.kind === 'primitive' ? node.type : node.kind;
  const beforeByKey = new Map(beforeBranches.map((branch) => [key(branch), branch]));
  const afterKeys = new Set(afterBranches.map(key));
  const added = afterBranches.filter((b) => !beforeByKey.has(key(b)));
  const removed = beforeBranches.filter((a) => !afterKeys.has(key(a)));
  for (const branch of afterBranches) {
    const previous = beforeByKey.get(key(branch));
    if (previous && previous.kind !== 'primitive') walk(previous, branch, field, path, changes, seen);
  }
  if (added.length === 0 && removed.length === 0) return;
  const kind: ChangeKind =
    removed.length === 0 ? 'type-widened' : added.length === 0 ? 'type-narrowed' : 'type-changed';
  push(
    kind,
    `union branches ${added.length ? `added [${added.map(key).join(', ')}]` : ''}${added.length && removed.length ? ', ' : ''}${removed.length ? `removed [${removed.map(key).join(', ')}]` : ''}`,
    {
      backward: removed.length > 0,
      forward: added.length > 0,
    },
    { added: added.map(key), removed: removed.map(key) },
  );
}

function label(node: AvroNode): string {
  return node.kind === 'primitive' ? node.type : 'fullName' in node ? `${node.kind} ${node.fullName}` : node.kind;
}
