import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { LineageService } from '../lineage/lineage.service';
import { readImpactRequest, readNodeQuery } from './lineage.dto';

/** Marquez's paths, so OpenLineage clients (dbt-ol, Airflow, Spark, Flink) and Marquez tools can point here. */
@Controller('api/v1')
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  /** The event's body is Charter's OpenLineage validator's to read (`LineageLog.ingest`): it is the parser. */
  @Post('lineage')
  @HttpCode(201)
  async ingest(@Body() body: unknown) {
    const applied = await this.lineage.ingest(body);
    return { accepted: true, ...applied };
  }

  @Get('lineage')
  graph(@Query() query: unknown) {
    return this.lineage.lineage(readNodeQuery(query));
  }

  @Get('column-lineage')
  columns(@Query() query: unknown) {
    return this.lineage.columnLineage(readNodeQuery(query));
  }
}

@Controller()
export class ImpactController {
  constructor(private readonly lineage: LineageService) {}

  @Post('impact')
  @HttpCode(200)
  impact(@Body() body: unknown) {
    return this.lineage.impact(readImpactRequest(body));
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
