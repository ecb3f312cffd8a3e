import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { ApiKeysService } from '../governance/api-keys.service';
import { readNewKey } from './keys.dto';

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
    return this.keys.create(actor, readNewKey(body));
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
