import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeycloakAdminAdapter } from './keycloak-admin.adapter';
import { UserSyncService } from './user-sync.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Users synced from Keycloak. Controllers are mounted by the API process only (see app.module.ts). */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, UserSyncService, KeycloakAdminAdapter],
  exports: [UsersService, UserSyncService],
})
export class UsersModule {}
