import { EnforcementModule } from '@charter/enforcement/nest';
import { type DynamicModule, Module } from '@nestjs/common';
import { IngestController } from './http/ingest.controller';
import { PipelineController } from './http/pipeline.controller';
import { IngestService } from './ingest/ingest.service';
import type { PipelineRuntime } from './pipeline-runtime';
import { describePipeline, PIPELINE_DESCRIPTION, PIPELINE_STREAMS } from './pipeline-streams';
import { PipelineStats } from './sink/pipeline-stats';

@Module({})
export class PipelineModule {}

/** The pipeline's routes bound to its runtime; `@ContractBody` checks bodies with the runtime's registry client. */
export function pipelineModule(runtime: PipelineRuntime): DynamicModule {
  return {
    module: PipelineModule,
    imports: [EnforcementModule.forRoot({ client: runtime.registry })],
    controllers: [IngestController, PipelineController],
    providers: [
      { provide: IngestService, useValue: runtime.ingest },
      { provide: PipelineStats, useValue: runtime.stats },
      { provide: PIPELINE_STREAMS, useValue: runtime.streams },
      {
        provide: PIPELINE_DESCRIPTION,
        useValue: describePipeline(runtime.streams, {
          registry: runtime.config.registry.url,
          brokers: runtime.config.kafka.brokers,
        }),
      },
    ],
  };
}
