import { Controller, Get, Inject } from '@nestjs/common';
import { PIPELINE_DESCRIPTION, type PipelineDescription } from '../pipeline-streams';
import { PipelineStats } from '../sink/pipeline-stats';

/** What the pipeline has done since it started, and how it is wired (for tools that write to its topics). */
@Controller()
export class PipelineController {
  constructor(
    private readonly stats: PipelineStats,
    @Inject(PIPELINE_DESCRIPTION) private readonly description: PipelineDescription,
  ) {}

  @Get('stats')
  counts() {
    return this.stats.snapshot();
  }

  @Get('pipeline')
  describe() {
    return this.description;
  }
}
