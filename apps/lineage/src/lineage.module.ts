import { type DynamicModule, Module } from '@nestjs/common';
import { BreachService } from './breaches/breach.service';
import { BreachController } from './http/breach.controller';
import { ImpactController, LineageController, OperationsController } from './http/lineage.controller';
import { LineageService } from './lineage/lineage.service';
import type { LineageRuntime } from './lineage-runtime';

@Module({})
export class LineageModule {}

export function lineageModule(runtime: LineageRuntime): DynamicModule {
  return {
    module: LineageModule,
    controllers: [LineageController, ImpactController, OperationsController, BreachController],
    providers: [
      { provide: LineageService, useValue: runtime.lineage },
      { provide: BreachService, useValue: runtime.breaches },
    ],
  };
}
