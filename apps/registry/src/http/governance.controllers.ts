import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { ApiKeysService } from '../governance/api-keys.service';
import { ApprovalsService } from '../governance/approvals.service';
import { AuditService } from '../governance/audit.service';
import { ContractsService } from '../governance/contracts.service';
import { OwnershipService } from '../governance/ownership.service';
import { SIGNATURE_HEADER } from '../governance/webhook-signature';

type QueryParams = Record<string, string | undefined>;

@Controller('keys')
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list() {
    return this.keys.list();
  }

  @Post()
  @HttpCode(201)
  create(@RequestActor() actor: Actor, @Body() body: unknown) {
    return this.keys.create(actor, body);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.keys.get(id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  rotate(@RequestActor() actor: Actor, @Param('id') id: string) {
    return this.keys.rotate(actor, id);
  }

  @Delete(':id')
  revoke(@RequestActor() actor: Actor, @Param('id') id: string) {
    return this.keys.revoke(actor, id);
  }
}

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  find(@Query() query: QueryParams) {
    return this.audit.find(query);
  }
}

@Controller('ownership')
export class OwnershipController {
  constructor(private readonly ownership: OwnershipService) {}

  @Get()
  get() {
    return this.ownership.get();
  }

  @Put()
  replace(@RequestActor() actor: Actor, @Body() body: unknown) {
    return this.ownership.replace(actor, body);
  }
}

@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Get()
  list() {
    return this.contracts.list();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.contracts.get(id);
  }

  /** JSON (the ODCS document) or YAML text (`application/yaml`): 201 for a new version, 200 when already stored. */
  @Put(':id')
  async put(
    @RequestActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { view, isNew } = await this.contracts.put(actor, id, body);
    reply.status(isNew ? 201 : 200);
    return view;
  }

  @Get(':id/versions')
  versions(@Param('id') id: string) {
    return this.contracts.versions(id);
  }

  @Get(':id/versions/:version')
  version(@Param('id') id: string, @Param('version') version: string) {
    return this.contracts.getVersion(id, version);
  }
}

@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  list(@Query() query: QueryParams) {
    return this.approvals.list(query);
  }

  @Post()
  @HttpCode(201)
  request(@RequestActor() actor: Actor, @Body() body: unknown) {
    return this.approvals.request(actor, body);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.approvals.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.approvals.decide(actor, id, 'approve', body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@RequestActor() actor: Actor, @Param('id') id: string, @Body() body: unknown) {
    return this.approvals.decide(actor, id, 'reject', body);
  }

  /** Signed (HMAC) decisions from integrations: no API key, the signature over the exact body authenticates. */
  @Post(':id/callback')
  @HttpCode(200)
  callback(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const signature = request.headers[SIGNATURE_HEADER];
    return this.approvals.callback(id, request.rawBody, body, {
      signature: typeof signature === 'string' ? signature : undefined,
      requestId: request.id,
    });
  }
}
