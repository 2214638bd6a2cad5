-- Quality and reputation (seed 004): evaluations of runs (rli_evaluations: vendor, model version,
-- quality/reliability/value scores 0-100, verdict), efficiency measurements, and the reputation
-- ledger rep_transactions. The ledger is append-only: balance_after is computed by the database
-- under a per-agent lock (the agent's rep_balances row), never negative, never edited;
-- corrections are reversals. An arriving evaluation scores its run's agent automatically by the
-- workspace's rules (workspaces.settings -> 'reputation'). rli_evaluations and rep_history are
-- the seeds' names, as views.

create table public.evaluations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  execution_id uuid not null,
  agent_id uuid,
  evaluator_vendor text not null,
  model_version text not null,
  quality_score numeric(6, 3) not null,
  reliability_score numeric(6, 3) not null,
  value_score numeric(6, 3) not null,
  verdict text not null,
  details jsonb not null default '{}'::jsonb,
  evaluator_agent_id uuid,
  evaluated_by uuid references auth.users (id) on delete set null,
  evaluated_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  constraint evaluations_dedupe_key unique (execution_id, evaluator_vendor, model_version, evaluated_at),
  constraint evaluations_id_workspace_key unique (id, workspace_id),
  constraint evaluations_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (agent_id),
  constraint evaluations_evaluator_agent_fkey foreign key (evaluator_agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (evaluator_agent_id),
  constraint evaluations_quality_score_range check (quality_score between 0 and 100),
  constraint evaluations_reliability_score_range check (reliability_score between 0 and 100),
  constraint evaluations_value_score_range check (value_score between 0 and 100),
  constraint evaluations_verdict_valid check (verdict in ('pass', 'borderline', 'fail')),
  constraint evaluations_evaluator_vendor_length check (char_length(evaluator_vendor) between 1 and 100),
  constraint evaluations_model_version_length check (char_length(model_version) between 1 and 100),
  constraint evaluations_details_object check (jsonb_typeof(details) = 'object')
);
comment on table public.evaluations is 'An evaluation of a run by an evaluator (seed 004 rli_evaluations): quality, reliability and value scores 0-100 and a verdict. Insert-only; each one scores the run''s agent in rep_transactions by the workspace''s rules.';
comment on column public.evaluations.agent_id is 'The evaluated run''s agent (set by the database from the run).';
comment on column public.evaluations.evaluator_agent_id is 'The agent that posted the evaluation, when an agent did; an agent never evaluates its own runs.';
comment on column public.evaluations.evaluated_by is 'The person who posted the evaluation, when a person did.';
comment on column public.evaluations.details is 'Anything else the evaluator reports, e.g. rubric items.';

create table public.efficiency_measurements (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  execution_id uuid not null,
  agent_id uuid,
  throughput_per_hour numeric(12, 3) not null,
  success_rate numeric(6, 5) not null,
  latency_p50_ms numeric(12, 3) not null,
  latency_p95_ms numeric(12, 3) not null,
  cpu_seconds numeric(12, 3) not null,
  memory_mb_avg numeric(12, 3) not null,
  measured_by uuid references auth.users (id) on delete set null,
  measured_by_agent_id uuid,
  measured_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  constraint efficiency_measurements_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (agent_id),
  constraint efficiency_measurements_measured_by_agent_fkey foreign key (measured_by_agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (measured_by_agent_id),
  constraint efficiency_measurements_throughput_nonnegative check (throughput_per_hour >= 0),
  constraint efficiency_measurements_success_rate_range check (success_rate between 0 and 1),
  constraint efficiency_measurements_latency_nonnegative check (latency_p50_ms >= 0 and latency_p95_ms >= 0),
  constraint efficiency_measurements_latency_order check (latency_p50_ms <= latency_p95_ms),
  constraint efficiency_measurements_cpu_nonnegative check (cpu_seconds >= 0),
  constraint efficiency_measurements_memory_nonnegative check (memory_mb_avg >= 0)
);
comment on table public.efficiency_measurements is 'How efficiently a run (or the batch it stands for) went (seed 004): throughput, success rate 0-1, p50/p95 latency, CPU and memory. Insert-only.';
comment on column public.efficiency_measurements.agent_id is 'The measured run''s agent (set by the database from the run).';

create table public.rep_balances (
  agent_id uuid primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  balance numeric(18, 6) not null default 0,
  transaction_count bigint not null default 0,
  last_transaction_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint rep_balances_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id),
  constraint rep_balances_balance_nonnegative check (balance >= 0),
  constraint rep_balances_transaction_count_nonnegative check (transaction_count >= 0)
);
comment on table public.rep_balances is 'Each agent''s reputation account: the current balance and the number of ledger entries. Written only by the ledger trigger, whose lock on this row serializes an agent''s transactions.';

create table public.rep_transactions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  agent_seq bigint not null,
  execution_id uuid,
  evaluation_id uuid,
  tx_type text not null,
  delta_rep numeric(18, 6) not null,
  requested_delta_rep numeric(18, 6),
  balance_after numeric(18, 6) not null,
  reason_code text not null,
  note text,
  reverses_transaction_id uuid references public.rep_transactions (id) on delete cascade,
  created_by uuid references auth.users (id) on delete set null,
  occurred_at timestamptz not null default now(),
  constraint rep_transactions_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id),
  constraint rep_transactions_agent_seq_key unique (agent_id, agent_seq),
  constraint rep_transactions_evaluation_fkey foreign key (evaluation_id, workspace_id) references public.evaluations (id, workspace_id) on delete set null (evaluation_id),
  constraint rep_transactions_reverses_key unique (reverses_transaction_id),
  constraint rep_transactions_tx_type_valid check (tx_type in ('award', 'penalty', 'adjustment', 'reversal')),
  constraint rep_transactions_delta_nonzero check (delta_rep <> 0),
  constraint rep_transactions_sign_matches_type check ((tx_type <> 'award' or delta_rep > 0) and (tx_type <> 'penalty' or delta_rep < 0)),
  constraint rep_transactions_balance_nonnegative check (balance_after >= 0),
  constraint rep_transactions_reversal_has_target check ((tx_type = 'reversal') = (reverses_transaction_id is not null)),
  constraint rep_transactions_reason_code_format check (reason_code ~ '^[a-z][a-z0-9_.]{0,63}$'),
  constraint rep_transactions_agent_seq_positive check (agent_seq > 0)
);
comment on table public.rep_transactions is 'The reputation ledger (seed 004): append-only, never edited; a correction is a reversal. balance_after is computed by the database under a lock on the agent''s account and is never negative: a penalty takes at most what the agent has (requested_delta_rep keeps what was asked), an adjustment or reversal that would go below zero is refused.';
comment on column public.rep_transactions.agent_seq is 'The transaction''s number in its agent''s ledger: 1, 2, 3, ... without gaps. balance_after of n = balance_after of n-1 + delta_rep.';
comment on column public.rep_transactions.delta_rep is 'The signed change: award > 0, penalty < 0, adjustment either, reversal the opposite of the reversed transaction.';
comment on column public.rep_transactions.requested_delta_rep is 'For a penalty reduced to the balance: the penalty asked for; null otherwise.';
comment on column public.rep_transactions.reason_code is 'Normalized reason, e.g. evaluation_pass, evaluation_fail, manual_adjustment, reversal.';
comment on column public.rep_transactions.evaluation_id is 'The evaluation that caused an automatic award or penalty.';

create index evaluations_workspace_evaluated_idx on public.evaluations (workspace_id, evaluated_at desc);
create index evaluations_execution_evaluated_idx on public.evaluations (execution_id, evaluated_at desc);
create index evaluations_execution_id_workspace_idx on public.evaluations (execution_id, workspace_id);
create index evaluations_agent_id_workspace_idx on public.evaluations (agent_id, workspace_id);
create index evaluations_evaluator_agent_id_idx on public.evaluations (evaluator_agent_id, workspace_id);
create index evaluations_evaluated_by_idx on public.evaluations (evaluated_by);
create index evaluations_evaluated_at_idx on public.evaluations (evaluated_at desc);
create index efficiency_measurements_workspace_measured_idx on public.efficiency_measurements (workspace_id, measured_at desc);
create index efficiency_measurements_execution_measured_idx on public.efficiency_measurements (execution_id, measured_at desc);
create index efficiency_measurements_execution_id_workspace_idx on public.efficiency_measurements (execution_id, workspace_id);
create index efficiency_measurements_agent_id_workspace_idx on public.efficiency_measurements (agent_id, workspace_id);
create index efficiency_measurements_measured_by_agent_id_idx on public.efficiency_measurements (measured_by_agent_id, workspace_id);
create index efficiency_measurements_measured_by_idx on public.efficiency_measurements (measured_by);
create index efficiency_measurements_measured_at_idx on public.efficiency_measurements (measured_at desc);
create index rep_balances_agent_workspace_idx on public.rep_balances (agent_id, workspace_id);
create index rep_balances_workspace_id_idx on public.rep_balances (workspace_id, balance desc);
create index rep_transactions_agent_id_workspace_idx on public.rep_transactions (agent_id, workspace_id);
create index rep_transactions_agent_occurred_idx on public.rep_transactions (agent_id, occurred_at desc);
create index rep_transactions_workspace_occurred_idx on public.rep_transactions (workspace_id, occurred_at desc);
create index rep_transactions_occurred_at_idx on public.rep_transactions (occurred_at desc);
create index rep_transactions_type_occurred_idx on public.rep_transactions (tx_type, occurred_at desc);
create index rep_transactions_execution_id_idx on public.rep_transactions (execution_id, workspace_id) where execution_id is not null;
create index rep_transactions_evaluation_id_idx on public.rep_transactions (evaluation_id, workspace_id) where evaluation_id is not null;
create index rep_transactions_created_by_idx on public.rep_transactions (created_by);
create unique index rep_transactions_one_per_evaluation_idx on public.rep_transactions (evaluation_id) where evaluation_id is not null;

create trigger rep_balances_set_updated_at before update on public.rep_balances
  for each row execute function public.update_updated_at_column();

-- an evaluation or an efficiency measurement concerns a finished run of the workspace, not one of the
-- agent that writes it: the row takes the run's agent (one body for both tables; the trigger's
-- argument is the verb its messages use)
create function private.fill_from_finished_run()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run record;
  v_verb text := coalesce(tg_argv[0], 'use');
begin
  select e.agent_id, e.status into v_run
  from public.executions e
  where e.id = new.execution_id and e.workspace_id = new.workspace_id;
  if not found then
    raise exception 'no run % in this workspace', new.execution_id
      using errcode = 'AO404', column = 'execution_id', hint = 'run_not_found';
  end if;
  if not private.is_terminal_status(v_run.status) then
    raise exception 'the run is still %: % it when it has finished', v_run.status, v_verb
      using errcode = 'AO409', column = 'execution_id', hint = 'run_not_finished';
  end if;
  if tg_table_name = 'evaluations' and (to_jsonb(new) ->> 'evaluator_agent_id')::uuid = v_run.agent_id then
    raise exception 'an agent cannot evaluate its own runs'
      using errcode = 'AO403', column = 'execution_id', hint = 'self_evaluation';
  end if;
  new.agent_id := v_run.agent_id;
  return new;
end;
$$;
comment on function private.fill_from_finished_run() is
  'Trigger on evaluations and efficiency_measurements: the run must exist in the workspace (AO404) and have finished (AO409); an agent may not evaluate its own run (AO403, evaluations); the row takes the run''s agent. Security definer: an evaluating or measuring agent cannot read other agents'' runs itself. Argument: the verb of the AO409 message.';

create trigger evaluations_fill_from_run before insert on public.evaluations
  for each row execute function private.fill_from_finished_run('evaluate');

create trigger efficiency_measurements_fill_from_run before insert on public.efficiency_measurements
  for each row execute function private.fill_from_finished_run('measure');

-- the ledger: balance under the agent's lock
create function private.apply_rep_transaction()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_account public.rep_balances%rowtype;
  v_original public.rep_transactions%rowtype;
begin
  -- the agent's account, created at zero on first use, then locked until the transaction ends:
  -- every other writer for this agent waits here and then sees this one's balance
  insert into public.rep_balances (agent_id, workspace_id) values (new.agent_id, new.workspace_id)
  on conflict on constraint rep_balances_pkey do nothing;
  select * into v_account from public.rep_balances b where b.agent_id = new.agent_id for update;
  if v_account.workspace_id <> new.workspace_id then
    raise exception 'agent % does not belong to workspace %', new.agent_id, new.workspace_id
      using errcode = 'AO422', column = 'agent_id', hint = 'validation_failed';
  end if;

  if new.tx_type = 'reversal' then
    select * into v_original from public.rep_transactions t where t.id = new.reverses_transaction_id;
    if not found or v_original.agent_id <> new.agent_id then
      raise exception 'no transaction % of this agent to reverse', new.reverses_transaction_id
        using errcode = 'AO404', column = 'reverses_transaction_id', hint = 'transaction_not_found';
    end if;
    if v_original.tx_type = 'reversal' then
      raise exception 'a reversal cannot be reversed: record a new transaction instead'
        using errcode = 'AO409', column = 'reverses_transaction_id', hint = 'cannot_reverse_reversal';
    end if;
    if exists (select 1 from public.rep_transactions t where t.reverses_transaction_id = new.reverses_transaction_id) then
      raise exception 'transaction % has been reversed already', new.reverses_transaction_id
        using errcode = 'AO409', column = 'reverses_transaction_id', hint = 'already_reversed';
    end if;
    new.delta_rep := -v_original.delta_rep;
    new.execution_id := coalesce(new.execution_id, v_original.execution_id);
  end if;

  new.requested_delta_rep := null;
  if new.tx_type = 'penalty' and v_account.balance + new.delta_rep < 0 then
    -- a penalty takes at most what the agent has; nothing to take, nothing to record
    new.requested_delta_rep := new.delta_rep;
    new.delta_rep := -v_account.balance;
    if new.delta_rep = 0 then
      return null;
    end if;
  end if;
  if v_account.balance + new.delta_rep < 0 then
    raise exception 'the balance of agent % is %, a change of % would make it negative', new.agent_id, v_account.balance, new.delta_rep
      using errcode = 'AO409', column = 'delta_rep', hint = 'insufficient_balance';
  end if;

  new.agent_seq := v_account.transaction_count + 1;
  new.balance_after := v_account.balance + new.delta_rep;
  update public.rep_balances b set
    balance = new.balance_after,
    transaction_count = new.agent_seq,
    last_transaction_at = greatest(b.last_transaction_at, new.occurred_at)
  where b.agent_id = new.agent_id;
  return new;
end;
$$;
comment on function private.apply_rep_transaction() is
  'Trigger before insert on rep_transactions: locks the agent''s rep_balances row (created at zero on first use), numbers the transaction (agent_seq), computes balance_after, and keeps it non-negative: a penalty is reduced to the balance (skipped at zero), any other change that would go negative raises AO409. A reversal takes the opposite of the reversed delta; a transaction is reversed at most once. Security definer: rep_balances is not writable by clients.';

create trigger rep_transactions_apply before insert on public.rep_transactions
  for each row execute function private.apply_rep_transaction();

-- never edited: only the foreign keys' own "set null" on deleted runs and evaluations may touch a row
create function private.guard_rep_transaction_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.workspace_id, new.agent_id, new.agent_seq, new.tx_type, new.delta_rep, new.requested_delta_rep, new.balance_after,
      new.reason_code, new.note, new.reverses_transaction_id, new.created_by, new.occurred_at)
     is distinct from (old.id, old.workspace_id, old.agent_id, old.agent_seq, old.tx_type, old.delta_rep, old.requested_delta_rep,
      old.balance_after, old.reason_code, old.note, old.reverses_transaction_id, old.created_by, old.occurred_at)
     or (new.execution_id is distinct from old.execution_id and new.execution_id is not null)
     or (new.evaluation_id is distinct from old.evaluation_id and new.evaluation_id is not null) then
    raise exception 'the reputation ledger is append-only: record a reversal instead of editing a transaction'
      using errcode = 'AO409', hint = 'ledger_append_only';
  end if;
  return new;
end;
$$;
comment on function private.guard_rep_transaction_update() is 'Trigger: rep_transactions rows are never edited (AO409), except that a deleted run or evaluation clears its reference.';

create trigger rep_transactions_guard_update before update on public.rep_transactions
  for each row execute function private.guard_rep_transaction_update();
-- the run id is kept without a foreign key (the ledger outlives its runs' retention): checked when written
create trigger rep_transactions_check_run before insert on public.rep_transactions
  for each row execute function private.check_run_reference();

-- the workspace's scoring rules: a number from settings.reputation, or the default
create function private.reputation_setting(settings jsonb, path text[], fallback numeric)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select case when jsonb_typeof(reputation_setting.settings -> 'reputation' #> reputation_setting.path) = 'number'
    then (reputation_setting.settings -> 'reputation' #>> reputation_setting.path)::numeric
    else reputation_setting.fallback end
$$;
comment on function private.reputation_setting(jsonb, text[], numeric) is 'A numeric reputation rule from workspaces.settings.reputation at path, or fallback when it is absent or not a number.';

-- scoring: an evaluation awards (pass), penalizes (fail) or, if the workspace says so, awards a borderline run
create function private.score_evaluation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_settings jsonb;
  v_wq numeric;
  v_wr numeric;
  v_wv numeric;
  v_composite numeric;
  v_delta numeric;
begin
  if new.agent_id is null then
    return null; -- a run without an agent (n8n) has no account
  end if;
  select w.settings into v_settings from public.workspaces w where w.id = new.workspace_id;
  v_wq := greatest(private.reputation_setting(v_settings, '{weights,quality}', 1), 0);
  v_wr := greatest(private.reputation_setting(v_settings, '{weights,reliability}', 1), 0);
  v_wv := greatest(private.reputation_setting(v_settings, '{weights,value}', 1), 0);
  if v_wq + v_wr + v_wv = 0 then
    v_wq := 1; v_wr := 1; v_wv := 1;
  end if;
  v_composite := (v_wq * new.quality_score + v_wr * new.reliability_score + v_wv * new.value_score) / (v_wq + v_wr + v_wv);
  v_delta := round(case new.verdict
    when 'pass' then greatest(private.reputation_setting(v_settings, '{award_pass}', 10), 0) * v_composite / 100
    when 'borderline' then greatest(private.reputation_setting(v_settings, '{award_borderline}', 0), 0) * v_composite / 100
    else -greatest(private.reputation_setting(v_settings, '{penalty_fail}', 5), 0)
  end, 6);
  if v_delta = 0 then
    return null;
  end if;
  insert into public.rep_transactions (workspace_id, agent_id, execution_id, evaluation_id, tx_type, delta_rep, reason_code, occurred_at)
  values (new.workspace_id, new.agent_id, new.execution_id, new.id, case when v_delta > 0 then 'award' else 'penalty' end, v_delta,
    'evaluation_' || new.verdict, new.evaluated_at);
  return null;
end;
$$;
comment on function private.score_evaluation() is
  'Trigger after insert on evaluations: scores the run''s agent by the workspace''s rules (workspaces.settings.reputation, defaults in brackets): composite = weighted mean of the three scores (weights.quality/reliability/value [1/1/1]); pass awards award_pass [10] x composite/100; borderline awards award_borderline [0] x composite/100; fail costs penalty_fail [5] (never below a zero balance). Security definer: the ledger is not writable by evaluators.';

create trigger evaluations_score after insert on public.evaluations
  for each row execute function private.score_evaluation();

-- which run an evaluator means, and whether it may evaluate it (for the evaluations endpoint)
create function private.resolve_evaluated_run(execution_id uuid, run_key text, workspace_id uuid, caller_agent_id uuid)
returns table (run_id uuid, run_workspace_id uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_ws uuid;
  v_field text := case when resolve_evaluated_run.execution_id is not null then 'execution_id' else 'run_key' end;
begin
  if (resolve_evaluated_run.execution_id is null) = (resolve_evaluated_run.run_key is null) then
    raise exception 'name the run by execution_id or by run_key (one of them)'
      using errcode = 'AO422', column = 'execution_id', hint = 'validation_failed';
  end if;
  if resolve_evaluated_run.caller_agent_id is not null then
    -- an agent evaluates runs of its own workspace
    v_ws := ((select auth.jwt()) ->> 'workspace_id')::uuid;
    if resolve_evaluated_run.workspace_id is not null and resolve_evaluated_run.workspace_id <> v_ws then
      raise exception 'an agent evaluates runs of its own workspace only'
        using errcode = 'AO403', column = 'workspace_id', hint = 'other_workspace';
    end if;
  elsif (select auth.uid()) is null or private.is_agent_token() then
    raise exception 'sign in to evaluate runs' using errcode = 'AO401', hint = 'not_authenticated';
  elsif resolve_evaluated_run.execution_id is not null then
    select e.workspace_id into v_ws from public.executions e where e.id = resolve_evaluated_run.execution_id;
  else
    if resolve_evaluated_run.workspace_id is null then
      raise exception 'workspace_id is required with run_key' using errcode = 'AO422', column = 'workspace_id', hint = 'validation_failed';
    end if;
    v_ws := resolve_evaluated_run.workspace_id;
  end if;

  select e.id into v_id from public.executions e
  where e.workspace_id = v_ws
    and (e.id = resolve_evaluated_run.execution_id or e.run_key = resolve_evaluated_run.run_key);
  -- a person outside the workspace learns nothing about its runs
  if v_id is null or (resolve_evaluated_run.caller_agent_id is null and not private.has_role(v_ws, 'viewer')) then
    raise exception 'no such run visible to you' using errcode = 'AO404', column = v_field, hint = 'run_not_found';
  end if;
  if resolve_evaluated_run.caller_agent_id is null and not private.has_role(v_ws, 'member') then
    raise exception 'viewers cannot evaluate runs: a member role is needed' using errcode = 'AO403', hint = 'member_required';
  end if;
  return query select v_id, v_ws;
end;
$$;
comment on function private.resolve_evaluated_run(uuid, text, uuid, uuid) is
  'For the evaluations endpoint: the run named by execution_id or run_key (exactly one; a person gives workspace_id with run_key), checked against the caller: an agent (caller_agent_id) reaches runs of its own workspace, a person must be a member of the run''s workspace (a non-member gets AO404, a viewer AO403). Security definer: evaluator agents cannot read other agents'' runs.';

-- the endpoint's single call: who is asking, which run, then one insert (the triggers do the rest)
create function private.record_evaluation(evaluation jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_e record;
  v_run record;
  v_agent uuid := private.current_agent_id();
  v_user uuid := case when private.is_agent_token() then null else (select auth.uid()) end;
  v_id uuid;
  v_bad record;
  v_created boolean := true;
  v_result jsonb;
begin
  if private.is_agent_token() and v_agent is null then
    raise exception 'the agent''s key has been revoked or has expired, or the agent is not active'
      using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if jsonb_typeof(record_evaluation.evaluation) is distinct from 'object' then
    raise exception 'the evaluation must be a JSON object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;
  select * into v_e from jsonb_to_record(record_evaluation.evaluation) as x (
    execution_id uuid, run_key text, workspace_id uuid, evaluator_vendor text, model_version text, quality_score numeric,
    reliability_score numeric, value_score numeric, verdict text, details jsonb, evaluated_at timestamptz);
  -- what zod checks at the edge, checked again here for every other client
  select f.field, f.message into v_bad
  from (values
    (v_e.evaluator_vendor is null or char_length(v_e.evaluator_vendor) not between 1 and 100, 'evaluator_vendor', 'is required (1-100 characters)'),
    (v_e.model_version is null or char_length(v_e.model_version) not between 1 and 100, 'model_version', 'is required (1-100 characters)'),
    (v_e.quality_score is null or v_e.quality_score not between 0 and 100, 'quality_score', 'is required, between 0 and 100'),
    (v_e.reliability_score is null or v_e.reliability_score not between 0 and 100, 'reliability_score', 'is required, between 0 and 100'),
    (v_e.value_score is null or v_e.value_score not between 0 and 100, 'value_score', 'is required, between 0 and 100'),
    (v_e.verdict is null or v_e.verdict not in ('pass', 'borderline', 'fail'), 'verdict', 'must be pass, borderline or fail'),
    (v_e.details is not null and jsonb_typeof(v_e.details) <> 'object', 'details', 'must be an object')
  ) as f (bad, field, message)
  where f.bad
  limit 1;
  if found then
    raise exception '%: %', v_bad.field, v_bad.message using errcode = 'AO422', column = v_bad.field, hint = 'validation_failed';
  end if;
  select r.run_id as id, r.run_workspace_id as workspace_id into v_run
  from private.resolve_evaluated_run(v_e.execution_id, v_e.run_key, v_e.workspace_id, v_agent) r;

  insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score,
    value_score, verdict, details, evaluator_agent_id, evaluated_by, evaluated_at)
  values (v_run.workspace_id, v_run.id, v_e.evaluator_vendor, v_e.model_version, v_e.quality_score, v_e.reliability_score,
    v_e.value_score, v_e.verdict, coalesce(v_e.details, '{}'::jsonb), v_agent, v_user, coalesce(v_e.evaluated_at, now()))
  on conflict on constraint evaluations_dedupe_key do nothing
  returning id into v_id;
  if v_id is null then
    -- the same evaluation again (a retry): answer with the stored one, score nothing twice
    v_created := false;
    select ev.id into v_id from public.evaluations ev
    where ev.execution_id = v_run.id and ev.evaluator_vendor = v_e.evaluator_vendor and ev.model_version = v_e.model_version
      and ev.evaluated_at = coalesce(v_e.evaluated_at, now());
  end if;

  select jsonb_build_object(
    'created', v_created,
    'evaluation', to_jsonb(ev),
    'reputation', (select jsonb_build_object('transaction_id', t.id, 'tx_type', t.tx_type, 'delta_rep', t.delta_rep,
        'requested_delta_rep', t.requested_delta_rep, 'balance_after', t.balance_after, 'agent_seq', t.agent_seq)
      from public.rep_transactions t where t.evaluation_id = ev.id)
  ) into v_result
  from public.evaluations ev where ev.id = v_id;
  return v_result;
end;
$$;
comment on function private.record_evaluation(jsonb) is
  'Records one evaluation for the evaluations endpoint, called as the requester (JWT claims set): a person must be a member of the run''s workspace, an agent evaluates runs of its own workspace but not its own; the run is named by execution_id, or by run_key (with workspace_id for a person). The same evaluation posted again (same run, vendor, model version and evaluated_at) is answered with the stored one (created false) and scores nothing twice. Returns the evaluation and the reputation transaction it caused. Security definer: an evaluator agent may not read the runs it evaluates.';

create function private.record_efficiency_measurement(measurement jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_m record;
  v_run record;
  v_agent uuid := private.current_agent_id();
  v_user uuid := case when private.is_agent_token() then null else (select auth.uid()) end;
  v_row public.efficiency_measurements%rowtype;
  v_bad record;
begin
  if private.is_agent_token() and v_agent is null then
    raise exception 'the agent''s key has been revoked or has expired, or the agent is not active'
      using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if jsonb_typeof(record_efficiency_measurement.measurement) is distinct from 'object' then
    raise exception 'the measurement must be a JSON object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;
  select * into v_m from jsonb_to_record(record_efficiency_measurement.measurement) as x (
    execution_id uuid, run_key text, workspace_id uuid, throughput_per_hour numeric, success_rate numeric, latency_p50_ms numeric,
    latency_p95_ms numeric, cpu_seconds numeric, memory_mb_avg numeric, measured_at timestamptz);
  select f.field, f.message into v_bad
  from (values
    (v_m.throughput_per_hour is null or v_m.throughput_per_hour < 0, 'throughput_per_hour', 'is required and cannot be negative'),
    (v_m.success_rate is null or v_m.success_rate not between 0 and 1, 'success_rate', 'is required, a fraction between 0 and 1'),
    (v_m.latency_p50_ms is null or v_m.latency_p50_ms < 0, 'latency_p50_ms', 'is required and cannot be negative'),
    (v_m.latency_p95_ms is null or v_m.latency_p95_ms < 0, 'latency_p95_ms', 'is required and cannot be negative'),
    (v_m.latency_p95_ms < v_m.latency_p50_ms, 'latency_p95_ms', 'cannot be below latency_p50_ms'),
    (v_m.cpu_seconds is null or v_m.cpu_seconds < 0, 'cpu_seconds', 'is required and cannot be negative'),
    (v_m.memory_mb_avg is null or v_m.memory_mb_avg < 0, 'memory_mb_avg', 'is required and cannot be negative')
  ) as f (bad, field, message)
  where f.bad
  limit 1;
  if found then
    raise exception '%: %', v_bad.field, v_bad.message using errcode = 'AO422', column = v_bad.field, hint = 'validation_failed';
  end if;
  select r.run_id as id, r.run_workspace_id as workspace_id into v_run
  from private.resolve_evaluated_run(v_m.execution_id, v_m.run_key, v_m.workspace_id, v_agent) r;
  insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms,
    latency_p95_ms, cpu_seconds, memory_mb_avg, measured_by, measured_by_agent_id, measured_at)
  values (v_run.workspace_id, v_run.id, v_m.throughput_per_hour, v_m.success_rate, v_m.latency_p50_ms, v_m.latency_p95_ms,
    v_m.cpu_seconds, v_m.memory_mb_avg, v_user, v_agent, coalesce(v_m.measured_at, now()))
  returning * into v_row;
  return to_jsonb(v_row);
end;
$$;
comment on function private.record_efficiency_measurement(jsonb) is
  'Records one efficiency measurement for the evaluations endpoint, called as the requester (JWT claims set), with the same rules as record_evaluation for who may measure which run. Security definer: a measuring agent may not read the runs it measures.';

revoke all on function private.fill_from_finished_run() from public;
revoke all on function private.apply_rep_transaction() from public;
revoke all on function private.guard_rep_transaction_update() from public;
revoke all on function private.reputation_setting(jsonb, text[], numeric) from public;
revoke all on function private.score_evaluation() from public;
revoke all on function private.resolve_evaluated_run(uuid, text, uuid, uuid) from public;
revoke all on function private.record_evaluation(jsonb) from public;
revoke all on function private.record_efficiency_measurement(jsonb) from public;
grant execute on function private.record_evaluation(jsonb) to authenticated, service_role;
grant execute on function private.record_efficiency_measurement(jsonb) to authenticated, service_role;

-- the seeds' names
create view public.rli_evaluations with (security_invoker = true) as
select ev.id, ev.workspace_id, ev.execution_id, ev.evaluator_vendor, ev.model_version, ev.quality_score, ev.reliability_score,
  ev.value_score, ev.verdict, ev.evaluated_at
from public.evaluations ev;
comment on view public.rli_evaluations is 'Seed 004 rli_evaluations: evaluations with the seed''s columns.';

create view public.rep_history with (security_invoker = true) as
select t.id, t.workspace_id, t.agent_id, t.execution_id, t.tx_type, t.tx_type as change_type, t.delta_rep, t.delta_rep as delta,
  t.balance_after, t.balance_after as rep_after, t.reason_code, t.reason_code as reason, t.occurred_at, t.occurred_at as created_at
from public.rep_transactions t;
comment on view public.rep_history is 'Seed 004''s legacy rep_history, superseded by rep_transactions: the ledger under both the old and the new column names.';

grant select on public.rli_evaluations, public.rep_history to authenticated;
revoke all on public.rli_evaluations, public.rep_history from anon;
revoke insert, update, delete, truncate on public.rli_evaluations, public.rep_history from authenticated;

revoke all on public.evaluations, public.efficiency_measurements, public.rep_balances, public.rep_transactions from anon, authenticated;
grant select on public.evaluations, public.efficiency_measurements, public.rep_balances, public.rep_transactions to authenticated;
grant delete on public.evaluations, public.efficiency_measurements to authenticated;
grant insert (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict,
  details, evaluator_agent_id, evaluated_by, evaluated_at) on public.evaluations to authenticated;
grant insert (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms, latency_p95_ms, cpu_seconds,
  memory_mb_avg, measured_by, measured_by_agent_id, measured_at) on public.efficiency_measurements to authenticated;
grant insert (workspace_id, agent_id, execution_id, tx_type, delta_rep, reason_code, note, reverses_transaction_id, created_by)
  on public.rep_transactions to authenticated;

alter table public.evaluations enable row level security;
alter table public.efficiency_measurements enable row level security;
alter table public.rep_balances enable row level security;
alter table public.rep_transactions enable row level security;

-- evaluations and measurements: viewers read; the evaluated agent and the evaluating agent read
-- theirs; members and the workspace's agents (not for their own runs) post; admins delete
create policy evaluations_select on public.evaluations for select to authenticated
  using (
    workspace_id in (select private.workspace_ids('viewer'))
    or agent_id = (select private.current_agent_id())
    or evaluator_agent_id = (select private.current_agent_id())
  );
create policy evaluations_insert on public.evaluations for insert to authenticated
  with check (
    ((select private.has_role(workspace_id, 'member')) and evaluator_agent_id is null and evaluated_by = (select auth.uid()))
    or (evaluator_agent_id = (select private.current_agent_id()) and evaluated_by is null)
  );
create policy evaluations_delete on public.evaluations for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

create policy efficiency_measurements_select on public.efficiency_measurements for select to authenticated
  using (
    workspace_id in (select private.workspace_ids('viewer'))
    or agent_id = (select private.current_agent_id())
    or measured_by_agent_id = (select private.current_agent_id())
  );
create policy efficiency_measurements_insert on public.efficiency_measurements for insert to authenticated
  with check (
    ((select private.has_role(workspace_id, 'member')) and measured_by_agent_id is null and measured_by = (select auth.uid()))
    or (measured_by_agent_id = (select private.current_agent_id()) and measured_by is null)
  );
create policy efficiency_measurements_delete on public.efficiency_measurements for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

-- reputation: viewers read; an agent reads its own; admins record adjustments and reversals
create policy rep_balances_select on public.rep_balances for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy rep_transactions_select on public.rep_transactions for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy rep_transactions_insert on public.rep_transactions for insert to authenticated
  with check (
    (select private.has_role(workspace_id, 'admin'))
    and tx_type in ('adjustment', 'reversal')
    and created_by = (select auth.uid())
  );
