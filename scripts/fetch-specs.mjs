#!/usr/bin/env node
// Downloads the official schemas the conformance suites read (ODCS, OpenLineage) at the commits pinned in
// scripts/specs-manifest.json, checks each file's sha256 against the manifest, and only then writes them into the
// specs directory. Any failed download or hash mismatch fails the run and writes nothing.
//
//   node scripts/fetch-specs.mjs
//
// CHARTER_SPECS_DIR       where to write (default ../shared/specs beside the repository, where the suites look)
// CHARTER_SPECS_BASE_URL  where to download from (default https://raw.githubusercontent.com; files are read from
//                         <base>/<owner>/<repo>/<commit>/<path>)
// CHARTER_SPECS_MANIFEST  the manifest to follow (default scripts/specs-manifest.json)
//
// The files are third-party (Apache-2.0) and never committed. Files already present with the right hash are kept.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ATTEMPTS = 3;
const TIMEOUT_MS = 30_000;
const CONCURRENCY = 8;

const say = (message) => console.error(`[charter] fetch-specs: ${message}`);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The manifest's files as { url, target, sha256 }, refusing anything that would write outside the specs dir. */
function plan(manifest, baseUrl, specsDir) {
  const files = [];
  for (const source of manifest.sources) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(source.repository) || !/^[0-9a-f]{40}$/.test(source.commit)) {
      throw new Error(`bad source in manifest: ${JSON.stringify({ ...source, files: undefined })}`);
    }
    for (const file of source.files) {
      const target = path.resolve(specsDir, file.to);
      if (!target.startsWith(specsDir + path.sep) || !/^[0-9a-f]{64}$/.test(file.sha256)) {
        throw new Error(`bad file in manifest: ${JSON.stringify(file)}`);
      }
      const url = `${baseUrl}/${source.repository}/${source.commit}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
      files.push({ url, to: file.to, target, sha256: file.sha256 });
    }
  }
  return files;
}

async function download(url) {
  let lastError;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (response.ok) return Buffer.from(await response.arrayBuffer());
      lastError = new Error(`HTTP ${response.status}`);
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      lastError = error;
    }
    if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
  throw lastError;
}

async function present(file) {
  try {
    return sha256(await readFile(file.target)) === file.sha256;
  } catch {
    return false;
  }
}

async function main() {
  const specsDir = path.resolve(process.env.CHARTER_SPECS_DIR || path.join(REPO_ROOT, '..', 'shared', 'specs'));
  const baseUrl = (process.env.CHARTER_SPECS_BASE_URL || 'https://raw.githubusercontent.com').replace(/\/+$/, '');
  const manifestFile = path.resolve(
    process.env.CHARTER_SPECS_MANIFEST || path.join(REPO_ROOT, 'scripts', 'specs-manifest.json'),
  );
  const files = plan(JSON.parse(await readFile(manifestFile, 'utf8')), baseUrl, specsDir);

  const missing = [];
  for (const file of files) if (!(await present(file))) missing.push(file);
  if (missing.length === 0) {
    say(`all ${files.length} files already in ${specsDir}`);
    return 0;
  }

  const fetched = [];
  const failures = [];
  const queue = [...missing];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      try {
        const bytes = await download(file.url);
        const actual = sha256(bytes);
        if (actual === file.sha256) fetched.push({ file, bytes });
        else failures.push(`${file.to}: sha256 ${actual} from ${file.url}, the manifest pins ${file.sha256}`);
      } catch (error) {
        const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : '';
        failures.push(`${file.to}: ${file.url}: ${error.message}${cause}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  if (failures.length > 0) {
    for (const failure of failures.sort()) say(failure);
    say(
      `FAILED: ${failures.length} of ${missing.length} file(s) could not be fetched and verified; nothing written to ${specsDir}`,
    );
    return 1;
  }

  // Everything verified: stage the files beside their destination, then move each into place.
  const staging = path.join(specsDir, `.fetch-${randomUUID()}`);
  try {
    for (const { file, bytes } of fetched) {
      const staged = path.join(staging, file.to);
      await mkdir(path.dirname(staged), { recursive: true });
      await writeFile(staged, bytes);
    }
    for (const { file } of fetched) {
      await mkdir(path.dirname(file.target), { recursive: true });
      await rename(path.join(staging, file.to), file.target);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  say(`wrote ${fetched.length} verified file(s) to ${specsDir} (${files.length - fetched.length} already there)`);
  return 0;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    say(`FAILED: ${error.message}`);
    process.exit(1);
  },
);
