-- Agent chains (seed 003 agent_chaining_patterns): sequences of agents that hand work to each
-- other, read from parent/child runs (executions.parent_execution_id). A chain is the sequence
-- of agents on a path from a root run (no parent) down to a run with no child; each such path
-- of at least two finished runs is one use of its chain. Recomputed on schedule by
-- private.recompute_agent_chains() (job learning-agent-chains), over the last 90 days.

create table public.agent_chains (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_ids uuid[] not null,
  chain_length int generated always as (cardinality(agent_ids)) stored,
  run_count int not null,
  success_count int not null,
  success_rate numeric(5, 2) not null,
  total_cost_usd numeric(16, 6) not null,
  avg_cost_usd numeric(16, 6) not null,
  avg_duration_ms int,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  window_days int not null,
  computed_at timestamptz not null default now(),
  constraint agent_chains_workspace_agents_key unique (workspace_id, agent_ids),
  constraint agent_chains_length_min check (cardinality(agent_ids) between 2 and 20),
  constraint agent_chains_counts_valid check (run_count > 0 and success_count between 0 and run_count),
  constraint agent_chains_success_rate_range check (success_rate between 0 and 100),
  constraint agent_chains_cost_nonnegative check (total_cost_usd >= 0 and avg_cost_usd >= 0),
  constraint agent_chains_window_positive check (window_days > 0)
);
comment on table public.agent_chains is 'Chains of agents handing work to each other (seed 003 agent_chaining_patterns), from parent/child runs: per distinct sequence of agents, how often it ran over the window, how often every run on it succeeded, and what it cost. Kept by the job learning-agent-chains; read-only for clients.';
comment on column public.agent_chains.agent_ids is 'The agents in hand-over order, first = the agent of the root run.';
comment on column public.agent_chains.run_count is 'Paths (root run to last run) with this sequence whose runs had all finished, in the window.';
comment on column public.agent_chains.success_count is 'Of those, the paths on which every run succeeded.';
comment on column public.agent_chains.success_rate is 'Percent 0-100: success_count / run_count.';
comment on column public.agent_chains.total_cost_usd is 'Sum over the paths of the cost of the runs on the path.';
comment on column public.agent_chains.avg_cost_usd is 'Cost per use of the chain: total_cost_usd / run_count.';
comment on column public.agent_chains.avg_duration_ms is 'Mean time from the root run''s start to the last run''s end.';

create index agent_chains_workspace_runs_idx on public.agent_chains (workspace_id, run_count desc);
create index agent_chains_agent_ids_idx on public.agent_chains using gin (agent_ids);

create function private.recompute_agent_chains(window_days int default 90)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_since timestamptz := now() - make_interval(days => recompute_agent_chains.window_days);
  v_now timestamptz := clock_timestamp();
  v_count int;
begin
  if recompute_agent_chains.window_days is null or recompute_agent_chains.window_days < 1 then
    raise exception 'window_days must be at least 1' using errcode = 'AO422', column = 'window_days', hint = 'validation_failed';
  end if;

  insert into public.agent_chains as ac (workspace_id, agent_ids, run_count, success_count, success_rate, total_cost_usd,
    avg_cost_usd, avg_duration_ms, first_seen_at, last_seen_at, window_days, computed_at)
  with recursive paths as (
    select e.workspace_id, e.id, array[e.agent_id] as agent_ids, array[e.id] as run_ids, e.cost_usd::numeric as cost,
      (e.status = 'succeeded') as ok, private.is_terminal_status(e.status) as finished,
      e.started_at as first_start, coalesce(e.ended_at, e.started_at) as last_end
    from public.executions e
    where e.parent_execution_id is null
      and e.agent_id is not null
      and e.started_at >= v_since
    union all
    select c.workspace_id, c.id, p.agent_ids || c.agent_id, p.run_ids || c.id, p.cost + c.cost_usd,
      p.ok and c.status = 'succeeded', p.finished and private.is_terminal_status(c.status),
      p.first_start, greatest(p.last_end, coalesce(c.ended_at, c.started_at))
    from paths p
    join public.executions c on c.parent_execution_id = p.id and c.workspace_id = p.workspace_id
    where c.agent_id is not null
      and cardinality(p.run_ids) < 20
      and c.id <> all (p.run_ids)
  ),
  stats as (
    select p.workspace_id, p.agent_ids, count(*)::int as run_count, (count(*) filter (where p.ok))::int as success_count,
      sum(p.cost) as total_cost, round(avg(extract(epoch from (p.last_end - p.first_start)) * 1000))::int as avg_duration_ms,
      min(p.first_start) as first_seen, max(p.first_start) as last_seen
    from paths p
    where cardinality(p.agent_ids) >= 2
      and p.finished
      and not exists (
        select 1 from public.executions c
        where c.parent_execution_id = p.id and c.workspace_id = p.workspace_id and c.agent_id is not null)
    group by p.workspace_id, p.agent_ids
  )
  select s.workspace_id, s.agent_ids, s.run_count, s.success_count, round(100.0 * s.success_count / s.run_count, 2),
    s.total_cost, round(s.total_cost / s.run_count, 6), s.avg_duration_ms, s.first_seen, s.last_seen,
    recompute_agent_chains.window_days, v_now
  from stats s
  order by s.workspace_id, s.agent_ids
  on conflict on constraint agent_chains_workspace_agents_key do update set
    run_count = excluded.run_count, success_count = excluded.success_count, success_rate = excluded.success_rate,
    total_cost_usd = excluded.total_cost_usd, avg_cost_usd = excluded.avg_cost_usd, avg_duration_ms = excluded.avg_duration_ms,
    first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at, window_days = excluded.window_days,
    computed_at = excluded.computed_at;
  get diagnostics v_count = row_count;

  -- chains that no longer ran in the window: every chain that did was stamped with v_now above
  delete from public.agent_chains ac where ac.computed_at < v_now;

  return v_count;
end;
$$;
comment on function private.recompute_agent_chains(int) is
  'Job learning-agent-chains: recomputes agent_chains from the runs of the last window_days days (root run started in the window): every path from a root run to a run without children, of 2-20 runs that all finished, is one use of the chain of its agents; success when all succeeded; cost the sum of the runs'' costs. Chains that no longer occur are removed. Returns the number of chains. Security definer: runs as the scheduler, writes a read-only table.';

revoke all on function private.recompute_agent_chains(int) from public;

create view public.agent_chaining_patterns with (security_invoker = true) as
select c.id, c.workspace_id,
  array(select a.slug from unnest(c.agent_ids) with ordinality as x (agent_id, ord) join public.agents a on a.id = x.agent_id order by x.ord) as chain_sequence,
  c.agent_ids, c.chain_length, c.run_count as usage_count, c.success_count, round(c.success_rate / 100, 4) as success_rate,
  c.avg_cost_usd as avg_total_cost, c.avg_duration_ms, c.last_seen_at as last_used_at, c.computed_at as updated_at
from public.agent_chains c;
comment on view public.agent_chaining_patterns is 'Seed 003 agent_chaining_patterns: agent chains with the agents'' slugs in order; success_rate as a fraction 0-1.';

grant select on public.agent_chaining_patterns to authenticated;
revoke all on public.agent_chaining_patterns from anon;
revoke insert, update, delete, truncate on public.agent_chaining_patterns from authenticated;

revoke all on public.agent_chains from anon, authenticated;
grant select on public.agent_chains to authenticated;

alter table public.agent_chains enable row level security;

create policy agent_chains_select on public.agent_chains for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));

select cron.schedule('learning-agent-chains', '7 * * * *', $$select private.recompute_agent_chains()$$);
