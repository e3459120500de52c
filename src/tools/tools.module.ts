import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ParametersValidator } from './parameters-validator';
import { ToolVersion } from './tool-version.entity';
import { Tool } from './tool.entity';
import { ToolsService } from './tools.service';

/** The tool catalogue. Controllers are mounted by the API process (see app.module.ts). */
@Module({
  imports: [TypeOrmModule.forFeature([Tool, ToolVersion])],
  providers: [ToolsService, ParametersValidator],
  exports: [ToolsService],
})
export class ToolsModule {}
