import { Controller, Get, Query } from '@nestjs/common';
import { AuditService } from '../governance/audit.service';
import { readAuditQuery } from './audit.dto';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  find(@Query() query: unknown) {
    return this.audit.find(readAuditQuery(query));
  }
}
