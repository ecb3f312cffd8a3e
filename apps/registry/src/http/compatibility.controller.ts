import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CompatibilityService } from '../registry/compatibility.service';
import { queryFlag } from './query-params';

type QueryParams = Record<string, string | undefined>;

@Controller('compatibility/subjects/:subject/versions')
export class CompatibilityController {
  constructor(private readonly compatibility: CompatibilityService) {}

  @Post()
  @HttpCode(200)
  againstAll(@Param('subject') subject: string, @Body() body: unknown, @Query() query: QueryParams) {
    return this.compatibility.check(subject, undefined, body, options(query));
  }

  @Post(':version')
  @HttpCode(200)
  againstOne(
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @Query() query: QueryParams,
  ) {
    return this.compatibility.check(subject, version, body, options(query));
  }
}

function options(query: QueryParams) {
  return { verbose: queryFlag(query.verbose), normalize: queryFlag(query.normalize) };
}
