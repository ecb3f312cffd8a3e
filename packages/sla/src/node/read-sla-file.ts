import { readFile } from 'node:fs/promises';
import { type ReadSlaResult, readSla } from '../openslo/read-sla';

/** Reads and validates an SLA file (see readSla); the path is how problems name the file. */
export async function readSlaFile(path: string): Promise<ReadSlaResult> {
  return readSla(await readFile(path, 'utf8'), path);
}
