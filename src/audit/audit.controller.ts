import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { Roles } from '../common/roles';
import { Role } from '../common/roles';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventPageDto } from './dto/audit-event.dto';
import { ListAuditQueryDto } from './dto/list-audit-query.dto';

@ApiTags('admin')
@ApiAuthenticated()
@Roles(Role.Admin)
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit events, newest first, with filters' })
  @ApiOkResponse({ type: AuditEventPageDto })
  async list(@Query() query: ListAuditQueryDto): Promise<AuditEventPageDto> {
    const page = await this.audit.list(query);
    return { items: page.items.map((event) => AuditEventDto.from(event)), nextCursor: page.nextCursor };
  }
}
