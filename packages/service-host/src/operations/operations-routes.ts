import type { FastifyInstance } from 'fastify';
import type { Readiness } from './readiness';
import type { ServiceMetrics } from './service-metrics';

/**
 * The probes and metrics every app serves, without a key: `GET /health` (the process answers), `GET /ready` (its
 * critical dependencies answer; 503 otherwise or while stopping) and `GET /metrics` (Prometheus text format).
 */
export function registerOperationsRoutes(
  fastify: FastifyInstance,
  options: { readiness: Readiness; metrics: ServiceMetrics },
): void {
  fastify.get('/health', (_request, reply) => {
    reply.header('content-type', 'application/json').send({ status: 'ok' });
  });
  fastify.get('/ready', async (_request, reply) => {
    const report = await options.readiness.check();
    reply
      .status(report.status === 'ready' ? 200 : 503)
      .header('content-type', 'application/json')
      .send(report);
  });
  fastify.get('/metrics', async (_request, reply) => {
    const text = await options.metrics.registry.metrics();
    reply.header('content-type', options.metrics.registry.contentType).send(text);
  });
}
