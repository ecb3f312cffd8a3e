import { SIGNATURE_HEADER } from '@charter/notify';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { ApprovalsService } from '../governance/approvals.service';
import {
  readApprovalCallback,
  readApprovalListQuery,
  readApprovalLookup,
  readApprovalRequest,
  readDecisionNote,
} from './approvals.dto';

@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  list(@Query() query: unknown) {
    return this.approvals.list(readApprovalListQuery(query));
  }

  /** 201 with a new approval; 200 with the one a promotion plan (same id and digest) already has open or approved. */
  @Post()
  async request(@RequestActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { view, isNew } = await this.approvals.request(actor, readApprovalRequest(body));
    reply.status(isNew ? 201 : 200);
    return view;
  }

  /** The approvals of exactly this schema on the subject (by the fingerprint a registration would compute). */
  @Post('lookup')
  @HttpCode(200)
  lookup(@Body() body: unknown) {
    return this.approvals.lookup(readApprovalLookup(body));
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.approvals.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.approvals.decide(actor, id, 'approve', readDecisionNote(body));
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.approvals.decide(actor, id, 'reject', readDecisionNote(body));
  }

  /**
   * Signed (HMAC) decisions from integrations: no API key, the signature over the exact body text authenticates.
   * The body is read only after the service has checked that signature.
   */
  @Post(':id/callback')
  @HttpCode(200)
  callback(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const signature = request.headers[SIGNATURE_HEADER];
    return this.approvals.callback(
      id,
      {
        rawBody: request.rawBody,
        signature: typeof signature === 'string' ? signature : undefined,
        requestId: request.id,
        address: request.ip,
      },
      () => readApprovalCallback(body),
    );
  }
}
