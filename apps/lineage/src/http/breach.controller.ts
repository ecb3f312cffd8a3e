import { Controller, Get, Param, Query } from '@nestjs/common';
import { BreachService } from '../breaches/breach.service';
import { readBreachQuery, readDatasetBreachQuery } from './breach.dto';

/** Contract breaches the lineage service recorded from the schema facets events reported (newest first, paged). */
@Controller('api/v1')
export class BreachController {
  constructor(private readonly breaches: BreachService) {}

  @Get('breaches')
  list(@Query() query: unknown) {
    return this.breaches.find(readBreachQuery(query));
  }

  /** Marquez's dataset path: the namespace URL-encoded (`snowflake%3A%2F%2Facme`), then the dataset's name. */
  @Get('namespaces/:namespace/datasets/:name/breaches')
  ofDataset(@Param('namespace') namespace: string, @Param('name') name: string, @Query() query: unknown) {
    return this.breaches.find(readDatasetBreachQuery(namespace, name, query));
  }
}
