-- Every trigger on public.executions, in one place and in the order Postgres fires them. The table
-- and its status machine are in 20261122001200_create_executions.sql; the functions these triggers
-- call belong to the areas created after it (quotas, pricing, governance, rollups, alerts,
-- learning, history), which is why the triggers are attached here, after the last of them, and not
-- beside the table. A guard (tests/guards/one-definition.test.ts) keeps every trigger on runs in
-- this file, and supabase/tests/database/runs/triggers.test.sql pins the list below against the
-- catalog.
--
-- How Postgres orders them: for each event, BEFORE ROW triggers run per row, by name; AFTER ROW
-- triggers run at the end of the statement, by name; then AFTER STATEMENT triggers, by name. The
-- statement triggers read transition tables (new_runs, old_runs, ...): one call per statement,
-- set-based, whatever the batch size. No trigger here reads what another trigger of the same
-- statement wrote, so their order is Postgres's and not a contract.
--
--   INSERT  before row        executions_enforce_status, executions_price_on_insert
--           after row         executions_check_parent
--           after statement   executions_book_usage_insert, executions_emit_run_failed_on_insert,
--                             executions_rollup_deltas_on_insert, executions_track_error_patterns_insert
--   UPDATE  before row        executions_enforce_status, executions_set_updated_at
--           after row         executions_check_parent, executions_sync_routing_outcome
--           after statement   executions_book_usage_update, executions_emit_run_failed_on_update,
--                             executions_rollup_deltas_on_update_new, executions_rollup_deltas_on_update_old,
--                             executions_sync_approvals, executions_track_error_patterns_update
--   DELETE  after statement   executions_history_on_delete, executions_rollup_deltas_on_delete


-- The status machine, updated_at and the parent check (runs: 20261122001200_create_executions.sql,
-- tenancy: update_updated_at_column)
create trigger executions_enforce_status before insert or update of status, ended_at, started_at, duration_ms, error_type, error_message on public.executions
  for each row execute function private.enforce_execution_status();
create trigger executions_set_updated_at before update on public.executions for each row execute function public.update_updated_at_column();
-- the parent, kept without a foreign key, is a run of the workspace (live or archived)
create trigger executions_check_parent after insert or update of parent_execution_id, workspace_id on public.executions
  for each row when (new.parent_execution_id is not null)
  execute function private.check_run_reference();

-- Pricing: a run with tokens and a model but no cost is priced from model_prices as it is inserted
-- (20261122001800_create_repricing.sql)
create trigger executions_price_on_insert before insert on public.executions
  for each row when (new.cost_source = 'none' and new.model is not null and new.tokens_in + new.tokens_out > 0 and new.model_price_id is null)
  execute function private.price_new_execution();

-- Usage: tokens and cost booked to agent_usage on the UTC day each run started, once, whatever path
-- wrote the run; over-limit runs marked and breaches queued; n8n workflow counters
-- (20261122001400_create_quotas.sql)
create trigger executions_book_usage_insert after insert on public.executions
  referencing new table as new_runs
  for each statement execute function private.book_run_usage();
create trigger executions_book_usage_update after update on public.executions
  referencing old table as old_runs new table as new_runs
  for each statement execute function private.book_run_usage();

-- Governance: a run waiting for approval cannot resume while its approval is pending, and a run
-- that ends cancels its pending approvals (20261122004100_create_approvals_and_authorize.sql)
create trigger executions_sync_approvals after update on public.executions
  referencing old table as old_runs new table as new_runs
  for each statement execute function private.sync_approvals_with_runs();

-- Rollups: each statement's runs summed per (workspace, agent, hour) into the delta log the hourly
-- job applies; inserts add, updates add the new rows and subtract the old, deletes subtract,
-- retention deletes seal instead (20261122005000_create_hourly_rollups.sql)
create trigger executions_rollup_deltas_on_insert after insert on public.executions
  referencing new table as changed_rows
  for each statement execute function private.executions_record_deltas('1');
create trigger executions_rollup_deltas_on_update_new after update on public.executions
  referencing new table as changed_rows
  for each statement execute function private.executions_record_deltas('1');
create trigger executions_rollup_deltas_on_update_old after update on public.executions
  referencing old table as changed_rows
  for each statement execute function private.executions_record_deltas('-1');
create trigger executions_rollup_deltas_on_delete after delete on public.executions
  referencing old table as changed_rows
  for each statement execute function private.executions_record_deltas('-1');

-- Alerts: run.failed events into the outbox for runs that fail (20261122005400_create_alerts.sql)
create trigger executions_emit_run_failed_on_insert after insert on public.executions
  referencing new table as new_rows
  for each statement execute function private.executions_emit_run_failed();
create trigger executions_emit_run_failed_on_update after update on public.executions
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.executions_emit_run_failed();

-- Learning: failures fingerprinted into error_patterns (20261122006100_create_error_patterns.sql); a
-- routing decision mirrors the outcome of the run it started (20261122006250_create_routing.sql);
-- deleted runs seal (retention) or queue (any other delete) their history days
-- (20261122006500_create_history.sql)
create trigger executions_track_error_patterns_insert after insert on public.executions
  referencing new table as new_runs
  for each statement execute function private.track_error_patterns();
create trigger executions_track_error_patterns_update after update on public.executions
  referencing old table as old_runs new table as new_runs
  for each statement execute function private.track_error_patterns();
create trigger executions_sync_routing_outcome after update of status, cost_usd, duration_ms on public.executions
  for each row when (old.status is distinct from new.status or old.cost_usd is distinct from new.cost_usd
    or old.duration_ms is distinct from new.duration_ms)
  execute function private.sync_routing_outcome();
create trigger executions_history_on_delete after delete on public.executions
  referencing old table as gone
  for each statement execute function private.history_note_deleted_runs();
