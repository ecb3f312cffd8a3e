import { Body, Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CompatibilityService } from '../registry/compatibility.service';
import { parseVersionId } from '../registry/version-id';
import { queryFlag } from './query-params';
import { readSchemaRequest } from './schema-request.dto';

type QueryParams = Record<string, string | undefined>;

@Controller('compatibility/subjects/:subject/versions')
export class CompatibilityController {
  constructor(private readonly compatibility: CompatibilityService) {}

  @Post()
  @HttpCode(200)
  againstAll(
    @Param('subject') subject: string,
    @Body() body: unknown,
    @Query() query: QueryParams,
    @Req() request: FastifyRequest,
  ) {
    return this.compatibility.check(subject, undefined, readSchemaRequest(body), options(query, request));
  }

  @Post(':version')
  @HttpCode(200)
  againstOne(
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @Query() query: QueryParams,
    @Req() request: FastifyRequest,
  ) {
    // The version is read before the body, as Confluent answers (42202 first).
    return this.compatibility.check(subject, parseVersionId(version), readSchemaRequest(body), options(query, request));
  }
}

/** The caller's own Authorization goes with an impact question to the lineage service, which checks it here. */
function options(query: QueryParams, request: FastifyRequest) {
  return {
    verbose: queryFlag(query.verbose),
    normalize: queryFlag(query.normalize),
    changedBy: request.principal?.team,
    authorization: request.headers.authorization,
  };
}
