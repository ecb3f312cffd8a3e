import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { CheckRunsService } from '../governance/check-runs.service';
import { DriftEventsService } from '../governance/drift-events.service';
import { readCheckRun } from './check-run.dto';
import { readDriftEvent } from './drift-event.dto';
import { readHistoryQuery } from './history-query.dto';

/** Check runs and drift events: posted by `charter checkpoint`, `charter dbt check` and the drift profiler. */
@Controller()
export class ChecksController {
  constructor(
    private readonly checks: CheckRunsService,
    private readonly drift: DriftEventsService,
  ) {}

  /** 201 with the stored run's summary; 200 when the same run (same run_id, same body) is already stored. */
  @Post('checks')
  async record(@RequestActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { summary, isNew } = await this.checks.record(actor, readCheckRun(body));
    reply.status(isNew ? 201 : 200);
    return summary;
  }

  @Get('checks/:runId')
  get(@Param('runId') runId: string) {
    return this.checks.get(runId);
  }

  @Get('contracts/:id/checks')
  listChecks(@Param('id') id: string, @Query() query: unknown) {
    return this.checks.listForContract(id, readHistoryQuery(query));
  }

  /** 201 with the stored event; 200 when the same event is already stored. */
  @Post('drift-events')
  async recordDrift(
    @RequestActor() actor: Actor,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { view, isNew } = await this.drift.record(actor, readDriftEvent(body));
    reply.status(isNew ? 201 : 200);
    return view;
  }

  @Get('contracts/:id/drift-events')
  listDrift(@Param('id') id: string, @Query() query: unknown) {
    return this.drift.listForContract(id, readHistoryQuery(query));
  }
}
