import { Controller, Get, Param, Query } from '@nestjs/common';
import { SubjectCatalogService } from '../registry/subject-catalog.service';
import { readDiffQuery } from './subject-catalog.dto';

/** GET /catalog/subjects: every subject with owner, contract, tier, compatibility and version counts. */
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: SubjectCatalogService) {}

  @Get('subjects')
  subjects() {
    return this.catalog.summaries();
  }
}

/** GET /subjects/{s}/diff?from=&to=: the changes between two versions, classified (breaking per direction). */
@Controller('subjects')
export class SubjectDiffController {
  constructor(private readonly catalog: SubjectCatalogService) {}

  @Get(':subject/diff')
  diff(@Param('subject') subject: string, @Query() query: unknown) {
    const { from, to } = readDiffQuery(query);
    return this.catalog.diff(subject, from, to);
  }
}
