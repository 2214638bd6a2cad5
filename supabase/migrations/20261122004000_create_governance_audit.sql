-- The governance audit trail: one append-only, hash-chained log per workspace of everything
-- governance decides (authorize decisions, approval requests, votes, decisions, expiries and
-- cancellations, and every row of agent_permissions_log). Each row carries the hash of the
-- previous row of its workspace and its own hash over its content, so that changing, inserting
-- or deleting any sealed row breaks the chain from that row on; private.verify_governance_audit_chain()
-- names the first broken link. The chain head (last seq and hash) is kept per workspace beside
-- the log, so that cutting rows off the end is detected too.
-- Appending writes the row without its link (seq, prev_hash, hash) and takes no lock. Sealing
-- links a workspace's unsealed rows into its chain, in id order, under the lock on its head, and
-- nobody ever waits for that lock: when a transaction that appended rows commits, a deferred
-- trigger tries the head with SKIP LOCKED and, if it gets it, seals its own rows and the rows
-- other transactions committed unsealed; if another transaction holds the head (it is sealing,
-- for the length of its commit), it skips, and its rows are sealed by the next transaction of the
-- workspace that gets the head, or by the governance-audit-seal job (every minute), or by
-- verification. So a workspace's requests never line up behind each other's commits (before, the
-- head was locked FOR UPDATE at every commit and held through its WAL flush: one workspace's
-- authorize requests went one at a time), the chain's order is the order rows were sealed (seq
-- without gaps), and a committed row is unsealed for at most about a minute.
-- A commit's seal looks only at rows appended in the last 10 seconds (its own, and those that
-- concurrent commits left): sealing updates each row, and every update leaves a dead entry in the
-- index of unsealed rows until VACUUM, which on a large log comes after hundreds of thousands of
-- them (autovacuum waits for 20 % of the table); an unbounded scan walked them all at every commit,
-- growing with the log (0.55 ms at 200k, measured). Older rows, if any, are the job's.

create table public.governance_audit_log (
  id bigint generated always as identity primary key,
  -- no foreign key: every audit row would take a KEY SHARE lock on its workspace's row, one lock
  -- shared by all of the workspace's concurrent requests (a MultiXact each time); rows are written
  -- only by governance functions for workspaces they just read, and go with their workspace
  -- (governance_audit_log_workspace_gone below)
  workspace_id uuid not null,
  seq bigint,
  event_type text not null,
  actor_type text not null,
  actor_id uuid,
  subject_type text not null,
  subject_id uuid,
  payload jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default clock_timestamp(),
  prev_hash text,
  hash text,
  constraint governance_audit_log_workspace_seq_key unique (workspace_id, seq),
  constraint governance_audit_log_sealed_whole check ((seq is null) = (hash is null) and (seq is not null or prev_hash is null)),
  constraint governance_audit_log_seq_positive check (seq >= 1),
  constraint governance_audit_log_event_type_format check (event_type ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
  constraint governance_audit_log_actor_type_valid check (actor_type in ('agent', 'user', 'system')),
  constraint governance_audit_log_subject_type_valid check (subject_type in ('authorization_decision', 'approval', 'approval_vote', 'agent')),
  constraint governance_audit_log_payload_object check (jsonb_typeof(payload) = 'object'),
  constraint governance_audit_log_hash_format check (hash ~ '^[0-9a-f]{64}$'),
  constraint governance_audit_log_prev_hash_format check (prev_hash is null or prev_hash ~ '^[0-9a-f]{64}$'),
  constraint governance_audit_log_first_has_no_prev check ((seq = 1) = (prev_hash is null))
);
comment on table public.governance_audit_log is 'Append-only, hash-chained governance audit trail per workspace: authorize decisions, approvals (requested, voted, decided, expired, canceled, receipts), and permission changes copied from agent_permissions_log. Written only by triggers; verify with public.verify_governance_audit_chain(workspace_id).';
comment on column public.governance_audit_log.seq is 'Position in the workspace''s chain, 1, 2, 3, ... without gaps, in the order the rows were sealed (each seal takes the unsealed rows it sees in id order; rows of transactions that abort never get one). Null (with prev_hash and hash) until the row is sealed: by its own transaction''s commit when the chain head is free, else by the next commit of the workspace that gets it, the governance-audit-seal job (every minute) or verification.';
comment on column public.governance_audit_log.event_type is 'What happened, e.g. authorize.pending_approval, approval.requested, approval.voted, approval.approved, approval.expired, permission.tool_granted.';
comment on column public.governance_audit_log.actor_type is 'Who did it: agent (actor_id = agent id), user (actor_id = auth user id) or system (jobs, the service role).';
comment on column public.governance_audit_log.subject_type is 'The kind of row the event is about: authorization_decision, approval, approval_vote or agent.';
comment on column public.governance_audit_log.prev_hash is 'hash of the row with seq - 1 in the same workspace; null for the first row.';
comment on column public.governance_audit_log.hash is 'SHA-256 (hex) of the JSON array [prev_hash, workspace_id, seq, event_type, actor_type, actor_id, subject_type, subject_id, payload, created_at in epoch microseconds]; see private.governance_audit_hash().';

create table private.governance_audit_heads (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  last_seq bigint not null default 0,
  last_hash text,
  updated_at timestamptz not null default now(),
  constraint governance_audit_heads_last_seq_nonnegative check (last_seq >= 0)
);
comment on table private.governance_audit_heads is 'The head of each workspace''s governance audit chain (last seq and hash). Sealing locks this row (never waiting for it, except verification), so one transaction at a time extends the chain; verification compares the log''s last row with it, so rows cut off the end are detected.';

create index governance_audit_log_workspace_id_created_at_idx on public.governance_audit_log (workspace_id, created_at desc);
create index governance_audit_log_subject_idx on public.governance_audit_log (subject_id, seq);
-- the rows waiting for their seal, per workspace by the time they were appended: a commit's seal
-- reads the last seconds of it, so the dead entries sealed rows leave before VACUUM (older) are not walked
create index governance_audit_log_unsealed_idx on public.governance_audit_log (workspace_id, created_at) where seq is null;

-- the hash of one row, in one place (appending and verifying must agree)
create function private.governance_audit_hash(
  prev_hash text, workspace_id uuid, seq bigint, event_type text, actor_type text, actor_id uuid,
  subject_type text, subject_id uuid, payload jsonb, created_at timestamptz
)
returns text
language sql
stable
set search_path = ''
as $$
  select encode(sha256(convert_to(jsonb_build_array(
    governance_audit_hash.prev_hash, governance_audit_hash.workspace_id::text, governance_audit_hash.seq,
    governance_audit_hash.event_type, governance_audit_hash.actor_type, governance_audit_hash.actor_id::text,
    governance_audit_hash.subject_type, governance_audit_hash.subject_id::text, governance_audit_hash.payload,
    (extract(epoch from governance_audit_hash.created_at) * 1000000)::bigint
  )::text, 'UTF8')), 'hex')
$$;
comment on function private.governance_audit_hash(text, uuid, bigint, text, text, uuid, text, uuid, jsonb, timestamptz) is
  'SHA-256 (hex) of a governance audit row: the JSON array of its previous hash and its content (jsonb text is canonical: keys ordered, whitespace fixed), the time in epoch microseconds so that the session time zone does not matter.';

-- who acts in this transaction: set by the governance functions, else the request's JWT, else the system
create function private.governance_actor()
returns table (actor_type text, actor_id uuid)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_set text := nullif(current_setting('agentops.audit_actor', true), '');
  v_claims jsonb;
begin
  if v_set is not null then
    return query select split_part(v_set, ':', 1), nullif(split_part(v_set, ':', 2), '')::uuid;
    return;
  end if;
  begin
    v_claims := auth.jwt();
  exception when others then
    v_claims := null;
  end;
  if v_claims ->> 'sub' is not null and coalesce(v_claims ->> 'role', '') = 'authenticated' then
    return query select case when v_claims ->> 'actor' = 'agent' then 'agent' else 'user' end, (v_claims ->> 'sub')::uuid;
    return;
  end if;
  return query select 'system'::text, null::uuid;
end;
$$;
comment on function private.governance_actor() is
  'The actor of the current transaction for the audit trail: what a governance function declared with set_config(''agentops.audit_actor'', ''agent:<id>'' | ''user:<id>'' | ''system'', true), else the person or agent of the request''s JWT, else system.';

create function private.set_governance_actor(actor_type text, actor_id uuid)
returns void
language sql
volatile
set search_path = ''
as $$
  select set_config('agentops.audit_actor', set_governance_actor.actor_type || ':' || coalesce(set_governance_actor.actor_id::text, ''), true)
$$;
comment on function private.set_governance_actor(text, uuid) is 'Declares who acts for the rest of the transaction (agent, user or system), for the audit trail.';

-- appending: the row without its link, no lock; sealed when its transaction commits (below)
create function private.append_governance_audit(
  workspace_id uuid, event_type text, subject_type text, subject_id uuid, payload jsonb,
  actor_type text default null, actor_id uuid default null
)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_actor_type text := append_governance_audit.actor_type;
  v_actor_id uuid := append_governance_audit.actor_id;
  v_id bigint;
begin
  if v_actor_type is null then
    select a.actor_type, a.actor_id into v_actor_type, v_actor_id from private.governance_actor() a;
  end if;
  insert into public.governance_audit_log (workspace_id, event_type, actor_type, actor_id, subject_type, subject_id, payload, created_at)
  values (append_governance_audit.workspace_id, append_governance_audit.event_type, v_actor_type, v_actor_id,
    append_governance_audit.subject_type, append_governance_audit.subject_id, coalesce(append_governance_audit.payload, '{}'::jsonb),
    clock_timestamp())
  returning id into v_id;
  return v_id;
end;
$$;
comment on function private.append_governance_audit(uuid, text, text, uuid, jsonb, text, uuid) is
  'Appends one event to the workspace''s governance audit log without taking any lock; the row is linked into the chain (next seq, previous hash, own hash) by private.seal_governance_audit_rows: at its transaction''s commit when the chain head is free, else by a later commit, the governance-audit-seal job or verification. The actor defaults to private.governance_actor(). Security definer: the log is not writable by clients.';

-- sealing: the workspace's unsealed rows that this transaction sees (its own, and those others
-- committed), in id order, chained after the head, under the head's lock
create function private.seal_governance_audit_rows(workspace_id uuid, wait boolean default false, since timestamptz default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_seq bigint;
  v_prev text;
  v_hash text;
  v_row record;
  v_n int := 0;
begin
  -- under repeatable read or serializable, locking a head that moved since the snapshot fails the
  -- transaction: leave the rows to the next transaction, the job or verification
  if current_setting('transaction_isolation') <> 'read committed' then
    return 0;
  end if;
  if seal_governance_audit_rows.wait then
    select h.last_seq, h.last_hash into v_seq, v_prev from private.governance_audit_heads h
    where h.workspace_id = seal_governance_audit_rows.workspace_id for update;
  else
    select h.last_seq, h.last_hash into v_seq, v_prev from private.governance_audit_heads h
    where h.workspace_id = seal_governance_audit_rows.workspace_id for update skip locked;
  end if;
  if not found then
    if exists (select 1 from private.governance_audit_heads h where h.workspace_id = seal_governance_audit_rows.workspace_id) then
      return 0; -- another transaction is sealing: it, a later one or the job seals these rows
    end if;
    -- the workspace's first seal (a workspace deleted meanwhile has no head: nothing to seal)
    insert into private.governance_audit_heads (workspace_id)
    select w.id from public.workspaces w where w.id = seal_governance_audit_rows.workspace_id
    on conflict on constraint governance_audit_heads_pkey do nothing;
    select h.last_seq, h.last_hash into v_seq, v_prev from private.governance_audit_heads h
    where h.workspace_id = seal_governance_audit_rows.workspace_id for update skip locked;
    if not found then
      return 0;
    end if;
  end if;
  perform set_config('agentops.audit_sealing', 'on', true);
  for v_row in
    select l.* from public.governance_audit_log l
    where l.workspace_id = seal_governance_audit_rows.workspace_id and l.seq is null
      and (seal_governance_audit_rows.since is null or l.created_at >= seal_governance_audit_rows.since)
    order by l.id
  loop
    v_seq := v_seq + 1;
    v_hash := private.governance_audit_hash(v_prev, v_row.workspace_id, v_seq, v_row.event_type, v_row.actor_type, v_row.actor_id,
      v_row.subject_type, v_row.subject_id, v_row.payload, v_row.created_at);
    update public.governance_audit_log l set seq = v_seq, prev_hash = v_prev, hash = v_hash where l.id = v_row.id;
    v_prev := v_hash;
    v_n := v_n + 1;
  end loop;
  perform set_config('agentops.audit_sealing', '', true);
  if v_n > 0 then
    update private.governance_audit_heads h set last_seq = v_seq, last_hash = v_prev, updated_at = now()
    where h.workspace_id = seal_governance_audit_rows.workspace_id;
  end if;
  return v_n;
end;
$$;
comment on function private.seal_governance_audit_rows(uuid, boolean, timestamptz) is
  'Links the workspace''s unsealed governance audit rows that the transaction sees (its own, and those committed by others; with since, only those appended since then) into its chain, in id order, after the head: next seq, the previous hash, its own hash; returns how many. Takes the lock on the chain head without waiting (returns 0 when another transaction holds it: that one, a later one or the job seals them), or waiting with wait => true (verification). Read committed only (returns 0 otherwise). Security definer: the chain is not writable by clients.';

-- at commit: the transaction's rows, and what others left unsealed, if the head is free
create function private.seal_governance_audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- one seal takes every row of the transaction: the triggers of the others find theirs sealed.
  -- Only rows appended in the last 10 seconds (the transaction's own rows are never older than its
  -- start): older ones, which no commit sealed in time, are the job's, whose scan may walk the dead
  -- index entries of rows sealed since the last VACUUM; a commit's must not
  if exists (select 1 from public.governance_audit_log l where l.id = new.id and l.seq is null) then
    perform private.seal_governance_audit_rows(new.workspace_id, false, now() - interval '10 seconds');
  end if;
  return null;
end;
$$;
comment on function private.seal_governance_audit() is
  'Deferred constraint trigger: when the transaction that appended a governance audit row commits, seals the workspace''s unsealed rows appended in the last 10 seconds (private.seal_governance_audit_rows), its own included, if its chain head is free, and skips without waiting if another transaction holds it. Security definer: the chain is not writable by clients.';

create constraint trigger governance_audit_log_seal after insert on public.governance_audit_log
  deferrable initially deferred
  for each row execute function private.seal_governance_audit();

-- job (every minute): seals what no later transaction of its workspace sealed (the tail after the
-- last requests, and rows older than a commit's 10 seconds), so no committed row stays unsealed
-- longer than about a minute
create function private.seal_governance_audit_tails()
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ws uuid;
  v_n int := 0;
begin
  if not private.try_job_lock('governance-audit-seal') then
    return 0;
  end if;
  for v_ws in
    with recursive w (workspace_id) as (
      (select l.workspace_id from public.governance_audit_log l where l.seq is null order by l.workspace_id limit 1)
      union all
      select (select l.workspace_id from public.governance_audit_log l where l.seq is null and l.workspace_id > w.workspace_id
              order by l.workspace_id limit 1)
      from w where w.workspace_id is not null
    )
    select w.workspace_id from w where w.workspace_id is not null
  loop
    v_n := v_n + private.seal_governance_audit_rows(v_ws);
  end loop;
  return v_n;
end;
$$;
comment on function private.seal_governance_audit_tails() is
  'Job governance-audit-seal (every minute): seals every workspace''s governance audit rows left unsealed (their transactions found the chain head taken and no commit within the next 10 seconds sealed them); skips a workspace whose head another transaction holds (that one seals, or the next run). Returns how many rows it sealed. Security definer so that the scheduler needs no table rights.';

select cron.schedule('governance-audit-seal', '* * * * *', $$select private.seal_governance_audit_tails()$$);

-- verifying: seal what waits, then recompute every hash and link, in seq order; name the first
-- row that does not fit; rows it cannot seal (a read-only transaction) are reported, not ignored
create function private.verify_governance_audit_chain(workspace_id uuid)
returns table (ok boolean, rows_checked bigint, first_broken_seq bigint, first_broken_id bigint, reason text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_claims jsonb := auth.jwt();
  v_head private.governance_audit_heads%rowtype;
  v_bad record;
  v_count bigint;
  v_last record;
  v_unsealed record;
begin
  if v_claims is not null and coalesce(v_claims ->> 'role', '') <> 'service_role'
     and not private.has_role(verify_governance_audit_chain.workspace_id, 'viewer') then
    raise exception 'not a member of this workspace' using errcode = 'AO403', column = 'workspace_id', hint = 'not_a_member';
  end if;

  -- rows committed unsealed (and the caller's own, which its commit would seal) are sealed first,
  -- waiting for the head if a commit holds it; the head stays locked until the caller's
  -- transaction ends, so the chain and its head do not move under the checks below
  if current_setting('transaction_read_only') = 'off' then
    perform private.seal_governance_audit_rows(verify_governance_audit_chain.workspace_id, true);
  end if;

  select count(*) into v_count from public.governance_audit_log l
  where l.workspace_id = verify_governance_audit_chain.workspace_id and l.seq is not null;

  select l.seq, l.id, f.reason into v_bad
  from (
    select l.*, lag(l.seq) over w as p_seq, lag(l.hash) over w as p_hash
    from public.governance_audit_log l
    where l.workspace_id = verify_governance_audit_chain.workspace_id and l.seq is not null
    window w as (order by l.seq)
  ) l
  cross join lateral (values
    (l.seq <> coalesce(l.p_seq, 0) + 1, format('seq %s follows seq %s: rows are missing before it', l.seq, coalesce(l.p_seq, 0))),
    (l.prev_hash is distinct from l.p_hash, 'prev_hash does not match the hash of the previous row'),
    (l.hash <> private.governance_audit_hash(l.prev_hash, l.workspace_id, l.seq, l.event_type, l.actor_type, l.actor_id,
      l.subject_type, l.subject_id, l.payload, l.created_at), 'hash does not match the row''s content')
  ) as f (bad, reason)
  where f.bad
  order by l.seq
  limit 1;
  if found then
    return query select false, v_count, v_bad.seq, v_bad.id, v_bad.reason;
    return;
  end if;

  select * into v_head from private.governance_audit_heads h where h.workspace_id = verify_governance_audit_chain.workspace_id;
  select l.seq, l.id, l.hash into v_last from public.governance_audit_log l
  where l.workspace_id = verify_governance_audit_chain.workspace_id and l.seq is not null order by l.seq desc limit 1;
  if coalesce(v_head.last_seq, 0) <> coalesce(v_last.seq, 0) or v_head.last_hash is distinct from v_last.hash then
    return query select false, v_count, coalesce(v_last.seq, 0) + 1, null::bigint,
      format('the chain head is at seq %s but the log ends at seq %s: rows were cut off the end', coalesce(v_head.last_seq, 0), coalesce(v_last.seq, 0));
    return;
  end if;

  -- what could not be sealed here is not verified: say so (a writable transaction seals it first)
  select count(*) as n, min(l.id) as id into v_unsealed from public.governance_audit_log l
  where l.workspace_id = verify_governance_audit_chain.workspace_id and l.seq is null;
  if v_unsealed.n > 0 and current_setting('transaction_read_only') = 'on' then
    return query select false, v_count, coalesce(v_last.seq, 0) + 1, v_unsealed.id,
      format('%s rows are not sealed yet: the next request of the workspace or the governance-audit-seal job (every minute) seals them; verify in a writable transaction to seal them first', v_unsealed.n);
    return;
  end if;
  return query select true, v_count, null::bigint, null::bigint, null::text;
end;
$$;
comment on function private.verify_governance_audit_chain(uuid) is
  'Verifies a workspace''s governance audit chain: first seals the rows waiting for their seal (in a writable transaction, waiting for the chain head), then checks that every seq follows the previous one, every prev_hash is the previous row''s hash, every hash matches its row, and the last row is the recorded chain head. Returns ok, how many rows were checked and, when broken, the first broken seq and id with the reason; in a read-only transaction, rows not sealed yet make it not ok (named: the first of them). Security definer (reads and seals the private chain); people must be members of the workspace.';

create function public.verify_governance_audit_chain(workspace_id uuid)
returns table (ok boolean, rows_checked bigint, first_broken_seq bigint, first_broken_id bigint, reason text)
language sql
volatile
set search_path = ''
as $$
  select * from private.verify_governance_audit_chain(verify_governance_audit_chain.workspace_id)
$$;
comment on function public.verify_governance_audit_chain(uuid) is 'For dashboards (PostgREST RPC): verifies the workspace''s governance audit chain and names the first broken link; members of the workspace only.';

-- append-only: no update, no delete (except the cascade when the workspace itself goes), no truncate
create function private.governance_audit_append_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if not exists (select 1 from public.workspaces w where w.id = old.workspace_id) then
      return old;
    end if;
  end if;
  -- the seal: an unsealed row gets its link once, nothing else of it changes
  if tg_op = 'UPDATE' and old.hash is null and new.hash is not null and new.seq is not null
     and (new.id, new.workspace_id, new.event_type, new.actor_type, new.actor_id, new.subject_type, new.subject_id, new.payload, new.created_at)
         is not distinct from (old.id, old.workspace_id, old.event_type, old.actor_type, old.actor_id, old.subject_type, old.subject_id, old.payload, old.created_at)
     and current_setting('agentops.audit_sealing', true) = 'on' then
    return new;
  end if;
  raise exception 'the governance audit log is append-only' using errcode = 'AO409', hint = 'append_only';
end;
$$;
comment on function private.governance_audit_append_only() is 'Trigger: refuses to update, delete or truncate governance audit rows; only the cascade of a deleted workspace removes them, and only the seal (private.seal_governance_audit_rows) gives an unsealed row its seq and hashes, once.';

create trigger governance_audit_log_append_only before update or delete on public.governance_audit_log
  for each row execute function private.governance_audit_append_only();
create trigger governance_audit_log_no_truncate before truncate on public.governance_audit_log
  for each statement execute function private.governance_audit_append_only();

-- a deleted workspace takes its audit rows with it (what the foreign key's cascade did)
create function private.governance_audit_workspace_gone()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.governance_audit_log l using gone_workspaces g where l.workspace_id = g.id;
  return null;
end;
$$;
comment on function private.governance_audit_workspace_gone() is
  'Statement trigger on workspaces: deletes the audit rows of deleted workspaces (the append-only trigger lets them go once their workspace is gone). Security definer: clients cannot delete audit rows.';

create trigger governance_audit_log_workspace_gone after delete on public.workspaces
  referencing old table as gone_workspaces
  for each statement execute function private.governance_audit_workspace_gone();

-- permission changes (agent_permissions_log is written by the registry's triggers) join the chain
create function private.chain_agent_permission_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.append_governance_audit(
    new.workspace_id, 'permission.' || new.action, 'agent', new.agent_id,
    jsonb_build_object('permissions_log_id', new.id, 'action', new.action, 'before_state', new.before_state,
      'after_state', new.after_state, 'changed_by', new.changed_by, 'logged_at', new.created_at),
    case when new.changed_by is null then 'system' else 'user' end, new.changed_by);
  return null;
end;
$$;
comment on function private.chain_agent_permission_change() is
  'Trigger on agent_permissions_log: appends each permission change (tool and capability grants and revocations, escalation, limits, status, keys) to the governance audit chain. Security definer: the chain is not writable by clients.';

create trigger agent_permissions_log_chain_governance_audit after insert on public.agent_permissions_log
  for each row execute function private.chain_agent_permission_change();

-- rows logged before this migration join the chain in the order they were written
select private.append_governance_audit(
  l.workspace_id, 'permission.' || l.action, 'agent', l.agent_id,
  jsonb_build_object('permissions_log_id', l.id, 'action', l.action, 'before_state', l.before_state,
    'after_state', l.after_state, 'changed_by', l.changed_by, 'logged_at', l.created_at),
  case when l.changed_by is null then 'system' else 'user' end, l.changed_by)
from public.agent_permissions_log l
order by l.created_at, l.id;

revoke all on function private.governance_audit_hash(text, uuid, bigint, text, text, uuid, text, uuid, jsonb, timestamptz) from public;
revoke all on function private.governance_actor() from public;
revoke all on function private.set_governance_actor(text, uuid) from public;
revoke all on function private.append_governance_audit(uuid, text, text, uuid, jsonb, text, uuid) from public;
revoke all on function private.seal_governance_audit() from public;
revoke all on function private.seal_governance_audit_rows(uuid, boolean, timestamptz) from public;
revoke all on function private.seal_governance_audit_tails() from public;
revoke all on function private.governance_audit_workspace_gone() from public;
revoke all on function private.verify_governance_audit_chain(uuid) from public;
revoke all on function public.verify_governance_audit_chain(uuid) from public, anon;
revoke all on function private.governance_audit_append_only() from public;
revoke all on function private.chain_agent_permission_change() from public;
grant execute on function private.governance_audit_hash(text, uuid, bigint, text, text, uuid, text, uuid, jsonb, timestamptz) to authenticated, service_role;
grant execute on function private.verify_governance_audit_chain(uuid) to authenticated, service_role;
grant execute on function private.seal_governance_audit_tails() to service_role;
grant execute on function public.verify_governance_audit_chain(uuid) to authenticated, service_role;

revoke all on public.governance_audit_log from anon, authenticated;
grant select on public.governance_audit_log to authenticated;

alter table public.governance_audit_log enable row level security;

create policy governance_audit_log_select on public.governance_audit_log for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
