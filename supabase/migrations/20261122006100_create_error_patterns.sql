-- Error patterns (seed 003): failed runs grouped by a fingerprint of their normalized error
-- (error type plus the message with numbers, ids, timestamps, urls and paths removed), with
-- counts, first and last seen, an example run and a resolution note. Kept up to date as failed
-- runs arrive by two STATEMENT-level triggers on public.executions with transition tables (the
-- ingest hot path): a statement with no failure costs one scan of its transition table.

create table public.error_patterns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  fingerprint text not null,
  error_type text not null,
  normalized_message text not null,
  example_message text,
  example_execution_id uuid,
  last_execution_id uuid,
  last_agent_id uuid,
  occurrence_count bigint not null default 0,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  status text not null default 'open',
  resolution_note text,
  resolved_at timestamptz,
  resolved_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint error_patterns_workspace_fingerprint_key unique (workspace_id, fingerprint),
  constraint error_patterns_id_workspace_key unique (id, workspace_id),
  constraint error_patterns_example_execution_fkey foreign key (example_execution_id, workspace_id)
    references public.executions (id, workspace_id) on delete set null (example_execution_id),
  constraint error_patterns_last_execution_fkey foreign key (last_execution_id, workspace_id)
    references public.executions (id, workspace_id) on delete set null (last_execution_id),
  constraint error_patterns_last_agent_fkey foreign key (last_agent_id, workspace_id)
    references public.agents (id, workspace_id) on delete set null (last_agent_id),
  constraint error_patterns_fingerprint_format check (fingerprint ~ '^[0-9a-f]{32}$'),
  constraint error_patterns_status_valid check (status in ('open', 'resolved', 'ignored')),
  constraint error_patterns_seen_order check (first_seen_at <= last_seen_at),
  constraint error_patterns_occurrences_positive check (occurrence_count > 0),
  constraint error_patterns_resolution_note_length check (resolution_note is null or char_length(resolution_note) <= 4000)
);
comment on table public.error_patterns is 'Failures grouped by fingerprint (seed 003 error_patterns): one row per distinct normalized error per workspace, kept by the database as failed or timed-out runs arrive. Members set status and resolution_note.';
comment on column public.error_patterns.fingerprint is 'First 32 hex digits of sha256(error_type, newline, normalized_message).';
comment on column public.error_patterns.error_type is 'The run''s error_type; "timeout" for a timed-out run without one; "unknown" otherwise.';
comment on column public.error_patterns.normalized_message is 'The error message lower-cased with uuids and id-like tokens (<id>), timestamps and dates (<ts>), urls (<url>), emails (<email>), absolute paths (<path>) and numbers (<n>) replaced, whitespace collapsed, at most 500 characters.';
comment on column public.error_patterns.example_message is 'The message of the first run seen with this fingerprint, as it was.';
comment on column public.error_patterns.occurrence_count is 'Runs that ended failed or timed out with this fingerprint.';
comment on column public.error_patterns.status is 'open, resolved (by a person, with a note) or ignored. A resolved pattern that happens again after resolved_at is open again (a regression).';

create index error_patterns_workspace_last_seen_idx on public.error_patterns (workspace_id, last_seen_at desc);
create index error_patterns_workspace_count_idx on public.error_patterns (workspace_id, occurrence_count desc);
create index error_patterns_example_execution_id_idx on public.error_patterns (example_execution_id, workspace_id);
create index error_patterns_last_execution_id_idx on public.error_patterns (last_execution_id, workspace_id);
create index error_patterns_last_agent_id_idx on public.error_patterns (last_agent_id, workspace_id);
create index error_patterns_resolved_by_idx on public.error_patterns (resolved_by);

create trigger error_patterns_set_updated_at before update on public.error_patterns
  for each row execute function public.update_updated_at_column();

-- the normalization, in one place
create function private.normalize_error_message(message text)
returns text
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v text := lower(left(coalesce(normalize_error_message.message, ''), 4000));
  v_has_digit boolean := v ~ '[0-9]';
begin
  if strpos(v, '-') > 0 then
    v := regexp_replace(v, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<id>', 'g');
    v := regexp_replace(v, '\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}(:?\d{2})?)?)?', '<ts>', 'g');
  end if;
  if strpos(v, ':') > 0 then
    v := regexp_replace(v, '\m\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\M', '<ts>', 'g');
  end if;
  if strpos(v, '://') > 0 then
    v := regexp_replace(v, '[a-z][a-z0-9+.-]*://[^\s''"<>]+', '<url>', 'g');
  end if;
  if strpos(v, '@') > 0 then
    v := regexp_replace(v, '[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}', '<email>', 'g');
  end if;
  if strpos(v, '/') > 0 or strpos(v, '\') > 0 then
    v := regexp_replace(v, '(~|\m[a-z]:)?([/\\][a-z0-9._@%+=-]+){2,}[/\\]?|(~|\m[a-z]:)[/\\][a-z0-9._@%+=-]+', '<path>', 'g');
  end if;
  if v_has_digit then
    v := regexp_replace(v, '(?<![a-z0-9])(0x[0-9a-f]+|(?=[a-z0-9]*[0-9])(?=[a-z0-9]*[a-z])[a-z0-9]{8,}|(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{6,})(?![a-z0-9])', '<id>', 'g');
    v := regexp_replace(v, '\d+(\.\d+)?', '<n>', 'g');
  end if;
  return left(btrim(regexp_replace(v, '\s+', ' ', 'g')), 500);
end;
$$;
comment on function private.normalize_error_message(text) is
  'An error message with what varies between occurrences removed: lower case; uuids, 0x numbers, hex ids of 6+ and other tokens of 8+ letters and digits mixing both become <id>, ISO timestamps, dates and clock times <ts>, urls <url>, emails <email>, absolute paths (/a/b, ~/x, C:\x) <path>, other numbers <n>; whitespace collapsed; at most 500 characters (of the first 4,000 of the message). Each pass runs only when the message holds a character its pattern needs.';

create function private.error_fingerprint(error_type text, normalized_message text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select left(encode(sha256(convert_to(error_fingerprint.error_type || E'\n' || error_fingerprint.normalized_message, 'UTF8')), 'hex'), 32)
$$;
comment on function private.error_fingerprint(text, text) is 'The fingerprint that groups failures: the first 32 hex digits of sha256(error_type, newline, normalized message).';

-- one failure of a run, as the triggers hand it on
create type private.error_occurrence as (
  workspace_id uuid, execution_id uuid, agent_id uuid, error_type text, message text, seen_at timestamptz
);
comment on type private.error_occurrence is 'A run that has just ended failed or timed out: what error_patterns needs of it.';

create function private.record_error_occurrences(occurrences private.error_occurrence[])
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if cardinality(record_error_occurrences.occurrences) = 0 then
    return;
  end if;
  insert into public.error_patterns as ep (workspace_id, fingerprint, error_type, normalized_message, example_message,
    example_execution_id, last_execution_id, last_agent_id, occurrence_count, first_seen_at, last_seen_at)
  with occurrence as (
    select o.workspace_id, o.execution_id, o.agent_id, o.seen_at, coalesce(nullif(btrim(o.error_type), ''), 'unknown') as error_type,
      coalesce(o.message, '') as message
    from unnest(record_error_occurrences.occurrences) o
  ),
  -- each distinct error normalized and fingerprinted once (materialized: not pulled up into every use)
  distinct_error as materialized (
    select d.error_type, d.message, private.normalize_error_message(d.message) as normalized_message
    from (select distinct oc.error_type, oc.message from occurrence oc) d
  ),
  keyed as materialized (
    select de.error_type, de.message, de.normalized_message, private.error_fingerprint(de.error_type, de.normalized_message) as fingerprint
    from distinct_error de
  )
  select g.workspace_id, g.fingerprint, g.error_type, g.normalized_message, g.first_message, g.first_execution, g.last_execution,
    g.last_agent, g.n, g.first_seen, g.last_seen
  from (
    select oc.workspace_id, k.fingerprint, k.error_type, k.normalized_message,
      (array_agg(left(nullif(oc.message, ''), 4000) order by oc.seen_at, oc.execution_id))[1] as first_message,
      (array_agg(oc.execution_id order by oc.seen_at, oc.execution_id))[1] as first_execution,
      (array_agg(oc.execution_id order by oc.seen_at desc, oc.execution_id))[1] as last_execution,
      (array_agg(oc.agent_id order by oc.seen_at desc, oc.execution_id))[1] as last_agent,
      count(*) as n, min(oc.seen_at) as first_seen, max(oc.seen_at) as last_seen
    from occurrence oc
    join keyed k on k.error_type = oc.error_type and k.message = oc.message
    group by oc.workspace_id, k.fingerprint, k.error_type, k.normalized_message
  ) g
  -- a fixed order: concurrent statements take the rows' locks in the same order (no deadlock)
  order by g.workspace_id, g.fingerprint
  on conflict on constraint error_patterns_workspace_fingerprint_key do update set
    occurrence_count = ep.occurrence_count + excluded.occurrence_count,
    first_seen_at = least(ep.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(ep.last_seen_at, excluded.last_seen_at),
    last_execution_id = case when excluded.last_seen_at >= ep.last_seen_at then excluded.last_execution_id else ep.last_execution_id end,
    last_agent_id = case when excluded.last_seen_at >= ep.last_seen_at then excluded.last_agent_id else ep.last_agent_id end,
    example_execution_id = coalesce(ep.example_execution_id, excluded.example_execution_id),
    status = case when ep.status = 'resolved' and excluded.last_seen_at > ep.resolved_at then 'open' else ep.status end;
end;
$$;
comment on function private.record_error_occurrences(private.error_occurrence[]) is
  'Adds failures to error_patterns in one set-based upsert: each distinct (error type, message) normalized and fingerprinted once, grouped by workspace and fingerprint, counts added, first/last seen widened, a resolved pattern seen again after its resolution reopened. Security definer: clients cannot write error_patterns.';

create function private.track_error_patterns()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_failures private.error_occurrence[];
begin
  -- a run counts once, when it reaches failed or timeout: inserted so, or updated into it
  -- (old_runs exists only for the UPDATE trigger, and plpgsql plans each branch when it first runs)
  if tg_op = 'INSERT' then
    select array_agg(row(n.workspace_id, n.id, n.agent_id,
        coalesce(n.error_type, case when n.status = 'timeout' then 'timeout' end), n.error_message,
        coalesce(n.ended_at, n.started_at))::private.error_occurrence)
    into v_failures
    from new_runs n
    where n.status in ('failed', 'timeout');
  else
    select array_agg(row(n.workspace_id, n.id, n.agent_id,
        coalesce(n.error_type, case when n.status = 'timeout' then 'timeout' end), n.error_message,
        coalesce(n.ended_at, n.started_at))::private.error_occurrence)
    into v_failures
    from new_runs n
    join old_runs o on o.id = n.id
    where n.status in ('failed', 'timeout') and o.status not in ('failed', 'timeout');
  end if;
  if v_failures is not null then
    perform private.record_error_occurrences(v_failures);
  end if;
  return null;
end;
$$;
comment on function private.track_error_patterns() is
  'Statement trigger after insert and after update on executions: runs inserted failed or timed out, and runs that have just become so, are added to error_patterns (a run counts once, when it reaches that state). Set-based over the transition tables. Security definer: clients cannot write error_patterns.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

-- resolving: who and when are the database's to record
create function private.stamp_error_pattern_resolution()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = 'resolved' and old.status is distinct from 'resolved' then
    new.resolved_at := now();
    new.resolved_by := case when private.is_agent_token() then null else (select auth.uid()) end;
  elsif new.status <> 'resolved' and old.status = 'resolved' and pg_trigger_depth() = 1 then
    new.resolved_at := null;
    new.resolved_by := null;
  end if;
  return new;
end;
$$;
comment on function private.stamp_error_pattern_resolution() is 'Trigger: stamps resolved_at and resolved_by when a person marks an error pattern resolved, and clears them when a person reopens it.';

create trigger error_patterns_stamp_resolution before update of status on public.error_patterns
  for each row execute function private.stamp_error_pattern_resolution();

revoke all on function private.normalize_error_message(text) from public;
revoke all on function private.error_fingerprint(text, text) from public;
revoke all on function private.record_error_occurrences(private.error_occurrence[]) from public;
revoke all on function private.track_error_patterns() from public;
revoke all on function private.stamp_error_pattern_resolution() from public;
grant execute on function private.normalize_error_message(text) to authenticated, service_role;
grant execute on function private.error_fingerprint(text, text) to authenticated, service_role;

revoke all on public.error_patterns from anon, authenticated;
grant select on public.error_patterns to authenticated;
grant update (status, resolution_note) on public.error_patterns to authenticated;

alter table public.error_patterns enable row level security;

create policy error_patterns_select on public.error_patterns for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy error_patterns_update on public.error_patterns for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
