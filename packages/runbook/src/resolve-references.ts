/** What `${...}` references can name while a run goes on. */
export interface RunContext {
  /** What the run was started with (the subject, the bad version, the team …). */
  input: Record<string, unknown>;
  /** Each finished step's output by step id. */
  steps: Record<string, unknown>;
  /** Set by whatever step assessed it (`severity.assess`). */
  severity?: string;
  /**
   * `id`: this run's id (the key that makes its requests idempotent); `status`: running, completed, aborted,
   * escalated; `startedAt` (ISO).
   */
  run: { id: string; status: string; startedAt: string };
}

/** The roots a reference may start with. */
export const REFERENCE_ROOTS = ['input', 'steps', 'severity', 'run'] as const;

const REFERENCE = /\$\{([^}]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([^}]*)\}$/;

/** Every `${path}` inside a value (strings at any depth), with the JSON pointer of where it is written. */
export function findReferences(value: unknown, pointer = ''): Array<{ path: string; pointer: string }> {
  if (typeof value === 'string') {
    return [...value.matchAll(REFERENCE)].map((match) => ({ path: match[1]!.trim(), pointer }));
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findReferences(item, `${pointer}/${index}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      findReferences(item, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    );
  }
  return [];
}

/** The value a dotted path names in the context; undefined when any part is missing. */
export function lookUp(context: RunContext, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Thrown when a reference names nothing at run time (a step's output without that field). */
export class UnresolvedReferenceError extends Error {
  constructor(readonly reference: string) {
    super(`\${${reference}} is not set`);
    this.name = 'UnresolvedReferenceError';
  }
}

/**
 * Parameters with their references filled in: a string that is one reference becomes the value itself (a number, a
 * list); references inside longer text become text.
 */
export function resolveReferences(value: unknown, context: RunContext): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return required(context, whole[1]!.trim());
    return value.replace(REFERENCE, (_match, path: string) => {
      const resolved = required(context, path.trim());
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(item, context)]));
  }
  return value;
}

function required(context: RunContext, path: string): unknown {
  const value = lookUp(context, path);
  if (value === undefined) throw new UnresolvedReferenceError(path);
  return value;
}
