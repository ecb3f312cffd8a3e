import { NotFoundError, RateLimitedError, UnavailableError } from '@charter/errors';
import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { LineageErrors } from '../lineage/lineage.errors';
import { LineageExceptionFilter } from './lineage-exception.filter';

/** What the filter answered: status, headers and body, through a stand-in for Fastify's reply. */
function answer(exception: unknown): { status: number; headers: Record<string, string>; body: unknown } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const reply = {
    sent: false,
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new LineageExceptionFilter(pino({ level: 'silent' })).catch(exception, host);
  return sent;
}

describe('LineageExceptionFilter', () => {
  it('answers a lineage error with its status from the table, its code and its details', () => {
    const refused = answer(LineageErrors.invalidEvent([{ path: '', code: 'required', message: 'missing' }]));
    expect(refused).toEqual({
      status: 400,
      headers: {},
      body: {
        code: 400,
        message: 'Invalid OpenLineage event: 1 violation(s): / required',
        error: 'invalid-event',
        violations: [{ path: '', code: 'required', message: 'missing' }],
      },
    });
    expect(answer(LineageErrors.nodeNotFound('dataset:x:y')).status).toBe(404);
    expect(answer(LineageErrors.unauthenticated('invalid API key')).headers).toEqual({
      'www-authenticate': 'Basic realm="Charter", charset="UTF-8"',
    });
  });

  it('asks to retry what may succeed later', () => {
    expect(answer(new UnavailableError('store-unavailable', 'down'))).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
    });
    expect(answer(new RateLimitedError('too-many-failed-authentications', 'slow down', 7))).toMatchObject({
      status: 429,
      headers: { 'retry-after': '7' },
    });
  });

  it('answers an error whose code is not in the table as an unexpected 500', () => {
    expect(answer(new NotFoundError('no-such-code', 'gone'))).toEqual({
      status: 500,
      headers: {},
      body: { code: 500, message: 'Internal Server Error' },
    });
  });
});
