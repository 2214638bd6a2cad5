-- Isolation generated from the catalog, actor by actor (issue 8). For every table, view and
-- materialized view of the exposed schemas that carries a workspace_id (public.workspaces by its
-- id), with workspace A = the demo workspace the seeds fill:
--   * B's member, B's agent and anon read none of A's rows, change none (update, delete), and
--     cannot insert a copy of one of A's rows;
--   * A's viewer reads A but writes nothing that is not their own (user_id = the viewer);
--   * an agent of A reads and changes only its own rows (a column naming the agent: agent_id,
--     *_agent_id or a foreign key to public.agents), never another agent's, and inserts nothing
--     in another agent's name; the pattern library is shared within a workspace by design;
--   * the service role sees every row of A in every table (positive control);
--   * materialized views are closed to the API roles, views run as the invoker, and every
--     security-definer function the API roles may execute, called by B's member and B's agent
--     with A's ids, answers what it answers for unknown ids, shows none of A's ids and writes
--     nothing; called by A's viewer, it writes nothing either. None is executable by PUBLIC.
-- Positive controls (A's admin does change A's rows, A's demo agent does see its runs) prove that
-- each probe can find what it looks for. A table added later is covered without anyone
-- remembering, as soon as the seed gives it a demo row.
begin;
select plan(26);

-- SETUP: workspace B with a member and an agent; a second agent in A with no rows of its own
select tests.create_user('sec-outsider@test.local', '20000000-0000-4000-a000-0000000000b1');
select tests.create_workspace('sec-outsiders', '20000000-0000-4000-a000-0000000000b1');
select tests.create_agent((select id from public.workspaces where slug = 'sec-outsiders'), 'sec-outsider-agent');
select tests.create_agent('00000000-0000-4000-b000-000000000001', 'sec-probe-agent');

create temporary table sec_ids on commit drop as
select '00000000-0000-4000-b000-000000000001'::uuid as ws_a,
  (select id from public.workspaces where slug = 'sec-outsiders') as ws_b,
  '00000000-0000-4000-a000-000000000001'::uuid as admin_a,
  '00000000-0000-4000-a000-000000000003'::uuid as viewer_a,
  '20000000-0000-4000-a000-0000000000b1'::uuid as user_b,
  '00000000-0000-4000-c000-000000000001'::uuid as agent_d,
  (select id from public.agents where slug = 'sec-probe-agent') as agent_x,
  (select id from public.agents where slug = 'sec-outsider-agent') as agent_b;

-- every scheduled job runs once, so that rollups, patterns and other derived tables hold A's rows too
do $$
declare
  j record;
begin
  for j in select jobname, command from cron.job order by jobid loop
    begin
      execute j.command;
    exception when others then
      raise warning 'job % failed in the isolation set-up: %', j.jobname, sqlerrm;
    end;
  end loop;
end
$$;

-- every relation of the exposed schemas with a workspace column, what owns a row, and A's rows
create temporary table sec_rels (
  rel regclass primary key,
  name text,
  relkind "char",
  ws_col text,
  agent_pred text,   -- true when the row belongs to agent $1
  user_pred text,    -- true when the row belongs to person $1
  a_rows bigint
) on commit drop;

insert into sec_rels (rel, name, relkind, ws_col, agent_pred, user_pred)
select c.oid::regclass, format('%I.%I', n.nspname, c.relname), c.relkind,
  case when c.oid = 'public.workspaces'::regclass then 'id' else 'workspace_id' end,
  -- a row is an agent's own when it names the agent: any uuid column (or uuid[] element) equal to its id
  coalesce(
    (select string_agg(case when a.atttypid = 'uuid[]'::regtype then format('%%1$L::uuid = any (t.%I)', a.attname)
                            else format('t.%I = %%1$L', a.attname) end, ' or ' order by a.attnum)
     from pg_attribute a
     where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attname <> 'workspace_id'
       and a.atttypid in ('uuid'::regtype, 'uuid[]'::regtype)),
    'false'),
  case when c.oid = 'public.profiles'::regclass then 't.id = %1$L'
       when exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped) then 't.user_id = %1$L'
       else 'false' end
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname in ('public', 'analytics') and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
  and (c.oid = 'public.workspaces'::regclass
    or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped));

do $$
declare
  r record;
  v_n bigint;
begin
  for r in select * from sec_rels loop
    execute format('select count(*) from %s t where t.%I = %L', r.rel, r.ws_col, (select ws_a from sec_ids)) into v_n;
    update sec_rels set a_rows = v_n where rel = r.rel;
  end loop;
end
$$;

-- one of A's rows per base table, as the copy an attacker tries to insert (generated, identity
-- and defaulted id columns left to the database)
create temporary table sec_samples (rel regclass primary key, name text, cols text, sample jsonb) on commit drop;
do $$
declare
  r record;
  v_sample jsonb;
  v_cols text;
begin
  for r in select * from sec_rels where relkind in ('r', 'p') and a_rows > 0 loop
    execute format('select to_jsonb(t) from %s t where t.%I = %L limit 1', r.rel, r.ws_col, (select ws_a from sec_ids)) into v_sample;
    select string_agg(format('%I', a.attname), ', ' order by a.attnum) into v_cols
    from pg_attribute a
    where a.attrelid = r.rel and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and a.attidentity <> 'a'
      and not (a.attname = 'id' and a.atthasdef);
    insert into sec_samples values (r.rel, r.name, v_cols, v_sample);
  end loop;
end
$$;

-- strings that identify A's data: ids of A's rows, its agents' slugs, its name
create temporary table sec_markers (marker text primary key) on commit drop;
do $$
declare
  r record;
begin
  for r in select s.rel, s.ws_col from sec_rels s
           where s.relkind in ('r', 'p') and s.a_rows > 0
             and exists (select 1 from pg_attribute a where a.attrelid = s.rel and a.attname = 'id' and not a.attisdropped) loop
    execute format('insert into sec_markers select distinct t.id::text from %s t where t.%I = %L and char_length(t.id::text) >= 8 on conflict do nothing',
      r.rel, r.ws_col, (select ws_a from sec_ids));
  end loop;
  insert into sec_markers select a.slug from public.agents a where a.workspace_id = (select ws_a from sec_ids) and char_length(a.slug) >= 8
  on conflict do nothing;
  insert into sec_markers select w.name from public.workspaces w where w.id = (select ws_a from sec_ids) on conflict do nothing;
end
$$;

-- one id of A's rows per table, for parameters named after it (approval_id: public.approvals, ...)
create temporary table sec_a_ids (relname text primary key, id uuid) on commit drop;
do $$
declare
  r record;
  v_id uuid;
begin
  for r in select s.rel, s.ws_col from sec_rels s
           where s.relkind in ('r', 'p') and s.a_rows > 0
             and exists (select 1 from pg_attribute a where a.attrelid = s.rel and a.attname = 'id' and a.atttypid = 'uuid'::regtype) loop
    execute format('select t.id from %s t where t.%I = %L order by t.id limit 1', r.rel, r.ws_col, (select ws_a from sec_ids)) into v_id;
    insert into sec_a_ids values ((select c.relname from pg_class c where c.oid = r.rel), v_id) on conflict do nothing;
  end loop;
end
$$;
update sec_a_ids set id = (select e.id from public.executions e
  where e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.agent_id = '00000000-0000-4000-c000-000000000001'
  order by e.started_at limit 1)
where relname = 'executions';

grant select on sec_ids, sec_rels, sec_samples, sec_markers, sec_a_ids to anon, authenticated, service_role;

-- runs a probe and rolls back whatever it changed, keeping its answer: every actor probes the same data
create function pg_temp.sec_dry(probe text) returns text[] language plpgsql as $$
declare
  v_out text[];
begin
  begin
    execute probe into v_out;
    raise exception 'sec-dry-run';
  exception when others then
    if sqlerrm <> 'sec-dry-run' then raise; end if;
  end;
  return v_out;
end;
$$;

-- rows of A the current identity can see that it should not: every one for an outsider
-- (owner_pred = 'true'), the ones not its own for an agent of A
create function pg_temp.sec_reads(owner_pred_of text, self uuid) returns text[] language plpgsql as $$
declare
  r record;
  v_n bigint;
  v_out text[] := '{}';
  v_pred text;
begin
  for r in select * from sec_rels order by name loop
    v_pred := case owner_pred_of when 'nobody' then 'true'
                                 when 'agent' then format('not coalesce(%s, false)', format(r.agent_pred, self))
                                 else 'true' end;
    begin
      execute format('select count(*) from %s t where t.%I = %L and %s', r.rel, r.ws_col, (select ws_a from sec_ids), v_pred) into v_n;
      if v_n > 0 then v_out := v_out || format('%s: %s rows', r.name, v_n); end if;
    exception when others then
      null; -- refused outright (42501, or a view's function refusing): nothing read
    end;
  end loop;
  return v_out;
end;
$$;

-- rows of A the current identity updated or deleted that are not its own
create function pg_temp.sec_changes(owner text, self uuid) returns text[] language plpgsql as $$
declare
  r record;
  v_n bigint;
  v_out text[] := '{}';
  v_own text;
begin
  for r in select * from sec_rels where relkind in ('r', 'p') and a_rows > 0 order by name loop
    v_own := case owner when 'agent' then format('coalesce(%s, false)', format(r.agent_pred, self))
                        when 'user' then format('coalesce(%s, false)', format(r.user_pred, self))
                        else 'false' end;
    begin
      execute format('with x as (update %s t set %I = t.%I where t.%I = %L returning t.*) select count(*) from x t where not (%s)',
        r.rel, r.ws_col, r.ws_col, r.ws_col, (select ws_a from sec_ids), v_own) into v_n;
      if v_n > 0 then v_out := v_out || format('%s: update %s rows', r.name, v_n); end if;
    exception when others then
      null; -- refused (privilege, policy or a guard trigger)
    end;
    begin
      execute format('with x as (delete from %s t where t.%I = %L returning t.*) select count(*) from x t where not (%s)',
        r.rel, r.ws_col, (select ws_a from sec_ids), v_own) into v_n;
      if v_n > 0 then v_out := v_out || format('%s: delete %s rows', r.name, v_n); end if;
    exception when others then
      null;
    end;
  end loop;
  return v_out;
end;
$$;

-- copies of A's rows the current identity managed to insert (or that passed row level security
-- and only a constraint stopped: RLS is checked before constraints and unique indexes)
create function pg_temp.sec_inserts() returns text[] language plpgsql as $$
declare
  r record;
  v_out text[] := '{}';
begin
  for r in select * from sec_samples order by name loop
    begin
      execute format('insert into %s (%s) select %s from jsonb_populate_record(null::%s, %L)', r.rel, r.cols, r.cols, r.rel, r.sample);
      v_out := v_out || format('%s: inserted', r.name);
    exception
      when insufficient_privilege then null;
      when unique_violation or foreign_key_violation or check_violation or not_null_violation or exclusion_violation then
        v_out := v_out || format('%s: passed row level security (%s)', r.name, sqlstate);
      when others then
        null; -- a guard trigger refused before row level security was asked
    end;
  end loop;
  return v_out;
end;
$$;

-- security-definer functions the API roles may execute, called with A's ids and with unknown ids
create temporary table sec_functions on commit drop as
select p.oid as fn, p.oid::regprocedure::text as signature
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname in ('public', 'private', 'analytics') and p.prosecdef and p.prokind = 'f'
  and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
  and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))
  and not exists (select 1 from unnest(p.proargtypes::oid[]) t where t in ('internal'::regtype, 'anyelement'::regtype, 'anyarray'::regtype));
grant select on sec_functions to anon, authenticated, service_role;

-- an argument list for fn: ids of A (use_a) or unknown ids, chosen by parameter name and type
create function pg_temp.sec_args(fn oid, use_a boolean, salt uuid, variant int default 1) returns text language plpgsql as $$
declare
  v_names text[];
  v_types oid[];
  v_out text[] := '{}';
  v_name text;
  v_type text;
  v_val text;
  v_ids sec_ids%rowtype;
  v_exec uuid := (select x.id from sec_a_ids x where x.relname = 'executions');
  v_probe jsonb;
  i int;
  u uuid;
begin
  select * into v_ids from sec_ids;
  select coalesce(nullif(p.proargtypes::text, '')::text, '')::text into v_name from pg_proc p where p.oid = fn;
  v_types := coalesce(string_to_array(nullif(v_name, ''), ' ')::oid[], '{}');
  select coalesce(p.proargnames, '{}') into v_names from pg_proc p where p.oid = fn;
  -- an id for a parameter named like workspace, agent, run, approval, user... (unknown ids derive from salt)
  v_probe := jsonb_build_object(
    'workspace_id', case when use_a then v_ids.ws_a else salt end,
    'agent_id', case when use_a then v_ids.agent_d else salt end,
    'execution_id', case when use_a then v_exec else salt end,
    'user_id', case when use_a then v_ids.admin_a else salt end,
    'run_key', case when use_a then 'demo-1' else 'no-such-run-' || salt end,
    'evaluator_vendor', 'probe', 'model_version', 'v1', 'quality_score', 50, 'reliability_score', 50, 'value_score', 50,
    'verdict', 'pass', 'throughput_per_hour', 1, 'success_rate', 0.5, 'latency_p50_ms', 1, 'latency_p95_ms', 1,
    'cpu_seconds', 1, 'memory_mb_avg', 1);
  -- variants of a JSON payload: the run by its id, by workspace and run_key, or everything at once
  if variant = 1 then v_probe := v_probe - 'run_key';
  elsif variant = 2 then v_probe := v_probe - 'execution_id';
  end if;
  for i in 1 .. coalesce(array_length(v_types, 1), 0) loop
    v_name := coalesce(v_names[i], '');
    v_type := format_type(v_types[i], null);
    if v_type = 'uuid' then
      u := case
        when v_name ~ 'workspace' then (v_probe ->> 'workspace_id')::uuid
        when v_name ~ 'agent' then (v_probe ->> 'agent_id')::uuid
        when v_name ~ '(execution|run)' then (v_probe ->> 'execution_id')::uuid
        when v_name ~ '(user|approver|actor|member|by)' then (v_probe ->> 'user_id')::uuid
        when use_a then coalesce(
          (select x.id from sec_a_ids x
           where regexp_replace(v_name, '_ids?$', '') <> '' and strpos(x.relname, regexp_replace(v_name, '_ids?$', '')) > 0
           order by char_length(x.relname) limit 1),
          v_ids.ws_a)
        else salt end;
      v_val := format('%L::uuid', u);
    elsif v_type in ('text', 'character varying') then
      v_val := format('%L::text', case
        when v_name ~ 'run_key' then v_probe ->> 'run_key'
        when v_name ~ 'role' then 'viewer'
        when v_name ~ 'decision' then 'approve'
        else 'probe' end);
    elsif v_type in ('jsonb', 'json') then
      v_val := format('%L::%s', v_probe, v_type);
    elsif v_type in ('integer', 'bigint', 'smallint', 'numeric', 'double precision', 'real') then
      v_val := format('1::%s', v_type);
    elsif v_type = 'boolean' then
      v_val := 'false';
    elsif v_type like 'timestamp%' then
      v_val := format('%L::%s', '2026-01-01T00:00:00Z', v_type);
    elsif v_type = 'date' then
      v_val := '''2026-01-01''::date';
    elsif v_type = 'interval' then
      v_val := '''1 day''::interval';
    elsif v_type = 'uuid[]' then
      v_val := format('array[%L]::uuid[]', case when use_a then v_ids.ws_a else salt end);
    else
      v_val := format('null::%s', v_type);
    end if;
    v_out := v_out || v_val;
  end loop;
  return array_to_string(v_out, ', ');
end;
$$;

-- calls fn with args; the answer as text, or 'error <sqlstate>'; sets wrote when it changed rows
create function pg_temp.sec_call(fn oid, args text, out answer text, out wrote boolean) language plpgsql as $$
declare
  v_setof boolean;
  v_composite boolean;
  v_before bigint;
  v_after bigint;
begin
  select p.proretset, t.typtype = 'c' or p.prorettype = 'record'::regtype into v_setof, v_composite
  from pg_proc p join pg_type t on t.oid = p.prorettype where p.oid = fn;
  select coalesce(sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0) into v_before from pg_stat_xact_all_tables s
  where s.schemaname in ('public', 'private', 'analytics', 'auth');
  begin
    if v_setof or v_composite then
      execute format('select coalesce(jsonb_agg(to_jsonb(r)), ''[]''::jsonb)::text from %s(%s) r', fn::regproc, args) into answer;
    else
      execute format('select to_jsonb(%s(%s))::text', fn::regproc, args) into answer;
    end if;
    answer := coalesce(answer, 'null');
  exception when others then
    answer := 'error ' || sqlstate;
  end;
  select coalesce(sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0) into v_after from pg_stat_xact_all_tables s
  where s.schemaname in ('public', 'private', 'analytics', 'auth');
  wrote := answer not like 'error %' and v_after > v_before;
end;
$$;

-- what a security-definer function gives away about A to the current identity
create function pg_temp.sec_function_leaks(writes_only boolean default false) returns text[] language plpgsql as $$
declare
  f record;
  v_salt uuid := gen_random_uuid();
  v_args_a text;
  v_variants int;
  v int;
  a record;
  x record;
  y record;
  v_out text[] := '{}';
begin
  for f in select * from sec_functions order by signature loop
    v_variants := case when exists (select 1 from pg_proc p where p.oid = f.fn
                                    and ('jsonb'::regtype::oid = any (p.proargtypes::oid[]) or 'json'::regtype::oid = any (p.proargtypes::oid[])))
                       then 3 else 1 end;
    for v in 1 .. v_variants loop
      v_args_a := pg_temp.sec_args(f.fn, true, v_salt, v);
      select * into a from pg_temp.sec_call(f.fn, v_args_a);
      select * into x from pg_temp.sec_call(f.fn, pg_temp.sec_args(f.fn, false, v_salt, v));
      select * into y from pg_temp.sec_call(f.fn, pg_temp.sec_args(f.fn, false, v_salt, v));
      if a.wrote then
        v_out := v_out || format('%s: changed rows when called with A''s ids', f.signature);
      end if;
      continue when writes_only;
      if a.answer not like 'error %' and exists (
        select 1 from sec_markers m where strpos(a.answer, m.marker) > 0 and strpos(v_args_a, m.marker) = 0) then
        v_out := v_out || format('%s: answered with A''s data', f.signature);
      end if;
      -- deterministic for unknown ids, yet different for A's ids: the answer depends on A's data
      if x.answer = y.answer and a.answer <> x.answer then
        v_out := v_out || format('%s: answers %s for A''s ids but %s for unknown ids', f.signature, left(a.answer, 60), left(x.answer, 60));
      end if;
    end loop;
  end loop;
  return v_out;
end;
$$;

-- TEST: the catalog gives relations with demo rows, so the probes below have something to find
select cmp_ok((select count(*) from sec_rels where a_rows > 0), '>=', 10::bigint,
  'at least ten exposed relations hold rows of workspace A');
select diag('exposed base tables without a demo row (isolation is proven on them only by the policy checks): '
  || coalesce((select string_agg(name, ', ' order by name) from sec_rels where relkind in ('r', 'p') and a_rows = 0), 'none'));

-- TEST: positive controls: A's admin changes A's rows; the demo agent sees its own runs
select tests.authenticate_as('00000000-0000-4000-a000-000000000001');
select ok(exists (select 1 from unnest(pg_temp.sec_dry(format('select pg_temp.sec_changes(%L, %L)', 'nobody', null))) c where c like 'public.agents: update%'),
  'positive control: the probe sees an admin of A update A''s agents');
select tests.clear_authentication();
select tests.authenticate_as_agent('00000000-0000-4000-c000-000000000001');
select cmp_ok(tests.visible_rows('public.executions'), '>', 0::bigint, 'positive control: A''s demo agent sees its own runs');
select tests.clear_authentication();

-- TEST: B's member
select tests.authenticate_as('20000000-0000-4000-a000-0000000000b1');
select is(pg_temp.sec_reads('nobody', null), '{}'::text[], 'a member of B reads no row of A anywhere');
select is(pg_temp.sec_dry(format('select pg_temp.sec_changes(%L, %L)', 'nobody', null)), '{}'::text[], 'a member of B updates or deletes no row of A anywhere');
select is(pg_temp.sec_dry('select pg_temp.sec_inserts()'), '{}'::text[], 'a member of B cannot insert a row into A anywhere');
select is(pg_temp.sec_dry('select pg_temp.sec_function_leaks()'), '{}'::text[], 'no security-definer function tells a member of B anything about A');
select tests.clear_authentication();

-- TEST: B's agent
select tests.authenticate_as_agent((select agent_b from sec_ids));
select is(pg_temp.sec_reads('nobody', null), '{}'::text[], 'an agent of B reads no row of A anywhere');
select is(pg_temp.sec_dry(format('select pg_temp.sec_changes(%L, %L)', 'nobody', null)), '{}'::text[], 'an agent of B updates or deletes no row of A anywhere');
select is(pg_temp.sec_dry('select pg_temp.sec_inserts()'), '{}'::text[], 'an agent of B cannot insert a row into A anywhere');
select is(pg_temp.sec_dry('select pg_temp.sec_function_leaks()'), '{}'::text[], 'no security-definer function tells an agent of B anything about A');
select tests.clear_authentication();

-- TEST: anon
select tests.authenticate_as_anon();
select is(pg_temp.sec_reads('nobody', null), '{}'::text[], 'anon reads no row of A anywhere');
select is(pg_temp.sec_dry(format('select pg_temp.sec_changes(%L, %L)', 'nobody', null)), '{}'::text[], 'anon updates or deletes no row of A anywhere');
select is(pg_temp.sec_dry('select pg_temp.sec_inserts()'), '{}'::text[], 'anon cannot insert a row into A anywhere');
select tests.clear_authentication();

-- TEST: A's viewer reads A and writes nothing but their own rows
select tests.authenticate_as('00000000-0000-4000-a000-000000000003');
select cmp_ok(tests.visible_rows('public.executions'), '>', 0::bigint, 'a viewer of A reads A''s runs');
select is(pg_temp.sec_dry(format('select pg_temp.sec_changes(%L, %L)', 'user', '00000000-0000-4000-a000-000000000003')), '{}'::text[],
  'a viewer of A updates or deletes no row of A that is not their own');
select is(pg_temp.sec_dry('select pg_temp.sec_inserts()'), '{}'::text[], 'a viewer of A cannot insert a copy of any row of A');
select is(pg_temp.sec_dry('select pg_temp.sec_function_leaks(true)'), '{}'::text[], 'no security-definer function writes anything for a viewer of A');
select tests.clear_authentication();

-- TEST: an agent of A reaches only its own rows (the pattern library and the routing memory are
-- shared in a workspace: every agent searches them)
select tests.authenticate_as_agent((select agent_x from sec_ids));
select is(
  array(select x from unnest(pg_temp.sec_reads('agent', (select agent_x from sec_ids))) x
        where x !~ '^public\.(patterns|echo_patterns|success_patterns|pattern_effectiveness|routing_decisions|agent_routing_decisions):'),
  '{}'::text[], 'an agent of A reads no row of another agent of A (nor A''s people''s rows)');
select is(pg_temp.sec_dry(format('select pg_temp.sec_changes(%L, %L)', 'agent', (select agent_x from sec_ids))), '{}'::text[],
  'an agent of A updates or deletes no row of another agent of A');
select is(pg_temp.sec_dry('select pg_temp.sec_inserts()'), '{}'::text[], 'an agent of A cannot insert a row in another agent''s name');
select tests.clear_authentication();

-- TEST: the service role sees every row of A in every table (RLS does not stand in the backend's way)
select tests.authenticate_as_service_role();
select is(
  array(select format('%s: %s of %s', s.name, tests.visible_rows(s.rel), s.a_rows) from sec_rels s
        where s.relkind in ('r', 'p') and s.a_rows > 0 and s.ws_col = 'workspace_id'
          and (select count(*) from sec_rels) > 0
          and tests.visible_rows(s.rel) < s.a_rows order by 1),
  '{}'::text[], 'the service role reads every row of A in every table');
select tests.clear_authentication();

-- TEST: materialized views have no RLS, so the API roles may not select them at all
select is(
  array(select format('%I.%I', schemaname, matviewname) from pg_matviews
        where schemaname in ('public', 'analytics')
          and (has_table_privilege('anon', format('%I.%I', schemaname, matviewname), 'select')
            or has_table_privilege('authenticated', format('%I.%I', schemaname, matviewname), 'select'))
        order by 1),
  '{}'::text[], 'no materialized view is selectable by anon or authenticated');

-- TEST: a view runs its query as its owner unless security_invoker: every readable view must be invoker
select is(
  array(select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'analytics') and c.relkind = 'v'
          and not coalesce('security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false)
          and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))
        order by 1),
  '{}'::text[], 'every view the API roles may read runs as the caller (security_invoker)');

-- TEST: no security-definer function is executable by PUBLIC (anon inherits nothing through it)
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private', 'analytics') and p.prosecdef
          and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
        order by 1),
  '{}'::text[], 'no security-definer function is executable by PUBLIC');

-- TEST: the probe list of security-definer functions is not empty, so the leak checks ran
select cmp_ok((select count(*) from sec_functions), '>', 0::bigint, 'security-definer functions open to the API roles were probed');

select * from finish();
rollback;
