import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, JWTVerifyGetKey, jwtVerify } from 'jose';
import { AppConfig } from '../config/app-config';
import { DependencyUnavailableProblem } from '../common/dependency-errors';
import { UnauthorizedProblem } from '../common/problem.exception';
import type { KeycloakProfile } from '../users/users.service';
import { KNOWN_ROLES, Role } from '../common/roles';

/** What Retort takes from a verified Keycloak access token: the profile it syncs, and the roles. */
export interface TokenIdentity extends KeycloakProfile {
  roles: Role[];
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceS: number;
}

// Asymmetric algorithms only: 'none' and HMAC (a shared secret the API must never hold) are refused.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies Keycloak access tokens locally with jose: signature against the realm's JWKS (cached; an
 * unknown `kid` triggers a refetch at most every 30 s, so key rotation works without a restart),
 * issuer, audience, exp/nbf with a small clock tolerance, and the token type.
 */
@Injectable()
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly options: TokenVerifierOptions;
  // Tokens already verified, until they expire: a client repeats the same token on every request,
  // and a signature check per request was the API's largest cost after the database (bench/).
  // Keyed by the whole token, so a different (forged) token is always verified afresh.
  private verified = new Map<string, { identity: TokenIdentity; expiresAtMs: number }>();

  constructor(config: AppConfig) {
    const { keycloak, auth } = config;
    this.options = { issuer: keycloak.issuer, audience: keycloak.audience, clockToleranceS: auth.clockToleranceS };
    this.keys = createRemoteJWKSet(new URL(keycloak.jwksUri), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      // Short enough that an unreachable Keycloak is a prompt 503, not a hung request.
      timeoutDuration: JWKS_TIMEOUT_MS,
    });
  }

  /** For tests: the same checks against a given key set. */
  static withKeys(keys: JWTVerifyGetKey, options: TokenVerifierOptions): TokenVerifier {
    const verifier = Object.create(TokenVerifier.prototype) as TokenVerifier;
    Object.assign(verifier, { keys, options });
    return verifier;
  }

  async verify(token: string): Promise<TokenIdentity> {
    const cached = this.verified?.get(token);
    if (cached && cached.expiresAtMs > Date.now()) return cached.identity;
    const identity = await this.verifyNow(token);
    return identity;
  }

  private async verifyNow(token: string): Promise<TokenIdentity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceS,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      // The keys could not be fetched: the token may be fine, so it is our outage, not a 401.
      if (jwksUnreachable(error)) throw new DependencyUnavailableProblem('keycloak');
      throw new UnauthorizedProblem(describe(error));
    }
    // Keycloak marks access tokens typ=Bearer; ID and refresh tokens must not open the API.
    if (payload.typ !== 'Bearer') {
      throw new UnauthorizedProblem(`a token of type ${JSON.stringify(payload.typ ?? null)} is not an access token`);
    }
    const identity = identityOf(payload, this.options.audience);
    this.remember(token, identity, (payload.exp as number) * 1000);
    return identity;
  }

  private remember(token: string, identity: TokenIdentity, expiresAtMs: number): void {
    this.verified ??= new Map();
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      // Drop the expired, and if that is not enough, the oldest half.
      const now = Date.now();
      for (const [key, entry] of this.verified) if (entry.expiresAtMs <= now) this.verified.delete(key);
      if (this.verified.size >= MAX_CACHED_TOKENS) {
        this.verified = new Map([...this.verified].slice(MAX_CACHED_TOKENS / 2));
      }
    }
    this.verified.set(token, { identity, expiresAtMs });
  }
}

const MAX_CACHED_TOKENS = 10_000;
const JWKS_TIMEOUT_MS = 3_000;

/** The JWKS request failed (refused, timed out, or answered with something other than a key set). */
function jwksUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  // fetch's own TypeError (by name: it may come from another realm than ours, as under Jest).
  if ((error as Error)?.name === 'TypeError' && (error as Error).message === 'fetch failed') return true;
  if (error instanceof errors.JWKSInvalid) return true;
  return error instanceof errors.JOSEError && /JSON Web Key Set HTTP response/.test(error.message);
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `the access token's "${error.claim}" claim is not acceptable (${error.reason})`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the access token is signed by an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the access token uses an algorithm that is not allowed';
  if (error instanceof errors.JWKSTimeout) return 'the identity provider did not answer in time';
  return 'the access token is malformed';
}

function stringClaim(payload: JWTPayload, name: string): string | null {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function identityOf(payload: JWTPayload, audience: string): TokenIdentity {
  const realmRoles = (payload.realm_access as { roles?: unknown } | undefined)?.roles;
  const clientRoles = (payload.resource_access as Record<string, { roles?: unknown }> | undefined)?.[audience]?.roles;
  const roles = [realmRoles, clientRoles]
    .flatMap((list): unknown[] => (Array.isArray(list) ? (list as unknown[]) : []))
    .filter((role): role is Role => typeof role === 'string' && KNOWN_ROLES.includes(role));
  const keycloakId = payload.sub as string;
  return {
    keycloakId,
    username: stringClaim(payload, 'preferred_username') ?? keycloakId,
    email: stringClaim(payload, 'email'),
    firstName: stringClaim(payload, 'given_name'),
    lastName: stringClaim(payload, 'family_name'),
    displayName: stringClaim(payload, 'name'),
    roles: [...new Set(roles)],
  };
}
