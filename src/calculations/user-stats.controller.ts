import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import { FilesService } from '../files/files.service';
import { CalculationsService } from './calculations.service';
import { UserStatsDto } from './dto/user-stats.dto';

// Here rather than in users/: it reads files and calculations, and calculations already depend on files.
@ApiTags('users')
@ApiAuthenticated()
@Controller('users/me/stats')
export class UserStatsController {
  constructor(
    private readonly files: FilesService,
    private readonly calculations: CalculationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your files, storage and calculations in numbers' })
  @ApiOkResponse({ type: UserStatsDto })
  async stats(@CurrentUser() principal: Principal): Promise<UserStatsDto> {
    const [files, calculations] = await Promise.all([
      this.files.totalsOf(principal.user.id),
      this.calculations.countsOf(principal.user.id),
    ]);
    return {
      totalFiles: files.files,
      totalStorageBytes: files.bytes,
      storedBytes: files.storedBytes,
      quotaBytes: files.quotaBytes,
      totalCalculations: calculations.total,
      completedCalculations: calculations.completed,
    };
  }
}
