import { Controller, Get, Param, Query } from '@nestjs/common';
import { SchemasService } from '../registry/schemas.service';
import { queryFlag, queryInteger, queryText, schemaIdParam } from './query-params';

type QueryParams = Record<string, string | undefined>;

@Controller()
export class SchemasController {
  constructor(private readonly schemas: SchemasService) {}

  @Get()
  root() {
    return {};
  }

  @Get('schemas/types')
  types() {
    return this.schemas.types();
  }

  @Get('schemas')
  list(@Query() query: QueryParams) {
    return this.schemas.list({
      subjectPrefix: query.subjectPrefix ?? '',
      deleted: queryFlag(query.deleted),
      latestOnly: queryFlag(query.latestOnly),
      offset: queryInteger(query.offset, 'offset', 0),
      limit: queryInteger(query.limit, 'limit', -1),
    });
  }

  @Get('schemas/ids/:id/schema')
  textById(@Param('id') id: string) {
    return this.schemas.getTextById(schemaIdParam(id));
  }

  @Get('schemas/ids/:id/subjects')
  subjectsOf(@Param('id') id: string, @Query() query: QueryParams) {
    return this.schemas.subjectsOf(schemaIdParam(id), {
      deleted: queryFlag(query.deleted),
      subject: queryText(query.subject),
    });
  }

  @Get('schemas/ids/:id/versions')
  versionsOf(@Param('id') id: string, @Query() query: QueryParams) {
    return this.schemas.versionsOf(schemaIdParam(id), {
      deleted: queryFlag(query.deleted),
      subject: queryText(query.subject),
    });
  }
}
