import type { FastifyInstance } from 'fastify';
import type { SchemasService } from '../registry/schemas.service';
import type { SubjectsService } from '../registry/subjects.service';
import { queryFlag, schemaIdParam } from './query-params';

type QueryParams = Record<string, string | undefined>;

/**
 * The two reads every Kafka producer and consumer makes (schema by id, a subject's version or `latest`), served
 * from the cache. They are registered on Fastify directly: Nest's per-request routing (parameter extraction, pipes,
 * the interceptor chain) cost about a fifth of their throughput. Same services, and errors still reach the one
 * exception filter through Nest's error handler.
 */
export function registerHotReadRoutes(
  fastify: FastifyInstance,
  services: { schemas: SchemasService; subjects: SubjectsService },
): void {
  fastify.get<{ Params: { id: string }; Querystring: QueryParams }>('/schemas/ids/:id', (request) => {
    const id = schemaIdParam(request.params.id);
    // The plain read is answered with the body text kept beside the cached record (content-type is set already).
    return queryFlag(request.query.fetchMaxId)
      ? services.schemas.getById(id, { fetchMaxId: true })
      : services.schemas.getSerializedById(id);
  });
  fastify.get<{ Params: { subject: string; version: string }; Querystring: QueryParams }>(
    '/subjects/:subject/versions/:version',
    (request) =>
      services.subjects.getVersion(request.params.subject, request.params.version, {
        deleted: queryFlag(request.query.deleted),
      }),
  );
}
