import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { LineageService } from '../lineage/lineage.service';

type QueryParams = Record<string, string | undefined>;

/** Marquez's paths, so OpenLineage clients (dbt-ol, Airflow, Spark, Flink) and Marquez tools can point here. */
@Controller('api/v1')
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  @Post('lineage')
  @HttpCode(201)
  async ingest(@Body() body: unknown) {
    const applied = await this.lineage.ingest(body);
    return { accepted: true, ...applied };
  }

  @Get('lineage')
  graph(@Query() query: QueryParams) {
    return this.lineage.lineage(query);
  }

  @Get('column-lineage')
  columns(@Query() query: QueryParams) {
    return this.lineage.columnLineage(query);
  }
}

@Controller()
export class ImpactController {
  constructor(private readonly lineage: LineageService) {}

  @Post('impact')
  @HttpCode(200)
  impact(@Body() body: unknown) {
    return this.lineage.impact(body);
  }
}

/** The graph's size and breakage signals (the probes and metrics are the service shell's). */
@Controller()
export class OperationsController {
  constructor(private readonly lineage: LineageService) {}

  @Get('stats')
  stats() {
    return this.lineage.stats();
  }
}
