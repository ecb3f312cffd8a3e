import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestActor } from '../auth/actor.decorator';
import type { Actor } from '../auth/principal';
import { RegistrationService } from '../registry/registration.service';
import { parseSubjectName } from '../registry/subject-name';
import { SubjectsService } from '../registry/subjects.service';
import { queryFlag } from './query-params';
import { readSchemaRequest } from './schema-request.dto';

type QueryParams = Record<string, string | undefined>;

@Controller('subjects')
export class SubjectsController {
  constructor(
    private readonly subjects: SubjectsService,
    private readonly registration: RegistrationService,
  ) {}

  @Get()
  list(@Query() query: QueryParams) {
    return this.subjects.listSubjects({
      prefix: query.subjectPrefix ?? '',
      deleted: queryFlag(query.deleted),
      deletedOnly: queryFlag(query.deletedOnly),
    });
  }

  @Post(':subject')
  @HttpCode(200)
  lookup(@Param('subject') subject: string, @Body() body: unknown, @Query() query: QueryParams) {
    return this.subjects.lookup(subject, readSchemaRequest(body), {
      normalize: queryFlag(query.normalize),
      deleted: queryFlag(query.deleted),
    });
  }

  @Delete(':subject')
  deleteSubject(@RequestActor() actor: Actor, @Param('subject') subject: string, @Query() query: QueryParams) {
    return this.subjects.deleteSubject(actor, subject, queryFlag(query.permanent));
  }

  @Get(':subject/versions')
  versions(@Param('subject') subject: string, @Query() query: QueryParams) {
    return this.subjects.listVersions(subject, {
      deleted: queryFlag(query.deleted),
      deletedOnly: queryFlag(query.deletedOnly),
    });
  }

  @Post(':subject/versions')
  @HttpCode(200)
  async register(
    @RequestActor() actor: Actor,
    @Param('subject') subject: string,
    @Body() body: unknown,
    @Query() query: QueryParams,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The subject's name is checked before the body is read, as Confluent answers (42208 first).
    const outcome = await this.registration.register(actor, parseSubjectName(subject), readSchemaRequest(body), {
      normalize: queryFlag(query.normalize),
      authorization: request.headers.authorization,
    });
    // Charter's addition to Confluent's answer: what the lineage service judged of a breaking change.
    if (outcome.impact !== undefined)
      reply.header('x-charter-impact', outcome.impact.replace(/[^\x20-\x7e]/g, '?').slice(0, 500));
    return outcome.body;
  }

  @Get(':subject/versions/:version/schema')
  async versionText(@Param('subject') subject: string, @Param('version') version: string, @Query() query: QueryParams) {
    const body = await this.subjects.getVersion(subject, version, { deleted: queryFlag(query.deleted) });
    return body.schema;
  }

  @Get(':subject/versions/:version/referencedby')
  referencedBy(@Param('subject') subject: string, @Param('version') version: string) {
    return this.subjects.referencedBy(subject, version);
  }

  @Delete(':subject/versions/:version')
  deleteVersion(
    @RequestActor() actor: Actor,
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query() query: QueryParams,
  ) {
    return this.subjects.deleteVersion(actor, subject, version, queryFlag(query.permanent));
  }
}
