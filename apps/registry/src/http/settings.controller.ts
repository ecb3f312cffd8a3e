import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { SettingsService } from '../registry/settings.service';
import { parseSubjectName } from '../registry/subject-name';
import { queryFlag } from './query-params';
import { readConfigUpdate, readModeUpdate } from './settings.dto';

type QueryParams = Record<string, string | undefined>;

@Controller('config')
export class ConfigController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get() {
    return this.settings.getConfig(undefined, true);
  }

  @Put()
  update(@RequestActor() actor: Actor, @Body() body: unknown) {
    return this.settings.updateConfig(actor, undefined, readConfigUpdate(body));
  }

  @Delete()
  remove(@RequestActor() actor: Actor) {
    return this.settings.deleteConfig(actor, undefined);
  }

  @Get(':subject')
  getSubject(@Param('subject') subject: string, @Query() query: QueryParams) {
    return this.settings.getConfig(subject, queryFlag(query.defaultToGlobal));
  }

  @Put(':subject')
  updateSubject(@RequestActor() actor: Actor, @Param('subject') subject: string, @Body() body: unknown) {
    // The subject's name is checked before the body is read, as Confluent answers (42208 first).
    return this.settings.updateConfig(actor, parseSubjectName(subject), readConfigUpdate(body));
  }

  @Delete(':subject')
  removeSubject(@RequestActor() actor: Actor, @Param('subject') subject: string) {
    return this.settings.deleteConfig(actor, subject);
  }
}

@Controller('mode')
export class ModeController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get() {
    return this.settings.getMode(undefined, true);
  }

  @Put()
  update(@RequestActor() actor: Actor, @Body() body: unknown, @Query() query: QueryParams) {
    return this.settings.updateMode(actor, undefined, readModeUpdate(body), queryFlag(query.force));
  }

  @Delete()
  remove(@RequestActor() actor: Actor) {
    return this.settings.deleteMode(actor, undefined);
  }

  @Get(':subject')
  getSubject(@Param('subject') subject: string, @Query() query: QueryParams) {
    return this.settings.getMode(subject, queryFlag(query.defaultToGlobal));
  }

  @Put(':subject')
  updateSubject(
    @RequestActor() actor: Actor,
    @Param('subject') subject: string,
    @Body() body: unknown,
    @Query() query: QueryParams,
  ) {
    return this.settings.updateMode(actor, parseSubjectName(subject), readModeUpdate(body), queryFlag(query.force));
  }

  @Delete(':subject')
  removeSubject(@RequestActor() actor: Actor, @Param('subject') subject: string) {
    return this.settings.deleteMode(actor, subject);
  }
}
