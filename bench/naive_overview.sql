-- The overview's figures for the last 30 days computed per request from the base tables
-- (what bench/dashboard.sh compares the service with). One pgbench transaction.
SELECT e.action, e.to_status, count(*)
  FROM problem_events e JOIN problems p ON p.id = e.problem_id
 WHERE e.created_at >= now() - interval '30 days'
   AND e.action IN ('confirm', 'route', 'assign', 'acknowledge', 'resolve', 'confirm_fixed',
                    'report_not_fixed', 'reject', 'close_no_answer')
 GROUP BY 1, 2;
SELECT count(*), count(*) FILTER (WHERE overdue), count(*) FILTER (WHERE escalated)
  FROM problems
 WHERE status IN ('new', 'assigned', 'acknowledged', 'in_progress', 'reopened', 'rejected');
SELECT action,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_seconds),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_seconds)
  FROM problem_events
 WHERE action IN ('acknowledge', 'resolve') AND created_at >= now() - interval '30 days'
 GROUP BY action;
SELECT count(*), count(*) FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at <= resolve_due_at)
  FROM problems
 WHERE resolve_due_at >= now() - interval '30 days' AND resolve_due_at < now()
   AND status <> 'duplicate';
SELECT date_trunc('day', created_at), action, count(*)
  FROM problem_events
 WHERE action IN ('confirm', 'resolve') AND created_at >= now() - interval '30 days'
 GROUP BY 1, 2;
