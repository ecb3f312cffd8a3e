import { Body, Controller, Get, Put } from '@nestjs/common';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { OwnershipService } from '../governance/ownership.service';
import { readOwnershipBody } from './ownership.dto';

@Controller('ownership')
export class OwnershipController {
  constructor(private readonly ownership: OwnershipService) {}

  @Get()
  get() {
    return this.ownership.get();
  }

  @Put()
  replace(@RequestActor() actor: Actor, @Body() body: unknown) {
    return this.ownership.replace(actor, readOwnershipBody(body));
  }
}
