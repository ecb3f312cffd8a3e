import { EnforcementError, type EnforcementErrorClass, type Violation } from '../enforcement.errors';
import type { BodyChecker } from './body-checker';

/** The body of a 422: every violation, each at a JSON pointer into the request body. */
export interface ContractViolationBody {
  error_code: 42201;
  code: 'contract-violation';
  message: string;
  subject: string;
  violations: Violation[];
}

/** The body of a 503: the route could not check the body, so it refused it. */
export interface RegistryFailureBody {
  error_code: 50301 | 50302 | 50303;
  code: 'registry-unavailable' | 'unknown-schema' | 'registry-refused';
  message: string;
  subject: string;
}

/**
 * What a route answers instead of calling its handler: status, headers and a JSON body; for a 503, the registry's
 * error as `cause`, for the service's log (never sent).
 */
export type BodyRefusal =
  | { status: 422; headers: Record<string, string>; body: ContractViolationBody }
  | { status: 503; headers: Record<string, string>; body: RegistryFailureBody; cause: EnforcementError };

type RegistryFailureClass = RegistryFailureBody['code'];

/**
 * Registry failures as 503s, every one a problem of the service rather than of the request: `registry-unavailable`
 * (down, timing out, 5xx; retry later), `unknown-schema` (the registry holds no schema for the route's subject: the
 * route names a subject that is not registered, a deployment problem, not a 404 of the caller's), and
 * `registry-refused` (the registry refused the service's credentials). Messages never carry the registry's address.
 */
const REGISTRY_FAILURES: Record<
  RegistryFailureClass,
  { errorCode: RegistryFailureBody['error_code']; message: (subject: string) => string; retryAfter?: string }
> = {
  'registry-unavailable': {
    errorCode: 50301,
    message: (subject) => `the schema registry cannot be reached to check the body against ${subject}; retry later`,
    retryAfter: '1',
  },
  'unknown-schema': {
    errorCode: 50302,
    message: (subject) => `the schema registry holds no schema for ${subject}, so no body can be checked`,
  },
  'registry-refused': {
    errorCode: 50303,
    message: (subject) => `the schema registry refused this service's request for ${subject}`,
  },
};

const isRegistryFailure = (errorClass: EnforcementErrorClass): errorClass is RegistryFailureClass =>
  errorClass in REGISTRY_FAILURES;

/** The 422 for a body that breaks its subject's schema, rules or contract, listing every violation. */
export function violationResponse(violations: Violation[], subject: string): BodyRefusal {
  const first = violations[0];
  const where = first ? `; the first at ${first.path || '/'}: ${first.message}` : '';
  return {
    status: 422,
    headers: {},
    body: {
      error_code: 42201,
      code: 'contract-violation',
      message: `the body breaks the schema, rules or contract of ${subject}: ${violations.length} violation${violations.length === 1 ? '' : 's'}${where}`,
      subject,
      violations,
    },
  };
}

/**
 * The 503 for a registry failure: `registry-unavailable` (50301, with `Retry-After: 1`), `unknown-schema` (50302: the
 * registry holds no schema for the route's subject — the service is misconfigured, which is neither the caller's 404
 * nor an unexplained 500), `registry-refused` (50303: the service's key). Undefined for anything else.
 */
export function registryFailureResponse(error: unknown, subject: string): BodyRefusal | undefined {
  if (!(error instanceof EnforcementError) || !isRegistryFailure(error.errorClass)) return undefined;
  const failure = REGISTRY_FAILURES[error.errorClass];
  return {
    status: 503,
    headers: failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
    body: { error_code: failure.errorCode, code: error.errorClass, message: failure.message(subject), subject },
    cause: error,
  };
}

/**
 * What a route answers for a body, as both adapters answer it: undefined when the body may reach the handler, a
 * 422 when it breaks its subject, a 503 when the registry could not be asked (the body is refused, never let
 * through unchecked). Anything else thrown is a bug and is rethrown for the framework's own 500.
 */
export async function checkBody(
  checker: BodyChecker,
  subject: string,
  value: unknown,
): Promise<BodyRefusal | undefined> {
  let violations: Violation[];
  try {
    violations = await checker.check(subject, value);
  } catch (error) {
    const refusal = registryFailureResponse(error, subject);
    if (refusal) return refusal;
    throw error;
  }
  return violations.length === 0 ? undefined : violationResponse(violations, subject);
}
