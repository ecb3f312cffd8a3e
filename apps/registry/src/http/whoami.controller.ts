import { Controller, Get } from '@nestjs/common';
import { RequestActor } from '../auth/actor.decorator';
import { type Actor, describeRole } from '../auth/principal';

/** GET /whoami: the key a request authenticated as. Other Charter services verify keys through it. */
@Controller('whoami')
export class WhoamiController {
  @Get()
  whoami(@RequestActor() actor: Actor) {
    const { principal } = actor;
    return { keyId: principal.keyId, role: describeRole(principal), team: principal.team ?? null };
  }
}
