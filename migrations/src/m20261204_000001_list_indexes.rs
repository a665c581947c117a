//! Indexes for the public reads at a million problems: every list filter paired with the
//! list's order (newest first is `id` descending; most supported first is
//! `support_count, id` descending), so that a page of the list is one index range read
//! however large the table, and keyset pages (`id < cursor`) start where the previous one
//! ended. The date filters (received, acknowledged, resolved, closed, due) have theirs,
//! which also serve the home page's latest answers (`resolved_at`) and Open311's window on
//! the confirmation time (`confirmed_at, id`).
//!
//! Plain `CREATE INDEX`, the same statement on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Name and columns of each index. `status` comes last in each: the public lists leave
/// unconfirmed problems out, and with the status in the index their capped counts are
/// index-only scans (no table row read) wherever the table is vacuumed.
const INDEXES: [(&str, &str); 13] = [
    ("idx_problems_region_id", "region_code, id, status"),
    ("idx_problems_category_id", "category_code, id, status"),
    ("idx_problems_rep_id", "representative_id, id, status"),
    ("idx_problems_verdict_id", "verdict, id, status"),
    // What is stuck where: the dashboards link to a region's overdue and escalated ones.
    (
        "idx_problems_overdue_region",
        "overdue, region_code, id, status",
    ),
    (
        "idx_problems_escalated_region",
        "escalated, region_code, id, status",
    ),
    ("idx_problems_support_id", "support_count, id, status"),
    (
        "idx_problems_region_support",
        "region_code, support_count, id, status",
    ),
    ("idx_problems_confirmed_id", "confirmed_at, id, status"),
    ("idx_problems_acknowledged_at", "acknowledged_at, status"),
    ("idx_problems_resolved_at", "resolved_at, status"),
    ("idx_problems_closed_at", "closed_at, status"),
    ("idx_problems_due_at", "resolve_due_at, status"),
];

/// The events with a note, per problem.
const NOTED: &str = "idx_events_noted";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, cols) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON problems ({cols})"
            ))
            .await?;
        }
        // Open311 shows each request's latest note: only the events that carry one (about
        // a third of them), newest first per problem.
        db.execute_unprepared(&format!(
            "CREATE INDEX IF NOT EXISTS {NOTED} ON problem_events (problem_id, id) \
             WHERE public_note IS NOT NULL OR note_key IS NOT NULL"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for name in INDEXES.iter().map(|(name, _)| *name).chain([NOTED]) {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
