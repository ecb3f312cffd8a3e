import type { FastifyInstance } from 'fastify';
import { pipelineWireError } from '../pipeline.errors';

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Records arrive as JSON: a POST with another content type (or none) is a 415 before its body is read, rather than
 * a body parsed some other way (Fastify reads text/plain as a string) and refused for its shape.
 */
export function requireJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const type = request.headers['content-type'];
    if (request.method !== 'POST' || (type !== undefined && JSON_MEDIA_TYPE.test(type))) return done();
    const refusal = pipelineWireError(
      'unsupported-media-type',
      `records are sent as application/json, not ${type === undefined ? 'without a content type' : JSON.stringify(type)}`,
    );
    void reply.status(refusal.status).send(refusal.body);
  });
}
