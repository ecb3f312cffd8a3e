import { EnforcementError, type EnforcementErrorClass } from '../enforcement.errors';
import { registryFailureResponse, violationResponse } from './body-refusal';

describe('violationResponse', () => {
  it('is a 422 listing every violation as given, under the subject', () => {
    const violations = [
      { rule: 'schema', path: '/order_id', message: '42 is not a valid string' },
      { rule: 'contract/minimum', path: '/amount_cents', message: '-1 is not at least 0' },
    ];
    const refusal = violationResponse(violations, 'orders-value');
    expect(refusal).toEqual({
      status: 422,
      headers: {},
      body: {
        error_code: 42201,
        code: 'contract-violation',
        message: expect.stringContaining('2 violations'),
        subject: 'orders-value',
        violations,
      },
    });
    expect(refusal.body.message).not.toContain('\n');
  });
});

describe('registryFailureResponse', () => {
  it.each([
    ['registry-unavailable', 50301, { 'retry-after': '1' }],
    ['unknown-schema', 50302, {}],
    ['registry-refused', 50303, {}],
  ] as const)('answers %s with a 503 and error code %d', (errorClass, errorCode, headers) => {
    const cause = new EnforcementError(errorClass, 'the registry refused GET http://registry.internal:8081/x');
    const refusal = registryFailureResponse(cause, 'orders-value');
    expect(refusal).toEqual({
      status: 503,
      headers,
      body: { error_code: errorCode, code: errorClass, message: expect.any(String), subject: 'orders-value' },
      cause,
    });
    // The registry's address and the client's own message stay in the log, never in the answer.
    expect(refusal?.body.message).not.toContain('registry.internal');
  });

  it.each(['deserialization', 'wrong-subject', 'contract-violation'] as EnforcementErrorClass[])(
    'leaves %s, which a body check does not raise, to the caller',
    (errorClass) => {
      expect(registryFailureResponse(new EnforcementError(errorClass, 'x'), 'orders-value')).toBeUndefined();
    },
  );

  it('leaves errors that are not enforcement errors to the caller', () => {
    expect(registryFailureResponse(new TypeError('bug'), 'orders-value')).toBeUndefined();
  });
});
