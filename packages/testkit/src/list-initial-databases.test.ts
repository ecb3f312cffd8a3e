import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listInitialDatabases } from './list-initial-databases';
import { readComposeFile } from './read-compose-file';

describe('listInitialDatabases', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'charter-compose-'));
    mkdirSync(path.join(directory, 'init'));
    writeFileSync(path.join(directory, 'init', '10-a.sql'), 'CREATE DATABASE one;\ncreate database "two";\n');
    writeFileSync(path.join(directory, 'init', 'README'), 'CREATE DATABASE not_sql;\n');
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('lists the databases the SQL files mounted at /docker-entrypoint-initdb.d create', () => {
    const compose = readComposeFile('services:\n  postgres:\n    volumes: ["./init:/docker-entrypoint-initdb.d:ro"]\n');
    expect(listInitialDatabases(compose, directory)).toEqual(['one', 'two']);
  });

  it('lists none when nothing is mounted there or the directory is missing', () => {
    expect(listInitialDatabases(readComposeFile('services:\n  postgres:\n    image: postgres\n'), directory)).toEqual(
      [],
    );
    const missing = readComposeFile('services:\n  postgres:\n    volumes: ["./nope:/docker-entrypoint-initdb.d"]\n');
    expect(listInitialDatabases(missing, directory)).toEqual([]);
  });
});
