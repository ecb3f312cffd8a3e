import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SchemaType } from '@charter/schema';

export interface SchemaVersionFile {
  /** Path relative to the searched root. */
  file: string;
  path: string;
  version: number;
  schemaType: SchemaType;
}

export interface SubjectDirectory {
  /** The directory's name: the registry subject, e.g. `orders-value`. */
  subject: string;
  /** Version files, oldest first. */
  versions: SchemaVersionFile[];
}

const EXTENSIONS: Record<string, SchemaType> = { avsc: 'AVRO', json: 'JSON' };
const VERSION_FILE = /^v(\d+)\.(avsc|json)$/;

/** Every directory under `root` holding `v<N>.avsc|json` files, named for its subject, in path order. */
export function findSchemaVersions(root: string): SubjectDirectory[] {
  const found: SubjectDirectory[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir).sort();
    const versions = entries
      .map((name) => ({ name, match: VERSION_FILE.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .map(({ name, match }) => ({
        file: relative(root, join(dir, name)),
        path: join(dir, name),
        version: Number(match[1]),
        schemaType: EXTENSIONS[match[2]!]!,
      }))
      .sort((a, b) => a.version - b.version);
    if (versions.length > 0) found.push({ subject: relative(root, dir).split(/[\\/]/).pop()!, versions });
    for (const name of entries) {
      const path = join(dir, name);
      if (statSync(path).isDirectory() && name !== 'node_modules' && !name.startsWith('.')) walk(path);
    }
  };
  walk(root);
  return found;
}
