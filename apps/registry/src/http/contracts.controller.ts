import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { ContractsService } from '../governance/contracts.service';
import { queryFlag } from './query-params';

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

  /**
   * JSON (the ODCS document) or YAML text (`application/yaml`): 201 for a new version, 200 when already stored.
   * `transfer=true` (admin) lets the version name another team than the contract's: the contract moves to it.
   */
  @Put(':id')
  async put(
    @RequestActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query('transfer') transfer: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { view, isNew } = await this.contracts.put(actor, id, body, { transfer: queryFlag(transfer) });
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
