import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { IncidentErrors } from '../errors/incident.errors';
import { IncidentsService } from '../governance/incidents.service';
import {
  isIncidentId,
  readAcknowledgement,
  readAppendTimeline,
  readCloseIncident,
  readIdempotencyKey,
  readIncidentQuery,
  readOpenIncident,
  readPostmortem,
} from './incident.dto';

/** Incidents opened by runbook runs (issue #17): open, list, read with the timeline, append, acknowledge, close. */
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** 201 with the new incident; 200 with the one this `Idempotency-Key` already opened (same body). */
  @Post()
  async open(
    @RequestActor() actor: Actor,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | string[] | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = readIdempotencyKey(idempotencyKey);
    const { incident, isNew } = await this.incidents.open(actor, readOpenIncident(body), key);
    reply.status(isNew ? 201 : 200);
    return incident;
  }

  @Get()
  list(@Query() query: unknown) {
    return this.incidents.list(readIncidentQuery(query));
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.incidents.get(incidentId(id));
  }

  @Post(':id/timeline')
  @HttpCode(201)
  append(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.incidents.appendTimeline(actor, incidentId(id), readAppendTimeline(body));
  }

  @Post(':id/ack')
  @HttpCode(200)
  acknowledge(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.incidents.acknowledge(actor, incidentId(id), readAcknowledgement(body));
  }

  @Get(':id/postmortem')
  postmortem(@Param('id') id: string) {
    return this.incidents.postmortem(incidentId(id));
  }

  @Put(':id/postmortem')
  @HttpCode(200)
  putPostmortem(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.incidents.putPostmortem(actor, incidentId(id), readPostmortem(body));
  }

  @Post(':id/close')
  @HttpCode(200)
  close(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.incidents.close(actor, incidentId(id), readCloseIncident(body));
  }
}

function incidentId(id: string): string {
  if (!isIncidentId(id)) throw IncidentErrors.notFound(id);
  return id;
}
