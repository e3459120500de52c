import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue #16): what the platform tells a user in-app (budget thresholds, a webhook
 * disabled after failing too long), newest first, unread ones indexed. And the webhook event names of
 * issue #16: one event per final status instead of `calculation.finished`, `usage.threshold` instead
 * of `budget.threshold`.
 */
export class NotificationsAndEventNames1795470000000 implements MigrationInterface {
  name = 'NotificationsAndEventNames1795470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        title varchar(300) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        read_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_notifications_user ON notifications (user_id, created_at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX ix_notifications_user_unread ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`,
    );
    await queryRunner.query(`
      UPDATE webhooks SET events = ARRAY(
        SELECT DISTINCT e FROM unnest(events) AS old(name),
          unnest(CASE old.name
            WHEN 'calculation.finished' THEN ARRAY['calculation.completed', 'calculation.failed',
                                                   'calculation.timed_out', 'calculation.cancelled']
            WHEN 'budget.threshold' THEN ARRAY['usage.threshold']
            ELSE ARRAY[old.name] END::varchar(40)[]) AS e
        ORDER BY e)`);
    await queryRunner.query(`
      UPDATE webhook_deliveries d SET event = n.name, payload = jsonb_set(d.payload, '{type}', to_jsonb(n.name))
      FROM (SELECT id, CASE event
              WHEN 'budget.threshold' THEN 'usage.threshold'
              ELSE 'calculation.' || COALESCE(payload #>> '{data,status}', 'completed') END AS name
            FROM webhook_deliveries WHERE event IN ('calculation.finished', 'budget.threshold')) n
      WHERE d.id = n.id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE webhook_deliveries d SET event = n.name, payload = jsonb_set(d.payload, '{type}', to_jsonb(n.name))
      FROM (SELECT id, CASE WHEN event = 'usage.threshold' THEN 'budget.threshold'
                            ELSE 'calculation.finished' END AS name
            FROM webhook_deliveries
            WHERE event IN ('usage.threshold', 'calculation.completed', 'calculation.failed',
                            'calculation.timed_out', 'calculation.cancelled')) n
      WHERE d.id = n.id`);
    await queryRunner.query(`
      UPDATE webhooks SET events = ARRAY(
        SELECT DISTINCT CASE WHEN name LIKE 'calculation.%' THEN 'calculation.finished'
                             WHEN name = 'usage.threshold' THEN 'budget.threshold' END::varchar(40)
        FROM unnest(events) AS old(name)
        WHERE name LIKE 'calculation.%' OR name = 'usage.threshold')`);
    await queryRunner.query(`DELETE FROM webhooks WHERE cardinality(events) = 0`);
    await queryRunner.query(`DROP TABLE notifications`);
  }
}
