import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StorageModule } from '../storage/storage.module';
import { UsageModule } from '../usage/usage.module';
import { DirectUploadsService } from './direct-uploads.service';
import { FileStorageService } from './file-storage.service';
import { FileUpload } from './file-upload.entity';
import { FilesService } from './files.service';
import { StorageObject } from './storage-object.entity';
import { UserFile } from './user-file.entity';

/** User files in object storage. Controllers are mounted by the API process (see app.module.ts). */
@Module({
  imports: [TypeOrmModule.forFeature([UserFile, StorageObject, FileUpload]), StorageModule, UsageModule],
  providers: [FilesService, FileStorageService, DirectUploadsService],
  exports: [FilesService, FileStorageService, DirectUploadsService],
})
export class FilesModule {}
