import { nestService, runService } from '@charter/service-host';
import { loadLineageConfig } from './config/lineage-config';
import { createLineageApp } from './create-lineage-app';

/** The lineage service as a process: config from the environment, database migrated, graph rebuilt, listening. */
void runService({
  name: 'lineage',
  loadConfig: () => loadLineageConfig(process.env),
  start: async (config, logger) => {
    const lineage = await createLineageApp(config, logger);
    return nestService(lineage.app, lineage.shutdown, { port: config.port, host: config.host }, () => ({
      database: lineage.runtime.database.kind,
      kafka: config.kafka ? config.kafka.topic : 'off',
    }));
  },
});
