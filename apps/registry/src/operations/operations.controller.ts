import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RegistryErrors } from '../errors/registry.errors';
import { RegistryMetrics } from '../observability/registry-metrics';
import { OPENAPI_DOCUMENT } from './openapi-document';
import { ReadinessService } from './readiness.service';

const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']);
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Charter registry API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' });</script>
</body></html>`;

/** Health, readiness, metrics and the API description; none of it touches the schema data. */
@Controller()
export class OperationsController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: RegistryMetrics,
  ) {}

  @Get('health')
  @Header('content-type', 'application/json')
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Header('content-type', 'application/json')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.readiness.check();
    reply.status(report.status === 'ready' ? 200 : 503);
    return report;
  }

  @Get('metrics')
  async prometheus(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }

  @Get('openapi.json')
  @Header('content-type', 'application/json')
  openapi() {
    return OPENAPI_DOCUMENT;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs() {
    return DOCS_PAGE;
  }

  @Get('docs/assets/:file')
  async asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!SWAGGER_ASSETS.has(file)) throw RegistryErrors.routeNotFound('GET', `/docs/assets/${file}`);
    const directory = path.dirname(require.resolve('swagger-ui-dist/package.json'));
    reply.header('content-type', file.endsWith('.css') ? 'text/css' : 'text/javascript');
    reply.header('cache-control', 'public, max-age=86400');
    return readFile(path.join(directory, file), 'utf8');
  }
}
