import { nestService, runService } from '@charter/service-host';
import { loadPipelineConfig } from './config/pipeline-config';
import { createPipelineApp } from './create-pipeline-app';

/** The sample pipeline as a process: config from the environment, database migrated, producing and consuming, listening. */
void runService({
  name: 'pipeline',
  loadConfig: () => loadPipelineConfig(process.env),
  start: async (config, logger) => {
    const pipeline = await createPipelineApp(config, logger);
    return nestService(pipeline.app, pipeline.shutdown, { port: config.port, host: config.host }, () => ({
      database: pipeline.runtime.database.kind,
      kafka: config.kafka.brokers.join(','),
      lineage: config.lineage ? config.lineage.url : 'off',
      drift: config.drift ? (config.drift.baselineFile ?? 'on') : 'off',
    }));
  },
});
