import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SchemasService } from '../registry/schemas.service';
import type { SubjectsService } from '../registry/subjects.service';
import { queryFlag, schemaIdParam } from './query-params';

type QueryParams = Record<string, string | undefined>;

/**
 * The two reads every Kafka producer and consumer makes (schema by id, a subject's version or `latest`), served
 * from the cache. They are registered on Fastify directly: Nest's per-request routing (parameter extraction, pipes,
 * the interceptor chain) cost about a fifth of their throughput. Same services, and errors still reach the one
 * exception filter through Nest's error handler.
 *
 * Both carry an `ETag` naming what they answer (the store, the schema id, the version), so a client that keeps the
 * answer revalidates it with `If-None-Match` and gets a 304 without a body: producers following a subject's latest
 * version ask on a timer, and the answer rarely changes.
 */
export function registerHotReadRoutes(
  fastify: FastifyInstance,
  services: { schemas: SchemasService; subjects: SubjectsService; storeId: string },
): void {
  const { storeId } = services;
  fastify.get<{ Params: { id: string }; Querystring: QueryParams }>('/schemas/ids/:id', async (request, reply) => {
    const id = schemaIdParam(request.params.id);
    // fetchMaxId answers with the registry's current maximum id, which moves: no ETag.
    if (queryFlag(request.query.fetchMaxId)) return services.schemas.getById(id, { fetchMaxId: true });
    // The plain read is answered with the body text kept beside the cached record (content-type is set already).
    const body = await services.schemas.getSerializedById(id);
    return conditional(request, reply, `"${storeId}.${id}"`, body);
  });
  fastify.get<{ Params: { subject: string; version: string }; Querystring: QueryParams }>(
    '/subjects/:subject/versions/:version',
    async (request, reply) => {
      const body = await services.subjects.getVersion(request.params.subject, request.params.version, {
        deleted: queryFlag(request.query.deleted),
      });
      return conditional(request, reply, `"${storeId}.${body.id}.${body.version}"`, body);
    },
  );
}

/** Sets the ETag; when the client already holds that answer (`If-None-Match`), a 304 without a body. */
function conditional<T>(request: FastifyRequest, reply: FastifyReply, etag: string, body: T): T | '' {
  reply.header('etag', etag);
  const held = request.headers['if-none-match'];
  if (held !== undefined && (held.trim() === '*' || held.split(',').some((tag) => tag.trim() === etag))) {
    reply.code(304);
    return '';
  }
  return body;
}
