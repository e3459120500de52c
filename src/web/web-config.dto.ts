import { ApiProperty } from '@nestjs/swagger';

/** What the browser app needs to sign in; nothing secret (the client is public, PKCE). */
export class WebConfigDto {
  @ApiProperty({
    description: 'OIDC issuer (Keycloak realm URL) the browser signs in at',
    example: 'http://127.0.0.1:8080/realms/retort',
  })
  authority!: string;

  @ApiProperty({ description: 'Public OIDC client id of the web app', example: 'retort-web' })
  clientId!: string;
}
