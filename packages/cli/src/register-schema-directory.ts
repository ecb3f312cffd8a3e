import { readFileSync } from 'node:fs';
import { findSchemaVersions } from './find-schema-versions';

export interface RegisteredVersion {
  file: string;
  /** `registered`: a new version now; `existing`: the registry already held this content under the subject. */
  outcome: 'registered' | 'existing' | 'failed';
  id?: number;
  version?: number;
  /** For failures: the HTTP status and Confluent's error code and message. */
  error?: { status: number; errorCode?: number; message: string };
}

export interface RegisteredSubject {
  subject: string;
  versions: RegisteredVersion[];
  ok: boolean;
}

export interface RegisterSchemaDirectoryOptions {
  root: string;
  /** The registry's base URL, e.g. `http://localhost:8081`. */
  registryUrl: string;
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * Registers every `schemas/<subject>/v<N>.avsc|json` under `root`, oldest version first, through the registry's
 * Confluent API. Content the subject already holds is reported as existing, so running it twice changes nothing;
 * a subject stops at its first failure (later versions build on it).
 */
export async function registerSchemaDirectory(options: RegisterSchemaDirectoryOptions): Promise<RegisteredSubject[]> {
  const base = options.registryUrl.replace(/\/+$/, '');
  const headers = { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE, ...options.headers };
  const results: RegisteredSubject[] = [];
  for (const directory of findSchemaVersions(options.root)) {
    const subjectPath = `${base}/subjects/${encodeURIComponent(directory.subject)}`;
    const versions: RegisteredVersion[] = [];
    for (const file of directory.versions) {
      const body = JSON.stringify({ schema: readFileSync(file.path, 'utf8'), schemaType: file.schemaType });
      const lookup = await send(`${subjectPath}`, body, headers);
      if (lookup.status === 200) {
        versions.push({ file: file.file, outcome: 'existing', id: lookup.body.id, version: lookup.body.version });
        continue;
      }
      const registered = lookup.status === 404 ? await send(`${subjectPath}/versions`, body, headers) : lookup;
      if (registered.status === 200) {
        versions.push({
          file: file.file,
          outcome: 'registered',
          id: registered.body.id,
          version: registered.body.version,
        });
        continue;
      }
      versions.push({
        file: file.file,
        outcome: 'failed',
        error: {
          status: registered.status,
          errorCode: registered.body.error_code,
          message: registered.body.message ?? `HTTP ${registered.status}`,
        },
      });
      break;
    }
    results.push({ subject: directory.subject, versions, ok: versions.every((v) => v.outcome !== 'failed') });
  }
  return results;
}

interface RegistryAnswer {
  status: number;
  body: { id?: number; version?: number; error_code?: number; message?: string };
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<RegistryAnswer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as RegistryAnswer['body'] };
  } catch {
    return { status: response.status, body: { message: text.slice(0, 500) } };
  }
}

/** The human summary of `charter register`. */
export function formatRegisterReport(subjects: RegisteredSubject[], registryUrl: string): string {
  const lines = [`Registered schemas at ${registryUrl}`, ''];
  for (const subject of subjects) {
    lines.push(`${subject.ok ? 'ok  ' : 'FAIL'} ${subject.subject}`);
    for (const version of subject.versions) {
      if (version.outcome === 'failed') {
        lines.push(
          `  ${version.file}  FAILED  ${version.error?.errorCode ?? version.error?.status}: ${version.error?.message}`,
        );
      } else {
        lines.push(`  ${version.file}  ${version.outcome.padEnd(10)}  id ${version.id}, version ${version.version}`);
      }
    }
  }
  return lines.join('\n');
}
