import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { RequestOrigin } from '../audit/audit.service';
import { CurrentUser } from './current-user.decorator';
import { Origin } from '../audit/origin.decorator';
import { Principal } from './principal';
import { Role } from '../common/roles';
import { Roles } from '../common/roles';
import { ApiProblems } from '../common/openapi';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { AdminUserDto, MeDto, UserDto, UserPageDto, UserSyncSummaryDto } from './dto/user.dto';
import { UserSyncService, UserSyncSummary } from './user-sync.service';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiAuthenticated()
@Controller('users')
export class UsersController {
  @Get('me')
  @ApiOperation({ summary: 'The caller: profile (synced from Keycloak) and current roles' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() principal: Principal): MeDto {
    return { ...UserDto.from(principal.user), roles: principal.roles, authenticatedWith: principal.via };
  }
}

@ApiTags('admin')
@ApiAuthenticated()
@Roles(Role.Admin)
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly sync: UserSyncService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Users, newest first; search by username, email or name' })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { items: page.items.map((user) => AdminUserDto.from(user)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: AdminUserDto })
  @ApiProblems(404)
  async get(@Param('id', new UuidOr404Pipe('user')) id: string): Promise<AdminUserDto> {
    return AdminUserDto.from(await this.users.findById(id));
  }

  @Post('sync')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Full sync from Keycloak now: create, update, deactivate (never delete)',
    description: '409 while another sync runs; 502 when Keycloak’s Admin API fails; 503 when it cannot be reached.',
  })
  @ApiOkResponse({ type: UserSyncSummaryDto })
  @ApiProblems(409, 502)
  run(@CurrentUser() principal: Principal, @Origin() origin: RequestOrigin): Promise<UserSyncSummary> {
    return this.sync.run(principal.user.id, origin);
  }
}
