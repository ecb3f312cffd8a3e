import { runService } from '@charter/service-host';
import { loadWebConfig } from './config/web-config';
import { createWebServer } from './create-web-server';

/** The console server as a process: the built SPA and the proxied APIs on CHARTER_WEB_PORT (8080). */
void runService({
  name: 'web',
  loadConfig: () => loadWebConfig(process.env),
  start: async (config, logger) => {
    const web = await createWebServer(config, logger);
    return {
      server: web.fastify.server,
      shutdown: web.shutdown,
      listen: async () => {
        await web.fastify.listen({ port: config.port, host: config.host });
        return web.fastify.server.address();
      },
      describe: () => ({ registry: config.registryUrl, lineage: config.lineageUrl, app: config.appDir }),
    };
  },
});
