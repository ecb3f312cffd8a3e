import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DomainErrorKind, isDomainError } from '@charter/errors';
import { LINEAGE_ERRORS, LineageErrors } from './lineage.errors';

/** The status each kind of error had before the table (the wire must not change). */
const STATUS_BY_CLASS: Record<string, number> = {
  InvalidInputError: 400,
  NotFoundError: 404,
  ConflictError: 409,
  IncompatibleError: 409,
  UnauthenticatedError: 401,
  ForbiddenError: 403,
  UnavailableError: 503,
  RateLimitedError: 429,
};
const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  incompatible: 409,
  unauthenticated: 401,
  forbidden: 403,
  unavailable: 503,
  'rate-limited': 429,
};

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** Every `new SomeError('code', …)` in the service's sources, wherever it is thrown from. */
function thrownCodes(): Array<{ file: string; errorClass: string; code: string }> {
  const root = path.resolve(__dirname, '..');
  const construction = /new (\w+Error)(?:<[^>]*>)?\(\s*'([^']+)'/g;
  return sourceFiles(root).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(construction)]
      // A ConfigError names the service whose configuration is bad: it stops the process at boot, never answers.
      .filter(([, errorClass]) => errorClass !== 'ConfigError')
      .map(([, errorClass, code]) => ({
        file: path.relative(root, file),
        errorClass: errorClass!,
        code: code!,
      })),
  );
}

describe('LINEAGE_ERRORS', () => {
  const thrown = thrownCodes();

  it('has every code the service throws, with the status its kind always had', () => {
    for (const { file, errorClass, code } of thrown) {
      const wire = LINEAGE_ERRORS[code as keyof typeof LINEAGE_ERRORS];
      expect({ file, code, status: wire?.status }).toEqual({ file, code, status: STATUS_BY_CLASS[errorClass] });
    }
  });

  it('has no code the service never throws', () => {
    expect(new Set(thrown.map(({ code }) => code))).toEqual(new Set(Object.keys(LINEAGE_ERRORS)));
  });

  it('describes each code', () => {
    for (const { meaning } of Object.values(LINEAGE_ERRORS)) expect(meaning.length).toBeGreaterThan(10);
  });

  it("maps LineageErrors' errors to the status of their kind", () => {
    const errors = [
      LineageErrors.invalidEvent([{ path: '/eventTime', code: 'format', message: 'not a date-time' }]),
      LineageErrors.invalidRequest('nodeId is required'),
      LineageErrors.busy(10_000),
      LineageErrors.nodeNotFound('dataset:x:y'),
      LineageErrors.unauthenticated('invalid API key'),
      LineageErrors.forbidden('no'),
    ];
    for (const error of errors) {
      expect(isDomainError(error)).toBe(true);
      expect(LINEAGE_ERRORS[error.code].status).toBe(STATUS_BY_KIND[error.kind]);
    }
  });
});
