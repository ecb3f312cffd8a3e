const { execFile } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync } = require('node:fs');
const { mkdir, mkdtemp, readdir, readFile, rm, writeFile } = require('node:fs/promises');
const { createServer } = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const SCRIPT = path.join(__dirname, '..', 'fetch-specs.mjs');
const COMMIT = 'e6a1c66ffc08fd0135105cf5e8d6ce85c3099285';
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Upstream as the test serves it: repository path → file bytes, at COMMIT. */
const UPSTREAM = {
  'spec/OpenLineage.json': '{"$id":"core"}\n',
  'spec/facets/A.json': '{"$id":"a"}\n',
  'schema/odcs.json': '{"$id":"odcs"}\n',
};

function manifest(upstream = UPSTREAM) {
  const entry = (file, to) => ({ path: file, to, sha256: sha256(upstream[file]) });
  return {
    sources: [
      { repository: 'acme/odcs', commit: COMMIT, files: [entry('schema/odcs.json', 'odcs/odcs.json')] },
      {
        repository: 'acme/lineage',
        commit: COMMIT,
        files: [
          entry('spec/OpenLineage.json', 'openlineage/OpenLineage.json'),
          entry('spec/facets/A.json', 'openlineage/facets/A.json'),
        ],
      },
    ],
  };
}

/** Every file under `dir`, relative, sorted ([] when it does not exist). */
async function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('fetch-specs', () => {
  let server;
  let baseUrl;
  /** What the server answers: repository path → bytes (missing → 404). */
  let serving;
  let requests;
  let work;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url);
      const match = /^\/acme\/(odcs|lineage)\/([0-9a-f]{40})\/(.+)$/.exec(request.url);
      const body = match && match[2] === COMMIT ? serving[match[3]] : undefined;
      response.writeHead(body === undefined ? 404 : 200).end(body);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(async () => {
    serving = { ...UPSTREAM };
    requests = [];
    work = await mkdtemp(path.join(os.tmpdir(), 'fetch-specs-'));
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  async function fetchSpecs(specsManifest = manifest()) {
    const manifestFile = path.join(work, 'manifest.json');
    await writeFile(manifestFile, JSON.stringify(specsManifest));
    const env = {
      ...process.env,
      CHARTER_SPECS_DIR: path.join(work, 'specs'),
      CHARTER_SPECS_BASE_URL: `${baseUrl}/`,
      CHARTER_SPECS_MANIFEST: manifestFile,
    };
    return promisify(execFile)(process.execPath, [SCRIPT], { env }).then(
      ({ stderr }) => ({ status: 0, stderr }),
      (error) => ({ status: error.code, stderr: error.stderr }),
    );
  }

  it('downloads every file at its pinned commit, checks it, and writes it where the manifest says', async () => {
    const result = await fetchSpecs();
    expect(result.status).toBe(0);
    expect(await listFiles(path.join(work, 'specs'))).toEqual([
      'odcs/odcs.json',
      'openlineage/OpenLineage.json',
      'openlineage/facets/A.json',
    ]);
    expect(await readFile(path.join(work, 'specs', 'openlineage', 'facets', 'A.json'), 'utf8')).toBe(
      UPSTREAM['spec/facets/A.json'],
    );
    expect(requests.sort()).toEqual([
      `/acme/lineage/${COMMIT}/spec/OpenLineage.json`,
      `/acme/lineage/${COMMIT}/spec/facets/A.json`,
      `/acme/odcs/${COMMIT}/schema/odcs.json`,
    ]);

    // A second run finds them all in place and downloads nothing.
    requests = [];
    expect(await fetchSpecs()).toMatchObject({ status: 0, stderr: expect.stringMatching(/all 3 files already/) });
    expect(requests).toEqual([]);
  });

  it('fails on a tampered file, names it, and writes nothing at all', async () => {
    serving['spec/facets/A.json'] = '{"$id":"a","tampered":true}\n';
    const result = await fetchSpecs();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `openlineage/facets/A.json: sha256 ${sha256(serving['spec/facets/A.json'])} from ${baseUrl}/acme/lineage/${COMMIT}/spec/facets/A.json, the manifest pins ${sha256(UPSTREAM['spec/facets/A.json'])}`,
    );
    expect(result.stderr).toMatch(/FAILED: 1 of 3 file\(s\).*nothing written/);
    expect(existsSync(path.join(work, 'specs'))).toBe(false);
  });

  it('leaves a specs directory as it was when a download fails', async () => {
    await mkdir(path.join(work, 'specs', 'odcs'), { recursive: true });
    await writeFile(path.join(work, 'specs', 'odcs', 'odcs.json'), 'an older copy');
    delete serving['spec/OpenLineage.json'];
    const result = await fetchSpecs();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/openlineage\/OpenLineage\.json: \S+ HTTP 404/);
    expect(await listFiles(path.join(work, 'specs'))).toEqual(['odcs/odcs.json']);
    expect(await readFile(path.join(work, 'specs', 'odcs', 'odcs.json'), 'utf8')).toBe('an older copy');
  });

  it('refuses a manifest entry that would write outside the specs directory', async () => {
    const escaping = manifest();
    escaping.sources[0].files[0].to = '../outside.json';
    const result = await fetchSpecs(escaping);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad file in manifest/);
    expect(requests).toEqual([]);
    expect(existsSync(path.join(work, 'outside.json'))).toBe(false);
  });
});

describe('the committed specs manifest', () => {
  const committed = require('../specs-manifest.json');
  const files = committed.sources.flatMap((source) => source.files);

  it('pins the files the conformance suites read, each by commit and sha256, once', () => {
    const targets = files.map((file) => file.to);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets).toEqual(
      expect.arrayContaining([
        'odcs/odcs-json-schema-v3.1.0.json',
        'openlineage/OpenLineage.json',
        'openlineage/facets/ParentRunFacet.json',
        'openlineage/facets/SchemaDatasetFacet.json',
        'openlineage/facets/ColumnLineageDatasetFacet.json',
        'openlineage/facets/LineageFacet.json',
      ]),
    );
    for (const source of committed.sources) expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const file of files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
