import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { SettingsService } from '../registry/settings.service';
import { queryFlag } from './query-params';

type QueryParams = Record<string, string | undefined>;

@Controller('config')
export class ConfigController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get() {
    return this.settings.getConfig(undefined, true);
  }

  @Put()
  update(@Body() body: unknown) {
    return this.settings.updateConfig(undefined, body);
  }

  @Delete()
  remove() {
    return this.settings.deleteConfig(undefined);
  }

  @Get(':subject')
  getSubject(@Param('subject') subject: string, @Query() query: QueryParams) {
    return this.settings.getConfig(subject, queryFlag(query.defaultToGlobal));
  }

  @Put(':subject')
  updateSubject(@Param('subject') subject: string, @Body() body: unknown) {
    return this.settings.updateConfig(subject, body);
  }

  @Delete(':subject')
  removeSubject(@Param('subject') subject: string) {
    return this.settings.deleteConfig(subject);
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
  update(@Body() body: unknown, @Query() query: QueryParams) {
    return this.settings.updateMode(undefined, body, queryFlag(query.force));
  }

  @Delete()
  remove() {
    return this.settings.deleteMode(undefined);
  }

  @Get(':subject')
  getSubject(@Param('subject') subject: string, @Query() query: QueryParams) {
    return this.settings.getMode(subject, queryFlag(query.defaultToGlobal));
  }

  @Put(':subject')
  updateSubject(@Param('subject') subject: string, @Body() body: unknown, @Query() query: QueryParams) {
    return this.settings.updateMode(subject, body, queryFlag(query.force));
  }

  @Delete(':subject')
  removeSubject(@Param('subject') subject: string) {
    return this.settings.deleteMode(subject);
  }
}
