import { Module } from '@nestjs/common';
import { WebConfigController } from './web-config.controller';

/** The browser app's server side: its sign-in settings. Its files are served by serveWebApp (web-app.ts). */
@Module({ controllers: [WebConfigController] })
export class WebModule {}
