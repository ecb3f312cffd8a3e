import type { preValidationAsyncHookHandler } from 'fastify';
import type { BodyChecker } from '../body/body-checker';
import { checkBody } from '../body/body-refusal';

/**
 * A Fastify `preValidation` hook holding a route's body to a subject (`BodyChecker.check`): a body that breaks it is
 * answered with the 422 listing every violation, a registry failure with a 503, and the handler is not called.
 *
 *     app.post('/orders', { preValidation: contractBodyHook(checker, 'orders-value') }, handler)
 *
 * It runs after Fastify has parsed the body, so a body that is not JSON is Fastify's own 400 or 415 before it.
 */
export function contractBodyHook(checker: BodyChecker, subject: string): preValidationAsyncHookHandler {
  return async (request, reply) => {
    const refusal = await checkBody(checker, subject, request.body);
    if (!refusal) return;
    if (refusal.status === 503) {
      request.log.warn(
        { event: 'enforcement.body-unchecked', subject, errorClass: refusal.cause.errorClass, err: refusal.cause },
        'request body refused: the schema registry could not be asked',
      );
    }
    return reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
  };
}
