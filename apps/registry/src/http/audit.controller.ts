import { Controller, Get, Query } from '@nestjs/common';
import { AuditService } from '../governance/audit.service';

type QueryParams = Record<string, string | undefined>;

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  find(@Query() query: QueryParams) {
    return this.audit.find(query);
  }
}
