import { createServiceApp, type ServiceApp } from '@charter/service-host';
import type { Logger } from 'pino';
import type { PipelineConfig } from './config/pipeline-config';
import { PipelineExceptionFilter } from './http/pipeline-exception.filter';
import { requireJsonBodies } from './http/require-json-bodies';
import { pipelineModule } from './pipeline.module';
import { pipelineReadiness } from './pipeline-readiness';
import { createPipelineRuntime, type PipelineRuntime } from './pipeline-runtime';

export type PipelineApp = ServiceApp<PipelineRuntime>;

/** Builds the pipeline (database migrated, routes registered, producing and consuming) without listening. */
export async function createPipelineApp(config: PipelineConfig, logger: Logger): Promise<PipelineApp> {
  const runtime = await createPipelineRuntime(config, logger);
  try {
    const pipeline = await createServiceApp({
      module: pipelineModule(runtime),
      runtime,
      logger,
      http: { bodyLimit: config.ingest.maxBodyBytes },
      metrics: runtime.metrics,
      accessLog: config.log.access,
      readiness: pipelineReadiness(runtime.database, runtime.consumers),
      exceptionFilter: new PipelineExceptionFilter(logger),
      configure: requireJsonBodies,
      stopFirst: [['consumers', () => runtime.stopConsuming()]],
    });
    await runtime.start();
    return pipeline;
  } catch (error) {
    await runtime.stopConsuming().catch(() => undefined);
    await runtime.close();
    throw error;
  }
}
