// The API's name for the sandbox's limits: one list, so that the column's CHECK, the DTO's enum and
// what the sandbox reports cannot drift apart.
export { SANDBOX_LIMITS as LIMITS_EXCEEDED, type SandboxLimitName as LimitExceeded } from '../common/sandbox-limits';
