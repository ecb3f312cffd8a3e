import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RegistryErrors } from '../errors/registry.errors';
import { OPENAPI_DOCUMENT } from './openapi-document';

const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']);
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Charter registry API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' });</script>
</body></html>`;

/** The API description (the probes and metrics are the service shell's: `registerOperationsRoutes`). */
@Controller()
export class OperationsController {
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
