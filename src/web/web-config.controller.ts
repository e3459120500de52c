import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { WebConfigDto } from './web-config.dto';

@ApiTags('web')
@Public()
@Controller('web-config.json')
export class WebConfigController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: "The web app's sign-in settings (OIDC authority and client id); no authentication" })
  @ApiOkResponse({ type: WebConfigDto })
  get(): WebConfigDto {
    return { authority: this.config.keycloak.issuer, clientId: this.config.web.oidcClientId };
  }
}
