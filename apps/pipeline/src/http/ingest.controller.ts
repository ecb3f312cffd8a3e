import { ContractBody } from '@charter/enforcement/nest';
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IngestService } from '../ingest/ingest.service';
import { PIPELINE_STREAMS, type PipelineStreams } from '../pipeline-streams';

/**
 * The HTTP edge: one record per request (held to its subject by `@ContractBody` before the handler runs: a bad body
 * is a 422, nothing reaches Kafka), or a batch with an answer per record. 202: the records are on the topic; the
 * sink stores them moments later.
 */
@Controller()
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    @Inject(PIPELINE_STREAMS) private readonly streams: PipelineStreams,
  ) {}

  @Post('orders')
  @HttpCode(202)
  order(@ContractBody('orders-value') order: unknown, @Req() request: FastifyRequest) {
    return this.ingest.ingestOne(this.streams.orders, order, request.id);
  }

  @Post('orders/batch')
  @HttpCode(202)
  orders(@Body() orders: unknown, @Req() request: FastifyRequest) {
    return this.ingest.ingestBatch(this.streams.orders, orders, request.id);
  }

  @Post('user-events')
  @HttpCode(202)
  userEvent(@ContractBody('user-events-value') event: unknown, @Req() request: FastifyRequest) {
    return this.ingest.ingestOne(this.streams.userEvents, event, request.id);
  }

  @Post('user-events/batch')
  @HttpCode(202)
  userEvents(@Body() events: unknown, @Req() request: FastifyRequest) {
    return this.ingest.ingestBatch(this.streams.userEvents, events, request.id);
  }
}
