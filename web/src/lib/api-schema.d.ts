// Generated from the API's /docs-json by web/scripts/check-api-types.mjs --write. Do not edit.
export interface paths {
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events, newest first, with filters */
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/calculations/recent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent calculations of every user, with user names (the original recent_calculations view) */
        get: operations["AdminCalculationsController_recent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform statistics for the administrators’ dashboard
         * @description Calculations by status and by tool (all time), compute used in a range of UTC days (default: this month) and the files held now.
         */
        get: operations["AdminUsageController_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage per user over a range of UTC days (default: this month), sortable, as JSON pages or CSV
         * @description `sort` orders the users (ties by user id), `order` asc or desc. `format=csv` answers every user of the range as one RFC 4180 CSV download with a header row.
         */
        get: operations["AdminUsageController_perUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users, newest first; search by username, email or name */
        get: operations["AdminUsersController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminUsersController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user’s own limits (null: the default applies) and the limits that apply */
        get: operations["AdminUsageController_limits"];
        /**
         * Sets a user’s own limits, replacing the previous ones
         * @description Budgets in reserved core-seconds per UTC day and month (0: unlimited), calculations running and queued at once, storage quota, and per-calculation ceilings (never above LIMITS_MAX_*: 422). `usageEnabled: false` suspends the user’s computing; with `cancelRunning: true` it also cancels the user’s queued calculations and stops the running ones (the kill switch). Audited.
         */
        put: operations["AdminUsageController_setLimits"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Full sync from Keycloak now: create, update, deactivate (never delete)
         * @description 409 while another sync runs; 502 when Keycloak’s Admin API fails; 503 when it cannot be reached.
         */
        post: operations["AdminUsersController_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API keys, newest first (never their secrets) */
        get: operations["ApiKeysController_list"];
        put?: never;
        /**
         * Create an API key; the secret is in this answer only
         * @description Needs an access token (403 with an API key). `expiresAt`, when given, must be in the future.
         */
        post: operations["ApiKeysController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (idempotent): yours, or anyone’s for an admin */
        delete: operations["ApiKeysController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your batches (admins: everyone’s), newest first, with their counts */
        get: operations["BatchesController_list"];
        put?: never;
        /**
         * Submit a parameter sweep: one calculation per generated parameter set
         * @description The sweep generates parameter sets (grid, zip or list); each is merged over `parameters` and validated against the version’s schema before anything is created (422 names each offending combination). All calculations are created in one transaction and enqueued together. 503 when the queue is unavailable (the batch is kept and enqueued once it is back).
         */
        post: operations["BatchesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch: counts per status, progress and an estimate of the time left */
        get: operations["BatchesController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel every unfinished calculation: queued ones now, running ones stopped by their workers
         * @description 409 when every calculation has already finished.
         */
        post: operations["BatchesController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}/rerun-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the failed and timed-out calculations again, in the same batch
         * @description Each new calculation takes the index of the one it reruns and replaces it in the counts and the results. Only the batch’s owner may (403 otherwise); 409 when none failed; 422 when the version is now deprecated or an input is gone.
         */
        post: operations["BatchesController_rerunFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The results table: one row per calculation with its parameters, scalar results, status and usage
         * @description `format=csv` streams RFC 4180 CSV with a header row (for a DataFrame); `format=json` (the default) answers the columns and the rows. Result fields are flattened to `result.a.b`; lists and other non-scalars are skipped. A calculation rerun by rerun-failed is replaced by its rerun.
         */
        get: operations["BatchesController_results"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your calculations (admins: everyone’s), newest first; filter by status, tool, dates */
        get: operations["CalculationsController_list"];
        put?: never;
        /**
         * Submit a calculation: a tool (version, parameters, inputs) or your own Python code
         * @description Answers 202 with the calculation queued; follow it with GET …/:id or the SSE stream …/:id/events. Give `tool` (and optionally `version`) or `code` (and optionally `image`), not both. 403 when ad-hoc code is disabled; 503 when the queue is unavailable.
         */
        post: operations["CalculationsController_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CalculationsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel: queued → cancelled now; running → SIGTERM, SIGKILL after a grace; finished → 409 */
        post: operations["CalculationsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/crate.zip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provenance as an RO-Crate zip: ro-crate-metadata.json with the output (and input) files
         * @description The same metadata as …/provenance, with the bytes of the outputs under outputs/ and of the inputs you may still read under inputs/ (streamed from storage). Files deleted since are described, not included.
         */
        get: operations["CalculationsController_crateZip"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events: `status`, `progress` and `log` events until the calculation finishes
         * @description The first event is the current status. Authenticate with the Authorization or X-API-Key header.
         */
        get: operations["CalculationsController_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** stdout and stderr (each kept up to a cap; truncation says so) */
        get: operations["CalculationsController_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Output files, stored as your files (download them through /files/:id/content) */
        get: operations["CalculationsController_outputs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/provenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How the result was produced: an RO-Crate metadata document (JSON-LD, Process Run Crate profile)
         * @description A CreateAction with the tool version (image, code sha256) as instrument, the inputs and parameters as object, the outputs as result (each file with its sha256), the owner as agent, start and end times, status, limits, measured usage and the worker that ran it.
         */
        get: operations["CalculationsController_provenance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calculations/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run it again as a new calculation (same version, code, parameters, inputs, limits)
         * @description The image is what the version’s tag points to now; `exact: true` runs the very image the original ran, by its id. 409 when an exact rerun’s image is no longer on the workers’ engine, or none was recorded; 422 when its version is now deprecated or an input file is gone.
         */
        post: operations["CalculationsController_rerun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Files, newest first: yours by default, or everyone’s public ones */
        get: operations["FilesController_list"];
        put?: never;
        /**
         * Upload a file (multipart/form-data), streamed to storage
         * @description The `file` part is streamed to object storage while its SHA-256 and size are computed. Identical content you already have is stored once. 413 past the size limit or your quota.
         */
        post: operations["FilesController_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FilesController_get"];
        put?: never;
        post?: never;
        /** Delete a file (409 while an unfinished calculation uses it) */
        delete: operations["FilesController_remove"];
        options?: never;
        head?: never;
        /** Rename, describe, publish or unpublish a file (owner or admin) */
        patch: operations["FilesController_update"];
        trace?: never;
    };
    "/api/v1/files/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the bytes (Range supported), or a 302 to a short-lived presigned URL */
        get: operations["FilesController_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a direct upload to storage: presigned PUT URL(s) for the bytes
         * @description Up to 64 MiB: one URL. Larger: one URL per part. Then call complete; size and SHA-256 are checked.
         */
        post: operations["FilesController_createUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Abandon one of your unfinished direct uploads: its parts and object are removed
         * @description 404 when there is no such unfinished upload of yours (someone else’s, completed, or abandoned).
         */
        delete: operations["FilesController_cancelUpload"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/uploads/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish a direct upload: verify the object, then create the file
         * @description 409 while nothing has been uploaded or another request is completing it; 410 once expired; 422 (and the upload discarded) when size or SHA-256 do not match; 413 when it no longer fits your quota.
         */
        post: operations["FilesController_completeUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue, newest first: search name, display name, description and tags */
        get: operations["ToolsController_list"];
        put?: never;
        /**
         * Create a tool (tool authors and admins); publish versions next
         * @description The display name defaults to the name. 409 when the name is taken.
         */
        post: operations["ToolsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tools/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tool with its latest usable version */
        get: operations["ToolsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change display name, description, tags or active flag (author or admin) */
        patch: operations["ToolsController_update"];
        trace?: never;
    };
    "/api/v1/tools/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Published versions, newest first */
        get: operations["ToolsController_versions"];
        put?: never;
        /**
         * Publish an immutable version (the tool’s author or an admin)
         * @description 422 for an image outside the allow-list, code over the size cap, limits over the maxima. 409 when the version exists.
         */
        post: operations["ToolsController_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tools/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ToolsController_version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tools/{name}/versions/{version}/deprecate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deprecate a version: still readable, starts no new calculation (idempotent) */
        post: operations["ToolsController_deprecate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller: profile (synced from Keycloak) and current roles */
        get: operations["UsersController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications, newest first, with the number still unread */
        get: operations["NotificationsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Marks one notification read (again: no change) */
        post: operations["NotificationsController_markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Marks all your notifications read */
        post: operations["NotificationsController_markAllRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your files, storage and calculations in numbers */
        get: operations["UserStatsController_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your compute usage by UTC day, with totals, your budgets and the alerts reached
         * @description Each calculation that ran code counts once, on the day it ended: CPU and wall time, reserved core-seconds (CPUs × wall time, what budgets count), reserved GiB-seconds and output bytes. `series` has every day (or month, `granularity=month`) of the range up to today, with the storage your files held in byte-days. `budgets` compares today’s and this month’s spending with your budgets.
         */
        get: operations["UsageController_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your webhooks, newest first (without their secrets) */
        get: operations["WebhooksController_list"];
        put?: never;
        /**
         * Registers an endpoint for events; the signing secret is in this answer only
         * @description Events: `calculation.completed`, `calculation.failed`, `calculation.timed_out`, `calculation.cancelled` (your calculations ending so), `usage.threshold` (a compute budget crossing a threshold), `batch.completed` (every calculation of a batch has ended). Each delivery is a POST of `{type, timestamp, data}` signed to the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with exponential backoff for more than a day by default; redirects are not followed (a 3xx is a failed attempt). An endpoint whose every attempt failed for `WEBHOOKS_DISABLE_AFTER_HOURS` is disabled and you are notified.
         */
        post: operations["WebhooksController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Removes a webhook and its delivery log; pending deliveries are dropped */
        delete: operations["WebhooksController_remove"];
        options?: never;
        head?: never;
        /** Enables (clearing its failure streak) or disables a webhook */
        patch: operations["WebhooksController_update"];
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook’s deliveries, newest first: status, attempts, last answer, latency */
        get: operations["WebhooksController_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sends a delivered or failed delivery again, as a new series of attempts with the same webhook-id */
        post: operations["WebhooksController_redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/callback-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your calculations' callbacks (callbackUrl), newest first: status, attempts, last answer, latency */
        get: operations["WebhooksController_callbackDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/callback-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The secret that signs your calculations' one-off callbacks (callbackUrl); made on first use */
        get: operations["WebhooksController_callbackSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and serving HTTP */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: every dependency answers (503 with details otherwise) */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/web-config.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web app's sign-in settings (OIDC authority and client id); no authentication */
        get: operations["WebConfigController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AdminUserDto: {
            /** Format: date-time */
            createdAt: string;
            displayName: string | null;
            /** @example alice@example.org */
            email: string | null;
            firstName: string | null;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            keycloakId: string;
            /** Format: date-time */
            lastLogin: string | null;
            lastName: string | null;
            /** Format: date-time */
            updatedAt: string;
            /** @example alice */
            username: string;
        };
        ApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description null: never expires
             */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Minute resolution
             */
            lastUsedAt: string | null;
            /** @example CI pipeline */
            name: string;
            /**
             * @description Identifies the key; not secret
             * @example rtk_AbC123xYz789
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        ApiKeyPageDto: {
            items: components["schemas"]["ApiKeyDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        AuditEventDto: {
            /** @example api-key.created */
            action: string;
            /**
             * Format: uuid
             * @description null for the system
             */
            actorUserId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            ip: string | null;
            metadata: {
                [key: string]: unknown;
            };
            targetId: string | null;
            /** @example api-key */
            targetType: string | null;
            userAgent: string | null;
        };
        AuditEventPageDto: {
            items: components["schemas"]["AuditEventDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        BatchDto: {
            /** @description Current calculations by status (a rerun replaces the failed one it reruns) */
            counts: components["schemas"]["BatchStatusCountsDto"];
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** @description Seconds until all finish, estimated from the mean duration and the per-user concurrency; null while unknown */
            etaS: number | null;
            /** @description Current calculations that have finished */
            finished: number;
            /** Format: uuid */
            id: string;
            /** @description Mean wall-clock seconds of the finished calculations that ran; null before any has */
            meanDurationS: number | null;
            name: string;
            /** Format: uuid */
            ownerId: string;
            /** @description The fixed parameters */
            parameters: {
                [key: string]: unknown;
            };
            /** @description finished / size */
            progress: number;
            /** @description Parameter sets: one current calculation each */
            size: number;
            /** @description The sweep as submitted */
            sweep: {
                [key: string]: unknown;
            };
            /** @description null for ad-hoc code */
            tool: string | null;
            toolVersion: string | null;
        };
        BatchPageDto: {
            items: components["schemas"]["BatchDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        /** @description One row per current calculation of the batch, by parameter set index */
        BatchResultsDto: {
            /**
             * @description `index`, `id`, `status`, `parameters.<name>` for each parameter, `result.<path>` for each scalar result field (non-scalars skipped), `cpuTimeS`, `wallTimeS`, `peakMemoryBytes`
             * @example [
             *       "index",
             *       "id",
             *       "status",
             *       "parameters.length_m",
             *       "result.deflection_m",
             *       "cpuTimeS",
             *       "wallTimeS"
             *     ]
             */
            columns: string[];
            /** @description Each row maps column names to scalar values (null where a row has no value) */
            rows: {
                [key: string]: (string | number | boolean) | null;
            }[];
        };
        BatchStatusCountsDto: {
            cancelled: number;
            completed: number;
            failed: number;
            pending: number;
            queued: number;
            running: number;
            timed_out: number;
        };
        BudgetStatusDto: {
            /** @description Core-seconds; null: unlimited */
            budgetCoreSeconds: number | null;
            /** @description Spent, in percent of the budget */
            percent: number | null;
            /**
             * @example daily
             * @enum {string}
             */
            period: "daily" | "monthly";
            /**
             * Format: date
             * @description First UTC day of the period
             */
            periodStart: string;
            /**
             * Format: date-time
             * @description When the period ends and the budget starts again
             */
            resetsAt: string;
            spentCoreSeconds: number;
        };
        CalculationDto: {
            /**
             * Format: uri
             * @description Where its ending is POSTed
             */
            callbackUrl: string | null;
            code: string;
            /** Format: date-time */
            completedAt: string | null;
            /** @description CPU seconds, from the engine */
            cpuTimeS: number | null;
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            errorMessage: string | null;
            /** @description Seconds */
            executionTimeS: number | null;
            exitCode: number | null;
            /** Format: uuid */
            id: string;
            image: string;
            /**
             * @description The id of the image its sandbox ran, recorded when it started (a tag can move; this cannot)
             * @example sha256:4f5e…
             */
            imageDigest: string | null;
            inputs: components["schemas"]["CalculationInputFileDto"][];
            /**
             * @description The limit that ended the calculation (its error message names the value); null when none did
             * @example disk
             * @enum {string|null}
             */
            limitExceeded: "memory" | "disk" | "pids" | "wall-clock" | "result-size" | "output-size" | "output-files" | null;
            limits: components["schemas"]["LimitsAppliedDto"];
            name: string;
            outputsTruncated: boolean;
            /** Format: uuid */
            ownerId: string;
            parameters: {
                [key: string]: unknown;
            };
            /**
             * Format: int64
             * @description Peak memory in bytes, from the engine
             */
            peakMemoryBytes: number | null;
            /**
             * @description An exact rerun’s image id: the image it runs, whatever `image`’s tag points to now
             * @example sha256:4f5e…
             */
            pinnedImage: string | null;
            /** @description Fraction reported by the code */
            progress: number | null;
            progressMessage: string | null;
            /** Format: date-time */
            queuedAt: string | null;
            /** @description Seconds from queued to started */
            queueWaitS: number | null;
            /** Format: uuid */
            rerunOf: string | null;
            /** @description The JSON value run(params) returned; null until it has */
            result: unknown;
            /**
             * Format: uuid
             * @description The completed calculation that ran, whose result and outputs this one reused without running
             */
            reusedFrom: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled" | "timed_out";
            /** @description null for ad-hoc code */
            tool: string | null;
            toolVersion: string | null;
        };
        CalculationInputDto: {
            /**
             * @description Name under /work/inputs: a declared input of the tool; for ad-hoc code, the file name by default
             * @example data.csv
             */
            as?: string;
            /**
             * Format: uuid
             * @description A file you can read (yours or a public one)
             */
            fileId: string;
        };
        CalculationInputFileDto: {
            /** Format: uuid */
            fileId: string;
            name: string;
        };
        CalculationLogsDto: {
            stderr: string;
            /** Format: int64 */
            stderrBytes: number;
            stderrTruncated: boolean;
            stdout: string;
            /**
             * Format: int64
             * @description Bytes written, kept or not
             */
            stdoutBytes: number;
            stdoutTruncated: boolean;
        };
        CalculationPageDto: {
            items: components["schemas"]["CalculationSummaryDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        CalculationSummaryDto: {
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description Seconds */
            executionTimeS: number | null;
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: uuid */
            ownerId: string;
            /** @description Fraction reported by the code */
            progress: number | null;
            /** @enum {string} */
            status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled" | "timed_out";
            /** @description null for ad-hoc code */
            tool: string | null;
            toolVersion: string | null;
        };
        CallbackSecretDto: {
            /** @description Signs your calculations' one-off callbacks (callbackUrl), like a webhook secret */
            secret: string;
        };
        CancelledCalculationsDto: {
            /** @description Not yet running: cancelled at once */
            cancelled: number;
            /** @description Running: their workers were asked to stop them */
            stopping: number;
        };
        CodeBatchRequestDto: {
            /**
             * Format: uri
             * @description POSTed once when the calculation ends (`calculation.completed`, `.failed`, `.timed_out`, `.cancelled`), signed like a webhook delivery with your callback secret (GET /webhooks/callback-secret). Its host must resolve to public addresses only. Single calculations only: a batch ignores it.
             * @example https://ci.example.org/hooks/retort-run-42
             */
            callbackUrl?: string;
            /**
             * @description Python source of main.py, defining run(params); at most the configured code size
             * @example def run(params):
             *         return {"sum": params["a"] + params["b"]}
             */
            code: string;
            /** @example Steel, rectangular section */
            description?: string;
            /**
             * @description Sandbox image (default: the scientific image); must be an allowed image
             * @example retort/sandbox-python-scientific:1.0.0
             */
            image?: string;
            /** @description Each file at most once */
            inputs?: components["schemas"]["CalculationInputDto"][];
            /** @description Each at most the tool version’s limit (ad-hoc code: the administrators’ maximum); default: those */
            limits?: components["schemas"]["RequestedLimitsDto"];
            /** @example Beam, 2 m, 1 kN */
            name: string;
            /**
             * @description Validated against the tool version’s parameters schema (defaults applied)
             * @default {}
             * @example {
             *       "length_m": 2,
             *       "load_n": 1000
             *     }
             */
            parameters: {
                [key: string]: unknown;
            };
            /** @description Complete at once from a completed calculation of yours with the same image, code, parameters (key order and number formatting aside) and input names and contents: same result, outputs linked, no compute. Default: true for a tool version that declares itself deterministic, false otherwise (ad-hoc code included). Single calculations only: a batch ignores it. */
            reuse?: boolean;
            /** @description Exactly one of: `grid` (cartesian product of the value lists), `zip` (the i-th values of equally long lists) or `list` (parameter sets as given). Each set is merged over `parameters` and validated against the version’s schema before anything is created; at most BATCHES_MAX_SIZE sets. */
            sweep: {
                /**
                 * @example {
                 *       "length_m": [
                 *         1,
                 *         2,
                 *         3
                 *       ],
                 *       "load_n": [
                 *         100,
                 *         200
                 *       ]
                 *     }
                 */
                grid: {
                    [key: string]: unknown[];
                };
            } | {
                /**
                 * @example {
                 *       "length_m": [
                 *         1,
                 *         2
                 *       ],
                 *       "load_n": [
                 *         100,
                 *         200
                 *       ]
                 *     }
                 */
                zip: {
                    [key: string]: unknown[];
                };
            } | {
                /**
                 * @example [
                 *       {
                 *         "length_m": 1
                 *       },
                 *       {
                 *         "length_m": 2,
                 *         "load_n": 50
                 *       }
                 *     ]
                 */
                list: {
                    [key: string]: unknown;
                }[];
            };
        };
        CodeCalculationRequestDto: {
            /**
             * Format: uri
             * @description POSTed once when the calculation ends (`calculation.completed`, `.failed`, `.timed_out`, `.cancelled`), signed like a webhook delivery with your callback secret (GET /webhooks/callback-secret). Its host must resolve to public addresses only. Single calculations only: a batch ignores it.
             * @example https://ci.example.org/hooks/retort-run-42
             */
            callbackUrl?: string;
            /**
             * @description Python source of main.py, defining run(params); at most the configured code size
             * @example def run(params):
             *         return {"sum": params["a"] + params["b"]}
             */
            code: string;
            /** @example Steel, rectangular section */
            description?: string;
            /**
             * @description Sandbox image (default: the scientific image); must be an allowed image
             * @example retort/sandbox-python-scientific:1.0.0
             */
            image?: string;
            /** @description Each file at most once */
            inputs?: components["schemas"]["CalculationInputDto"][];
            /** @description Each at most the tool version’s limit (ad-hoc code: the administrators’ maximum); default: those */
            limits?: components["schemas"]["RequestedLimitsDto"];
            /** @example Beam, 2 m, 1 kN */
            name: string;
            /**
             * @description Validated against the tool version’s parameters schema (defaults applied)
             * @default {}
             * @example {
             *       "length_m": 2,
             *       "load_n": 1000
             *     }
             */
            parameters: {
                [key: string]: unknown;
            };
            /** @description Complete at once from a completed calculation of yours with the same image, code, parameters (key order and number formatting aside) and input names and contents: same result, outputs linked, no compute. Default: true for a tool version that declares itself deterministic, false otherwise (ad-hoc code included). Single calculations only: a batch ignores it. */
            reuse?: boolean;
        };
        ComputeStatsDto: {
            /** @description Calculations that ran code */
            calculations: number;
            /** @description CPU time measured */
            cpuSeconds: number;
            /** @description Bytes of output files stored */
            outputBytes: number;
            /** @description CPUs reserved × wall time: what budgets count */
            reservedCoreSeconds: number;
            /** @description Memory limit in GiB × wall time */
            reservedGbSeconds: number;
            /** @description Users who used compute in the range */
            users: number;
            /** @description Wall time of the code */
            wallSeconds: number;
        };
        CreateApiKeyDto: {
            /**
             * Format: date-time
             * @description When the key stops working (RFC 3339, must be in the future); leave it out for a key that does not expire
             * @example 2027-01-01T00:00:00Z
             */
            expiresAt?: string;
            /** @example CI pipeline */
            name: string;
        };
        CreatedApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description null: never expires
             */
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            /** @description The secret key. Shown once: store it now. */
            key: string;
            /**
             * Format: date-time
             * @description Minute resolution
             */
            lastUsedAt: string | null;
            /** @example CI pipeline */
            name: string;
            /**
             * @description Identifies the key; not secret
             * @example rtk_AbC123xYz789
             */
            prefix: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        CreateDirectUploadDto: {
            /** @example application/octet-stream */
            contentType?: string;
            /** @example Tetrahedral mesh of the bracket */
            description?: string;
            /** @example mesh.vtk */
            filename: string;
            /** @default false */
            isPublic: boolean;
            /**
             * @description SHA-256 of the content (lower-case hex); checked on completion
             * @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
             */
            sha256: string;
            /**
             * Format: int64
             * @description Exact size of the file in bytes; the object is checked against it. At most the configured file size limit.
             * @example 104857600
             */
            sizeBytes: number;
        };
        CreatedWebhookDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            disabledAt: string | null;
            /** @description false once disabled (by its owner, or for failing too long): nothing is sent */
            enabled: boolean;
            events: ("calculation.completed" | "calculation.failed" | "calculation.timed_out" | "calculation.cancelled" | "usage.threshold" | "batch.completed")[];
            /**
             * Format: date-time
             * @description Since when every attempt failed; null after a success
             */
            failingSince: string | null;
            /** Format: uuid */
            id: string;
            /** @description Signs every delivery (Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` keyed with the base64 after `whsec_`). Shown only now. */
            secret: string;
            /** Format: uri */
            url: string;
        };
        CreateToolDto: {
            /** @example Deflection and stress of a cantilever under a point load */
            description?: string;
            /**
             * @description Default: the name
             * @example Cantilever beam
             */
            displayName?: string;
            /** @example cantilever-beam */
            name: string;
            /**
             * @example [
             *       "mechanics",
             *       "beam"
             *     ]
             */
            tags?: string[];
        };
        CreateWebhookDto: {
            events: ("calculation.completed" | "calculation.failed" | "calculation.timed_out" | "calculation.cancelled" | "usage.threshold" | "batch.completed")[];
            /**
             * Format: uri
             * @description http(s); its host must resolve to public addresses only (no loopback, private, link-local, multicast or reserved address) unless the operator allowed it
             * @example https://ci.example.org/hooks/retort
             */
            url: string;
        };
        DailyUsageDto: {
            /** @description Calculations that ran code */
            calculations: number;
            /** @description CPU time measured */
            cpuSeconds: number;
            /**
             * Format: date
             * @description UTC day
             * @example 2026-01-31
             */
            day: string;
            /** @description Bytes of output files stored */
            outputBytes: number;
            /** @description CPUs reserved × wall time: what budgets count */
            reservedCoreSeconds: number;
            /** @description Memory limit in GiB × wall time */
            reservedGbSeconds: number;
            /** @description Wall time of the code */
            wallSeconds: number;
        };
        DirectUploadDto: {
            /**
             * Format: date-time
             * @description Complete the upload before this instant
             */
            expiresAt: string;
            /** @description single: headers the PUT must carry (they are part of the signature) */
            headers?: {
                [key: string]: string;
            };
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            mode: "single" | "multipart";
            /** @description multipart: PUT each part to its URL */
            parts?: components["schemas"]["PresignedPartDto"][];
            /** @description single: PUT the whole file here */
            url?: string;
        };
        EffectiveLimitsDto: {
            /** @description null: unlimited */
            dailyCoreSeconds: number | null;
            maxCpus: number;
            maxMemoryMb: number;
            /** @description null: unlimited */
            maxQueued: number | null;
            maxRunning: number;
            maxTimeoutS: number;
            /** @description null: unlimited */
            monthlyCoreSeconds: number | null;
            /** Format: int64 */
            storageQuotaBytes: number;
            usageEnabled: boolean;
        };
        FieldErrorDto: {
            /** @example must be at most 8192 (the administrators’ maximum) */
            message: string;
            /**
             * @description Dotted path of the field in the request
             * @example limits.memoryMb
             */
            path: string;
        };
        FileDto: {
            /** @example text/csv */
            contentType: string;
            /** @example Load cases for the bracket */
            description: string | null;
            /** @description Display name (sanitised); can be changed */
            filename: string;
            /** Format: uuid */
            id: string;
            isPublic: boolean;
            /** @description The name it was uploaded with (sanitised) */
            originalFilename: string;
            /** Format: uuid */
            ownerId: string;
            sha256: string;
            /**
             * Format: int64
             * @example 2048
             */
            sizeBytes: number;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            uploadedAt: string;
        };
        FilePageDto: {
            items: components["schemas"]["FileDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        LimitsAppliedDto: {
            /** @example 1 */
            cpus: number;
            /**
             * @description MiB: everything the code may write
             * @example 1024
             */
            diskMb: number;
            /**
             * Format: int64
             * @example 104857600
             */
            maxOutputBytes: number;
            /**
             * @description MiB
             * @example 512
             */
            memoryMb: number;
            network: boolean;
            /**
             * @description Seconds
             * @example 300
             */
            timeoutS: number;
        };
        LimitsDto: {
            /**
             * @description CPU limit (fractions allowed, two decimals at most)
             * @example 1
             */
            cpus: number;
            /**
             * @description MiB: everything the code may write (/work, /tmp, /dev/shm); also counted in memory. Default: SANDBOX_DISK_MB
             * @example 1024
             */
            diskMb?: number;
            /**
             * Format: int64
             * @description Total bytes of output files
             * @example 104857600
             */
            maxOutputBytes: number;
            /**
             * @description Memory (and memory+swap) limit in MiB
             * @example 512
             */
            memoryMb: number;
            /**
             * @description Wall-clock limit in seconds
             * @example 300
             */
            timeoutS: number;
        };
        MarkedReadDto: {
            /** @description How many notifications were unread */
            marked: number;
        };
        MeDto: {
            /** @enum {string} */
            authenticatedWith: "token" | "api-key";
            /** Format: date-time */
            createdAt: string;
            displayName: string | null;
            /** @example alice@example.org */
            email: string | null;
            firstName: string | null;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** Format: date-time */
            lastLogin: string | null;
            lastName: string | null;
            /**
             * @example [
             *       "user",
             *       "tool-author"
             *     ]
             */
            roles: string[];
            /** Format: date-time */
            updatedAt: string;
            /** @example alice */
            username: string;
        };
        NotificationDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description Details, by kind */
            data: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            /**
             * @description `usage.threshold`: a compute budget crossed a threshold; `webhook.disabled`: an endpoint kept failing
             * @enum {string}
             */
            kind: "usage.threshold" | "webhook.disabled";
            /**
             * Format: date-time
             * @description null while unread
             */
            readAt: string | null;
            /** @example You have used 90 % of your daily compute budget */
            title: string;
        };
        NotificationPageDto: {
            items: components["schemas"]["NotificationDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
            /** @description Your unread notifications, all pages together */
            unread: number;
        };
        OutputFileDto: {
            /** @example text/csv */
            contentType: string;
            /** @example Load cases for the bracket */
            description: string | null;
            /** @description Display name (sanitised); can be changed */
            filename: string;
            /** Format: uuid */
            id: string;
            isPublic: boolean;
            /**
             * @description Path under /work/outputs
             * @example plot.png
             */
            name: string;
            /** @description The name it was uploaded with (sanitised) */
            originalFilename: string;
            /** Format: uuid */
            ownerId: string;
            sha256: string;
            /**
             * Format: int64
             * @example 2048
             */
            sizeBytes: number;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            uploadedAt: string;
        };
        PlatformStatsDto: {
            /** @description All calculations by status, all time */
            byStatus: components["schemas"]["StatusCountDto"][];
            /** @description All calculations by tool, all time, most used first */
            byTool: components["schemas"]["ToolStatsDto"][];
            /** @description Compute used in the range */
            compute: components["schemas"]["ComputeStatsDto"];
            /**
             * Format: date
             * @description First day of the compute figures
             */
            from: string;
            /** @description Files held now */
            storage: components["schemas"]["StorageStatsDto"];
            /**
             * Format: date
             * @description Last day of the compute figures
             */
            to: string;
        };
        PresignedPartDto: {
            /** @example 1 */
            partNumber: number;
            /** Format: int64 */
            sizeBytes: number;
            /** @description PUT this part’s bytes here */
            url: string;
        };
        /** @description RFC 9457 problem details; Retort-specific types add extension members */
        Problem: {
            /** @description 409 `file-in-use`: how many unfinished calculations use the file */
            activeCalculations?: number;
            /**
             * Format: uuid
             * @description With `outcome: left-queued` on a batch submission: the batch that was recorded
             */
            batchId?: string;
            /**
             * @description 429 `budget-exhausted` and `budget-insufficient`: the compute budget that refused the submission
             * @enum {string}
             */
            budget?: "daily" | "monthly";
            /** @description With `budget`: the budget, in core-seconds */
            budgetCoreSeconds?: number;
            /**
             * Format: uuid
             * @description With `outcome: left-queued` on a calculation submission: the calculation that was recorded
             */
            calculationId?: string;
            /** @description 503 `not-ready` (/health/ready): the state of every check, by name */
            checks?: {
                [key: string]: {
                    status: string;
                };
            };
            /**
             * @description 503 `dependency-unavailable`: the service that is unavailable (the names of /health/ready’s checks)
             * @example redis
             * @enum {string}
             */
            dependency?: "postgres" | "redis" | "storage" | "keycloak";
            /** @example The request is not valid; see errors[] for each field. */
            detail?: string;
            /** @description 422 only: one entry per invalid field */
            errors?: components["schemas"]["FieldErrorDto"][];
            /**
             * @description 503 `not-ready` (/health/ready): the names of the checks that failed
             * @example [
             *       "redis"
             *     ]
             */
            failing?: string[];
            /** @description 429 `budget-insufficient`: core-seconds your queued and running calculations may still use */
            heldCoreSeconds?: number;
            /**
             * @description 409 `image-gone`: the image id the calculation ran, no longer on the workers’ engine
             * @example sha256:4f3c…
             */
            imageId?: string;
            /**
             * @description The request path
             * @example /api/v1/calculations
             */
            instance?: string;
            /** @description 413 `body-too-large` and `file-too-large`: the most bytes allowed */
            limitBytes?: number;
            /** @description 429 `too-many-queued`: how many of your calculations may wait to run */
            maxQueued?: number;
            /**
             * @description 503 to a submission the job queue did not take: `withdrawn`, nothing was kept and it may be submitted again; `left-queued`, it was recorded (see `calculationId` or `batchId`) and is enqueued once the queue is back, so do not submit it again
             * @example left-queued
             * @enum {string}
             */
            outcome?: "withdrawn" | "left-queued";
            /** @description 429 `too-many-queued`: how many of your calculations are waiting to run */
            queued?: number;
            /** @description 413 `storage-quota-exceeded`: your storage quota, in bytes */
            quotaBytes?: number;
            /** @description 429 `budget-insufficient`: what is left of the budget once spent and held core-seconds are taken off */
            remainingCoreSeconds?: number;
            /**
             * @description Quote it when reporting
             * @example 6f1c2a9e-8d2b-4c1e-9a53-0f1e2d3c4b5a
             */
            requestId?: string;
            /**
             * Format: date-time
             * @description With `budget`: when the budget’s period resets
             */
            resetsAt?: string;
            /** @description With `budget`: core-seconds spent this period */
            spentCoreSeconds?: number;
            /** @example 422 */
            status: number;
            /** @example Unprocessable Entity */
            title: string;
            /**
             * @description `about:blank` for plain HTTP errors, `urn:retort:problem:<slug>` for Retort’s own
             * @example urn:retort:problem:validation-error
             */
            type: string;
            /** @description 413 `storage-quota-exceeded`: the bytes your files already use */
            usedBytes?: number;
            /** @description 429 `budget-insufficient`: the most this submission may use (CPUs × timeout × calculations) */
            worstCaseCoreSeconds?: number;
        };
        PublishVersionDto: {
            /** @example First release */
            changelog?: string;
            /**
             * @description Python source of main.py, defining run(params); at most the configured code size
             * @example def run(params):
             *         return {"twice": 2 * params["x"]}
             */
            code: string;
            /** @description The same parameters and inputs always give the same result and outputs: calculations then reuse a completed one of the same work by default (see `reuse`). Default: false */
            deterministic?: boolean;
            /**
             * @description Must match one of the allowed images (TOOLS_ALLOWED_IMAGES)
             * @example retort/sandbox-python-scientific:1.0.0
             */
            image: string;
            /** @description Names must be unique */
            inputs?: components["schemas"]["ToolInputDto"][];
            /** @description Defaults for calculations; each within the admin maxima */
            limits: components["schemas"]["LimitsDto"];
            /**
             * @description Network access; only where an admin allows it
             * @default false
             */
            network: boolean;
            /** @description Names must be unique */
            outputs?: components["schemas"]["ToolOutputDto"][];
            /**
             * @description JSON Schema (draft 2020-12) for the parameters; its root is an object schema
             * @example {
             *       "type": "object",
             *       "properties": {
             *         "x": {
             *           "type": "number"
             *         }
             *       },
             *       "required": [
             *         "x"
             *       ]
             *     }
             */
            parametersSchema: {
                [key: string]: unknown;
            };
            /**
             * @description Semantic version (no "v"), unique per tool
             * @example 1.0.0
             */
            version: string;
        };
        RecentCalculationDto: {
            /** Format: date-time */
            createdAt: string;
            displayName: string | null;
            /** @description Seconds */
            executionTimeS: number | null;
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled" | "timed_out";
            username: string;
        };
        RecentCalculationPageDto: {
            items: components["schemas"]["RecentCalculationDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        RequestedLimitsDto: {
            /**
             * @description CPUs, two decimals at most
             * @example 1
             */
            cpus?: number;
            /**
             * @description MiB: everything the code may write (/work, /tmp, /dev/shm); also counted in memory
             * @example 1024
             */
            diskMb?: number;
            /**
             * @description MiB
             * @example 512
             */
            memoryMb?: number;
            /**
             * @description Seconds
             * @example 300
             */
            timeoutS?: number;
        };
        RerunCalculationDto: {
            /**
             * @description Run the very image the original ran (by its id), not what its tag points to now; 409 when that image is no longer on the workers’ engine, or none was recorded
             * @default false
             */
            exact: boolean;
        };
        StatusCountDto: {
            count: number;
            /** @example completed */
            status: string;
        };
        StorageStatsDto: {
            /** Format: int64 */
            bytes: number;
            files: number;
            /** @description Users holding files */
            users: number;
        };
        ToolBatchRequestDto: {
            /**
             * Format: uri
             * @description POSTed once when the calculation ends (`calculation.completed`, `.failed`, `.timed_out`, `.cancelled`), signed like a webhook delivery with your callback secret (GET /webhooks/callback-secret). Its host must resolve to public addresses only. Single calculations only: a batch ignores it.
             * @example https://ci.example.org/hooks/retort-run-42
             */
            callbackUrl?: string;
            /** @example Steel, rectangular section */
            description?: string;
            /** @description Each file at most once */
            inputs?: components["schemas"]["CalculationInputDto"][];
            /** @description Each at most the tool version’s limit (ad-hoc code: the administrators’ maximum); default: those */
            limits?: components["schemas"]["RequestedLimitsDto"];
            /** @example Beam, 2 m, 1 kN */
            name: string;
            /**
             * @description Validated against the tool version’s parameters schema (defaults applied)
             * @default {}
             * @example {
             *       "length_m": 2,
             *       "load_n": 1000
             *     }
             */
            parameters: {
                [key: string]: unknown;
            };
            /** @description Complete at once from a completed calculation of yours with the same image, code, parameters (key order and number formatting aside) and input names and contents: same result, outputs linked, no compute. Default: true for a tool version that declares itself deterministic, false otherwise (ad-hoc code included). Single calculations only: a batch ignores it. */
            reuse?: boolean;
            /** @description Exactly one of: `grid` (cartesian product of the value lists), `zip` (the i-th values of equally long lists) or `list` (parameter sets as given). Each set is merged over `parameters` and validated against the version’s schema before anything is created; at most BATCHES_MAX_SIZE sets. */
            sweep: {
                /**
                 * @example {
                 *       "length_m": [
                 *         1,
                 *         2,
                 *         3
                 *       ],
                 *       "load_n": [
                 *         100,
                 *         200
                 *       ]
                 *     }
                 */
                grid: {
                    [key: string]: unknown[];
                };
            } | {
                /**
                 * @example {
                 *       "length_m": [
                 *         1,
                 *         2
                 *       ],
                 *       "load_n": [
                 *         100,
                 *         200
                 *       ]
                 *     }
                 */
                zip: {
                    [key: string]: unknown[];
                };
            } | {
                /**
                 * @example [
                 *       {
                 *         "length_m": 1
                 *       },
                 *       {
                 *         "length_m": 2,
                 *         "load_n": 50
                 *       }
                 *     ]
                 */
                list: {
                    [key: string]: unknown;
                }[];
            };
            /**
             * @description The tool’s name
             * @example cantilever-beam
             */
            tool: string;
            /**
             * @description Default: the latest non-deprecated version
             * @example 1.0.0
             */
            version?: string;
        };
        ToolCalculationRequestDto: {
            /**
             * Format: uri
             * @description POSTed once when the calculation ends (`calculation.completed`, `.failed`, `.timed_out`, `.cancelled`), signed like a webhook delivery with your callback secret (GET /webhooks/callback-secret). Its host must resolve to public addresses only. Single calculations only: a batch ignores it.
             * @example https://ci.example.org/hooks/retort-run-42
             */
            callbackUrl?: string;
            /** @example Steel, rectangular section */
            description?: string;
            /** @description Each file at most once */
            inputs?: components["schemas"]["CalculationInputDto"][];
            /** @description Each at most the tool version’s limit (ad-hoc code: the administrators’ maximum); default: those */
            limits?: components["schemas"]["RequestedLimitsDto"];
            /** @example Beam, 2 m, 1 kN */
            name: string;
            /**
             * @description Validated against the tool version’s parameters schema (defaults applied)
             * @default {}
             * @example {
             *       "length_m": 2,
             *       "load_n": 1000
             *     }
             */
            parameters: {
                [key: string]: unknown;
            };
            /** @description Complete at once from a completed calculation of yours with the same image, code, parameters (key order and number formatting aside) and input names and contents: same result, outputs linked, no compute. Default: true for a tool version that declares itself deterministic, false otherwise (ad-hoc code included). Single calculations only: a batch ignores it. */
            reuse?: boolean;
            /**
             * @description The tool’s name
             * @example cantilever-beam
             */
            tool: string;
            /**
             * @description Default: the latest non-deprecated version
             * @example 1.0.0
             */
            version?: string;
        };
        ToolDetailDto: {
            /** Format: uuid */
            authorId: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Empty when none was given */
            description: string;
            /** @example Cantilever beam */
            displayName: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** @description The highest non-deprecated version (what a calculation runs by default); null if none */
            latestVersion: components["schemas"]["ToolVersionDto"] | null;
            /** @example cantilever-beam */
            name: string;
            /**
             * @example [
             *       "mechanics",
             *       "beam"
             *     ]
             */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        ToolDto: {
            /** Format: uuid */
            authorId: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Empty when none was given */
            description: string;
            /** @example Cantilever beam */
            displayName: string;
            /** Format: uuid */
            id: string;
            isActive: boolean;
            /** @example cantilever-beam */
            name: string;
            /**
             * @example [
             *       "mechanics",
             *       "beam"
             *     ]
             */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        ToolInputDto: {
            /**
             * @description Accepted content types (`type/*` for a family); empty: any
             * @example [
             *       "text/csv",
             *       "text/*"
             *     ]
             */
            contentTypes?: string[];
            description?: string;
            /** @example data.csv */
            name: string;
            /** @default true */
            required: boolean;
        };
        ToolOutputDto: {
            /** @example image/png */
            contentType?: string;
            description?: string;
            /** @example data.csv */
            name: string;
        };
        ToolPageDto: {
            items: components["schemas"]["ToolDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        ToolStatsDto: {
            calculations: number;
            completed: number;
            /** @description Failed or timed out */
            failed: number;
            /** @description Reserved core-seconds charged, all time */
            reservedCoreSeconds: number;
            /**
             * @description Tool name; ad-hoc for users’ own code
             * @example fit-curve
             */
            tool: string;
        };
        ToolVersionDto: {
            changelog: string | null;
            code: string;
            /** Format: date-time */
            createdAt: string;
            deprecated: boolean;
            /** @description Calculations reuse a completed one of the same work by default */
            deterministic: boolean;
            /** Format: uuid */
            id: string;
            image: string;
            inputs: components["schemas"]["ToolInputDto"][];
            limits: components["schemas"]["VersionLimitsDto"];
            network: boolean;
            outputs: components["schemas"]["ToolOutputDto"][];
            parametersSchema: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            publishedBy: string | null;
            tool: string;
            version: string;
        };
        ToolVersionPageDto: {
            items: components["schemas"]["ToolVersionSummaryDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        ToolVersionSummaryDto: {
            changelog: string | null;
            /** Format: date-time */
            createdAt: string;
            deprecated: boolean;
            /** @description Calculations reuse a completed one of the same work by default */
            deterministic: boolean;
            /** Format: uuid */
            id: string;
            image: string;
            limits: components["schemas"]["VersionLimitsDto"];
            network: boolean;
            version: string;
        };
        UpdateFileDto: {
            /** @description null removes the description */
            description?: string | null;
            /** @example results.csv */
            filename?: string;
            isPublic?: boolean;
        };
        UpdateToolDto: {
            /** @example Deflection and stress of a cantilever under a point load */
            description?: string;
            /** @example Cantilever beam */
            displayName?: string;
            /** @description Inactive tools are hidden from the catalogue and start no calculation */
            isActive?: boolean;
            /**
             * @example [
             *       "mechanics",
             *       "beam"
             *     ]
             */
            tags?: string[];
        };
        UpdateUserLimitsDto: {
            /** @description With `usageEnabled: false` (the kill switch): also cancel the user’s queued calculations and stop the running ones (they end as cancelled, charged for what they ran). Default false. */
            cancelRunning?: boolean;
            /** @description Core-seconds per UTC day; 0: unlimited */
            dailyCoreSeconds?: number | null;
            /** @description Most CPUs a calculation may ask for */
            maxCpus?: number | null;
            /** @description Largest memory limit a calculation may ask for, MiB */
            maxMemoryMb?: number | null;
            /** @description Calculations waiting in the queue; 0: unlimited */
            maxQueued?: number | null;
            /** @description Calculations running at once */
            maxRunning?: number | null;
            /** @description Longest wall-clock limit a calculation may ask for, seconds */
            maxTimeoutS?: number | null;
            /** @description Core-seconds per UTC month; 0: unlimited */
            monthlyCoreSeconds?: number | null;
            /**
             * Format: int64
             * @description Storage quota in bytes
             */
            storageQuotaBytes?: number | null;
            /** @description False suspends the user’s computing: submissions are refused */
            usageEnabled: boolean;
        };
        UpdateWebhookDto: {
            /** @description true re-enables a disabled webhook (and clears its failure streak); false disables it */
            enabled: boolean;
        };
        UploadFileFormDto: {
            description?: string;
            /**
             * Format: binary
             * @description The content; at most the configured file size
             */
            file: string;
            /**
             * @default false
             * @enum {string}
             */
            isPublic: "true" | "false";
        };
        UsageAlertDto: {
            /** @enum {string} */
            budget: "daily" | "monthly";
            budgetCoreSeconds: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date */
            periodStart: string;
            spentCoreSeconds: number;
            /**
             * @description Percent of the budget
             * @example 70
             */
            threshold: number;
        };
        UsagePointDto: {
            /** @description Calculations that ran code */
            calculations: number;
            /** @description CPU time measured */
            cpuSeconds: number;
            /** @description Bytes of output files stored */
            outputBytes: number;
            /**
             * @description The UTC day (YYYY-MM-DD) or month (YYYY-MM)
             * @example 2026-01-31
             */
            period: string;
            /** @description CPUs reserved × wall time: what budgets count */
            reservedCoreSeconds: number;
            /** @description Memory limit in GiB × wall time */
            reservedGbSeconds: number;
            /** @description Bytes of files held × days held, in the period */
            storageByteDays: number;
            /** @description Wall time of the code */
            wallSeconds: number;
        };
        UsageReportDto: {
            /** @description Thresholds reached in periods starting in the range */
            alerts: components["schemas"]["UsageAlertDto"][];
            /** @description Today’s and this month’s budget */
            budgets: components["schemas"]["BudgetStatusDto"][];
            /** @description Days with usage, oldest first */
            days: components["schemas"]["DailyUsageDto"][];
            /** Format: date */
            from: string;
            /** @enum {string} */
            granularity: "day" | "month";
            /** @description Every day or month of the range up to today, oldest first, zeros included */
            series: components["schemas"]["UsagePointDto"][];
            /** Format: date */
            to: string;
            totals: components["schemas"]["UsageReportTotalsDto"];
            /** @description False: an administrator has suspended your computing */
            usageEnabled: boolean;
        };
        UsageReportTotalsDto: {
            /** @description Calculations that ran code */
            calculations: number;
            /** @description CPU time measured */
            cpuSeconds: number;
            /** @description Bytes of output files stored */
            outputBytes: number;
            /** @description CPUs reserved × wall time: what budgets count */
            reservedCoreSeconds: number;
            /** @description Memory limit in GiB × wall time */
            reservedGbSeconds: number;
            /** @description Bytes of files held × days held, in the range up to today */
            storageByteDays: number;
            /** @description Wall time of the code */
            wallSeconds: number;
        };
        UserLimitOverridesDto: {
            dailyCoreSeconds: number | null;
            maxCpus: number | null;
            maxMemoryMb: number | null;
            maxQueued: number | null;
            maxRunning: number | null;
            maxTimeoutS: number | null;
            monthlyCoreSeconds: number | null;
            /** Format: int64 */
            storageQuotaBytes: number | null;
            usageEnabled: boolean;
        };
        UserLimitsDto: {
            /** @description Only in the answer to a PUT: what `cancelRunning` cancelled; null when it was not asked */
            cancelled?: components["schemas"]["CancelledCalculationsDto"] | null;
            /** @description What applies */
            effective: components["schemas"]["EffectiveLimitsDto"];
            /** @description What an administrator set; null: the default */
            overrides: components["schemas"]["UserLimitOverridesDto"];
            /** Format: uuid */
            userId: string;
        };
        UserPageDto: {
            items: components["schemas"]["AdminUserDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        UserStatsDto: {
            completedCalculations: number;
            /** Format: int64 */
            quotaBytes: number;
            /**
             * Format: int64
             * @description Bytes counted against your quota (identical contents stored once)
             */
            storedBytes: number;
            totalCalculations: number;
            /** @description Live files */
            totalFiles: number;
            /**
             * Format: int64
             * @description Sum of the sizes of your live files
             */
            totalStorageBytes: number;
        };
        UserSyncSummaryDto: {
            created: number;
            /** @description Users no longer in Keycloak, now inactive */
            deactivatedMissing: number;
            disabledInKeycloak: number;
            durationMs: number;
            /** @description Users Keycloak listed */
            total: number;
            unchanged: number;
            updated: number;
        };
        UserUsageDto: {
            /** @description Calculations that ran code */
            calculations: number;
            /** @description CPU time measured */
            cpuSeconds: number;
            /** @description Bytes of output files stored */
            outputBytes: number;
            /** @description CPUs reserved × wall time: what budgets count */
            reservedCoreSeconds: number;
            /** @description Memory limit in GiB × wall time */
            reservedGbSeconds: number;
            /** Format: uuid */
            userId: string;
            /** @example alice */
            username: string;
            /** @description Wall time of the code */
            wallSeconds: number;
        };
        UserUsagePageDto: {
            /** Format: date */
            from: string;
            /** @description Users with usage in the range, by user id */
            items: components["schemas"]["UserUsageDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
            /** Format: date */
            to: string;
        };
        VersionLimitsDto: {
            /** @example 1 */
            cpus: number;
            /**
             * @description MiB: everything the code may write
             * @example 1024
             */
            diskMb: number;
            /**
             * Format: int64
             * @example 104857600
             */
            maxOutputBytes: number;
            /**
             * @description MiB
             * @example 512
             */
            memoryMb: number;
            /**
             * @description Seconds
             * @example 300
             */
            timeoutS: number;
        };
        WebConfigDto: {
            /**
             * @description OIDC issuer (Keycloak realm URL) the browser signs in at
             * @example http://127.0.0.1:8080/realms/retort
             */
            authority: string;
            /**
             * @description Public OIDC client id of the web app
             * @example retort-web
             */
            clientId: string;
        };
        WebhookDeliveryDto: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            error: string | null;
            /** @enum {string} */
            event: "calculation.completed" | "calculation.failed" | "calculation.timed_out" | "calculation.cancelled" | "usage.threshold" | "batch.completed";
            /** Format: uuid */
            id: string;
            latencyMs: number | null;
            /** @description The body sent: `{type, timestamp, data}`; the delivery id is its `webhook-id` */
            payload: {
                [key: string]: unknown;
            };
            responseExcerpt: string | null;
            /** @description HTTP status of the last attempt */
            responseStatus: number | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            /**
             * Format: uri
             * @description A calculation callback's destination; null for a webhook's delivery (sent to the webhook's URL)
             */
            url: string | null;
        };
        WebhookDeliveryPageDto: {
            items: components["schemas"]["WebhookDeliveryDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        WebhookDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            disabledAt: string | null;
            /** @description false once disabled (by its owner, or for failing too long): nothing is sent */
            enabled: boolean;
            events: ("calculation.completed" | "calculation.failed" | "calculation.timed_out" | "calculation.cancelled" | "usage.threshold" | "batch.completed")[];
            /**
             * Format: date-time
             * @description Since when every attempt failed; null after a success
             */
            failingSince: string | null;
            /** Format: uuid */
            id: string;
            /** Format: uri */
            url: string;
        };
        WebhookPageDto: {
            items: components["schemas"]["WebhookDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AuditController_list: {
        parameters: {
            query?: {
                action?: string;
                actorId?: string;
                /** @description The nextCursor of the previous page */
                cursor?: string;
                /** @description Events at or after this instant (RFC 3339) */
                from?: string;
                limit?: number;
                targetId?: string;
                targetType?: string;
                /** @description Events before this instant (RFC 3339) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminCalculationsController_recent: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                /** @description Created at or after (RFC 3339) */
                from?: string;
                limit?: number;
                status?: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled" | "timed_out";
                /** @description Created before (RFC 3339) */
                to?: string;
                /** @description Tool name */
                tool?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecentCalculationPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsageController_stats: {
        parameters: {
            query?: {
                /** @description First UTC day of the compute figures (inclusive); default: the first day of this month */
                from?: string;
                /** @description Last UTC day of the compute figures (inclusive); default: today */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformStatsDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsageController_perUser: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                /** @description csv: every user of the range in one text/csv download (limit and cursor are ignored) */
                format?: "json" | "csv";
                from?: string;
                limit?: number;
                /** @description Default: ascending for userId and username, descending for the figures */
                order?: "asc" | "desc";
                /** @description Order of the users (coreSeconds: reserved core-seconds, what budgets count) */
                sort?: "userId" | "username" | "calculations" | "cpuSeconds" | "wallSeconds" | "coreSeconds" | "gbSeconds" | "outputBytes";
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users, or the CSV export */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserUsagePageDto"];
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsersController_list: {
        parameters: {
            query?: {
                /** @description Only active (true) or inactive (false) users */
                active?: boolean;
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
                /** @description Matches part of the username, email or display name */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsageController_limits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserLimitsDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsageController_setLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserLimitsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserLimitsDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    AdminUsersController_run: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserSyncSummaryDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state of the resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An upstream service (Keycloak’s Admin API) answered with an error */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ApiKeysController_list: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ApiKeysController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ApiKeysController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    BatchesController_list: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    BatchesController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ToolBatchRequestDto"] | components["schemas"]["CodeBatchRequestDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request is well-formed but not valid; `errors[]` names each field
             *
             *     The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    BatchesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    BatchesController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state of the resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    BatchesController_rerunFailed: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request conflicts with the current state of the resource
             *
             *     A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request is well-formed but not valid; `errors[]` names each field
             *
             *     The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    BatchesController_results: {
        parameters: {
            query?: {
                format?: "json" | "csv";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResultsDto"];
                    "text/csv": string;
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_list: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                /** @description Created at or after (RFC 3339) */
                from?: string;
                limit?: number;
                status?: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled" | "timed_out";
                /** @description Created before (RFC 3339) */
                to?: string;
                /** @description Tool name */
                tool?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalculationPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_submit: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ToolCalculationRequestDto"] | components["schemas"]["CodeCalculationRequestDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalculationDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalculationDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalculationDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state of the resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_crateZip: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A zip archive (RO-Crate, Process Run Crate profile) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_events: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream; each event’s `data` is a JSON object whose `type` is the event name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": {
                        /** @description JSON */
                        data: string;
                        /** @enum {string} */
                        event?: "status" | "progress" | "log";
                        id?: string;
                    };
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_logs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalculationLogsDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_outputs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutputFileDto"][];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_provenance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ro-crate-metadata.json of the calculation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description The RO-Crate 1.1 context, then the Workflow Run and Retort terms the crate uses
                         * @example [
                         *       "https://w3id.org/ro/crate/1.1/context",
                         *       {
                         *         "exitCode": "https://w3id.org/ro/terms/workflow-run#exitCode"
                         *       }
                         *     ]
                         */
                        "@context": unknown[];
                        "@graph": {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    CalculationsController_rerun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RerunCalculationDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalculationDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request conflicts with the current state of the resource
             *
             *     A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request is well-formed but not valid; `errors[]` names each field
             *
             *     The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_list: {
        parameters: {
            query?: {
                /** @description Exact content type, or a `type/*` family */
                contentType?: string;
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
                /** @description Case-insensitive substring of the file name */
                name?: string;
                /** @description `mine`: your files; `public`: everyone's public files; `all`: every file (admins only) */
                scope?: "mine" | "public" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FilePageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_upload: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["UploadFileFormDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The upload sent nothing for too long; what arrived has been discarded */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request is well-formed but not valid; `errors[]` names each field
             *
             *     The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state of the resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description Only the fields to change; none changes nothing */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateFileDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_content: {
        parameters: {
            query?: {
                /** @description Content-Disposition inline rather than attachment */
                inline?: boolean;
                /** @description Answer 302 to a short-lived presigned URL instead of streaming */
                redirect?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file, with its own content type */
            200: {
                headers: {
                    "Accept-Ranges": "bytes";
                    /** @description RFC 6266, with the file name */
                    "Content-Disposition": string;
                    /** @description The SHA-256 of the content, quoted */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description The requested byte range (a single range; other Range headers get the whole file) */
            206: {
                headers: {
                    "Accept-Ranges": "bytes";
                    /** @description RFC 6266, with the file name */
                    "Content-Disposition": string;
                    "Content-Range": string;
                    /** @description The SHA-256 of the content, quoted */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description `redirect=true`: a short-lived presigned URL to download from */
            302: {
                headers: {
                    Location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description If-None-Match matched the ETag */
            304: {
                headers: {
                    /** @description The SHA-256 of the content, quoted */
                    ETag: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource existed but is gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Range starts past the end of the file */
            416: {
                headers: {
                    /** @description `bytes *\/<size>` */
                    "Content-Range": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_createUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDirectUploadDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectUploadDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_cancelUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    FilesController_completeUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request conflicts with the current state of the resource
             *
             *     A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource existed but is gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request is well-formed but not valid; `errors[]` names each field
             *
             *     The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_list: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
                /** @description Case-insensitive search in name, display name, description and tags */
                search?: string;
                /** @description Only tools with this tag */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateToolDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request conflicts with the current state of the resource
             *
             *     A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolDetailDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description Only the fields to change; none changes nothing */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateToolDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_versions: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolVersionPageDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_publish: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) within 24 hours is not done again; its first successful answer is replayed with `Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one (e.g. a UUID) for each new request. */
                "Idempotency-Key"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishVersionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolVersionDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description The request conflicts with the current state of the resource
             *
             *     A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_version: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolVersionDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ToolsController_deprecate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolVersionSummaryDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    UsersController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    NotificationsController_list: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
                /** @description Only unread (true) or only read (false) notifications */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    NotificationsController_markRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    NotificationsController_markAllRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarkedReadDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    UserStatsController_stats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserStatsDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    UsageController_report: {
        parameters: {
            query?: {
                /** @description First UTC day (inclusive); default: the first day of this month */
                from?: string;
                /** @description The series has a point per UTC day or per UTC month */
                granularity?: "day" | "month";
                /** @description Last UTC day (inclusive); default: today */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReportDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_list: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body, or the file, is larger than allowed, or does not fit your storage quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body has a content type this operation does not take */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_deliveries: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPageDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_redeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"];
                };
            };
            /** @description Malformed request: a body that cannot be parsed, or a URL that cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing with this id (or name) exists that you can see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request conflicts with the current state of the resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_callbackDeliveries: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPageDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is well-formed but not valid; `errors[]` names each field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebhooksController_callbackSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackSecretDto"];
                };
            };
            /** @description Missing or invalid credentials (Bearer access token or X-API-Key) */
            401: {
                headers: {
                    /** @description RFC 6750 challenge */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This API key has used its allowance, your compute budget for the period is spent, or your queue is full */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    WebConfigController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebConfigDto"];
                };
            };
        };
    };
}
