-- The representatives' league table for the last 30 days computed per request from the
-- base tables (what bench/dashboard.sh compares the service with). One pgbench transaction.
SELECT representative_id,
       count(*) FILTER (WHERE status IN ('assigned', 'acknowledged', 'in_progress', 'reopened')),
       count(*) FILTER (WHERE overdue AND status IN ('assigned', 'acknowledged', 'in_progress', 'reopened'))
  FROM problems
 WHERE representative_id IS NOT NULL
 GROUP BY 1;
SELECT actor_user_id, action, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_seconds)
  FROM problem_events
 WHERE action IN ('acknowledge', 'resolve') AND created_at >= now() - interval '30 days'
 GROUP BY 1, 2;
SELECT p.representative_id, e.action, count(*)
  FROM problem_events e JOIN problems p ON p.id = e.problem_id
 WHERE e.action IN ('confirm', 'confirm_fixed', 'report_not_fixed', 'close_no_answer')
   AND e.created_at >= now() - interval '30 days'
 GROUP BY 1, 2;
SELECT representative_id, count(*),
       count(*) FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at <= resolve_due_at)
  FROM problems
 WHERE resolve_due_at >= now() - interval '30 days' AND resolve_due_at < now()
 GROUP BY 1;
