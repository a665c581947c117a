//! Many problems at once for the tests that need a large table: copies of one problem made
//! by the database itself (a thousand through the API would take minutes), as another
//! process or an import would write them, without this process hearing of it.

use crate::helpers::TestApp;
use sea_orm::ConnectionTrait;

/// The columns a copy takes from its original (the id and tracking token are its own).
const COLUMNS: &str = "title, description, category_code, region_code, address, citizen_email, \
                       citizen_name, anonymous, status, representative_id, reassign_requested, \
                       question_pending, created_at, confirmed_at, updated_at, assigned_at, \
                       ack_due_at, resolve_due_at, overdue, escalated, ack_notices, \
                       resolve_notices, support_count, language";

/// Writes `n` copies of problem `id` (newer ids, same dates), then lets PostgreSQL's
/// planner see the new size.
pub async fn copies(app: &TestApp, id: i32, n: u32) {
    let db = &app.state.db;
    db.execute_unprepared(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         INSERT INTO problems ({COLUMNS}, tracking_token) \
         SELECT {COLUMNS}, tracking_token || '-' || CAST(i AS TEXT) FROM problems, n \
         WHERE id = {id}"
    ))
    .await
    .unwrap();
    db.execute_unprepared("ANALYZE").await.unwrap();
}
