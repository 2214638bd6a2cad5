-- Every trigger on public.executions, as 20261122006900_attach_executions_triggers.sql lists them:
-- the set, and for each event the order Postgres fires them in (before row, after row, after
-- statement; by name within each). A trigger added, dropped or renamed elsewhere fails here until
-- that migration's list says so too.
begin;
select plan(4);

select triggers_are('public', 'executions', array[
  'executions_book_usage_insert', 'executions_book_usage_update', 'executions_check_parent', 'executions_emit_run_failed_on_insert',
  'executions_emit_run_failed_on_update', 'executions_enforce_status', 'executions_history_on_delete',
  'executions_price_on_insert', 'executions_rollup_deltas_on_delete', 'executions_rollup_deltas_on_insert',
  'executions_rollup_deltas_on_update_new', 'executions_rollup_deltas_on_update_old', 'executions_set_updated_at',
  'executions_sync_approvals', 'executions_sync_routing_outcome', 'executions_track_error_patterns_insert',
  'executions_track_error_patterns_update'
], 'the triggers on runs are exactly the listed ones');

create function pg_temp.firing(event_bit int) returns text[] language sql stable as $$
  select array_agg(t.tgname::text || ' ' || p.phase order by p.rank, t.tgname)
  from pg_trigger t
  cross join lateral (select case
      when t.tgtype & 2 = 2 and t.tgtype & 1 = 1 then 'before row'
      when t.tgtype & 2 = 2 then 'before statement'
      when t.tgtype & 1 = 1 then 'after row'
      else 'after statement' end as phase,
    case when t.tgtype & 2 = 2 and t.tgtype & 1 = 1 then 1 when t.tgtype & 2 = 2 then 0 when t.tgtype & 1 = 1 then 2 else 3 end as rank) p
  where t.tgrelid = 'public.executions'::regclass and not t.tgisinternal and t.tgtype & event_bit = event_bit
$$;

-- TEST: the order of each event, as the migration's header gives it
select is(pg_temp.firing(4), array[
  'executions_enforce_status before row', 'executions_price_on_insert before row',
  'executions_check_parent after row',
  'executions_book_usage_insert after statement', 'executions_emit_run_failed_on_insert after statement',
  'executions_rollup_deltas_on_insert after statement', 'executions_track_error_patterns_insert after statement'
], 'INSERT fires in the documented order');
select is(pg_temp.firing(16), array[
  'executions_enforce_status before row', 'executions_set_updated_at before row',
  'executions_check_parent after row', 'executions_sync_routing_outcome after row',
  'executions_book_usage_update after statement', 'executions_emit_run_failed_on_update after statement',
  'executions_rollup_deltas_on_update_new after statement', 'executions_rollup_deltas_on_update_old after statement',
  'executions_sync_approvals after statement', 'executions_track_error_patterns_update after statement'
], 'UPDATE fires in the documented order');
select is(pg_temp.firing(8), array[
  'executions_history_on_delete after statement', 'executions_rollup_deltas_on_delete after statement'
], 'DELETE fires in the documented order');

select * from finish();
rollback;
