-- Error patterns: normalization and fingerprints, kept by statement-level triggers on executions
-- as failed runs are inserted or updated (also through private.ingest_runs, the hot path),
-- resolution and regression, and who may read and change them.
begin;
select plan(24);

-- SETUP
select tests.create_user('member@err.test', '62000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@err.test', '62000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@err.test', '62000000-0000-4000-a000-000000000003');
select tests.create_workspace('err', '62000000-0000-4000-a000-000000000001');
select tests.create_workspace('err-other', '62000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'err'), '62000000-0000-4000-a000-000000000002', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'err'), 'err-agent');
select tests.create_agent((select id from public.workspaces where slug = 'err-other'), 'err-other-agent');
create temporary table ctx as select id as ws from public.workspaces where slug = 'err';
grant select on ctx to authenticated;

-- TEST: normalization removes what varies between occurrences
select is(private.normalize_error_message('Timeout after 30000 ms calling https://api.openai.com/v1/chat?x=1'),
  'timeout after <n> ms calling <url>', 'numbers and urls');
select is(private.normalize_error_message('User 3F2C9A1E-4B5D-4E6F-8A9B-0C1D2E3F4A5B not found (req_8f3a2b9c1d)'),
  'user <id> not found (req_<id>)', 'uuids and hex ids, case-insensitively');
select is(private.normalize_error_message('File /var/data/run-42/out.json missing at 2025-11-02T10:22:33.123Z'),
  'file <path> missing at <ts>', 'absolute paths and ISO timestamps');
select is(private.normalize_error_message(E'Disk   full\n on C:\\Users\\bob at 09:15:00, mail ops@example.com'),
  'disk full on <path> at <ts>, mail <email>', 'windows paths, clock times, emails, whitespace');
select is(private.error_fingerprint('RateLimitError', 'rate limit'), left(encode(sha256(convert_to(E'RateLimitError\nrate limit', 'UTF8')), 'hex'), 32),
  'the fingerprint is the first 32 hex digits of sha256(type, newline, message)');

-- TEST: the triggers are statement-level with transition tables (the ingest hot path)
select results_eq(
  $$select t.tgname::text collate "default", (t.tgtype & 1) = 0, t.tgnewtable is not null from pg_trigger t
    where t.tgrelid = 'public.executions'::regclass and t.tgname like 'executions_track_error_patterns%' order by 1$$,
  $$values ('executions_track_error_patterns_insert', true, true), ('executions_track_error_patterns_update', true, true)$$,
  'error patterns are tracked by FOR EACH STATEMENT triggers with transition tables');

-- TEST: two failures differing only in numbers and ids, inserted in one statement, are one pattern of 2
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at, error_type, error_message)
select a.workspace_id, a.id, r.run_key, r.status, r.at, r.at, r.error_type, r.msg
from public.agents a
cross join (values
  ('e1', 'failed', '2025-03-01 10:00+00'::timestamptz, 'RateLimitError', 'Rate limit: retry after 20s (request 1a2b3c4d5e)'),
  ('e2', 'failed', '2025-03-01 11:00+00', 'RateLimitError', 'Rate limit: retry after 3s (request 9f8e7d6c5b)'),
  ('e3', 'succeeded', '2025-03-01 12:00+00', null, null),
  ('e4', 'failed', '2025-03-01 13:00+00', 'ValidationError', 'output exceeds 280 characters (312)')
) as r (run_key, status, at, error_type, msg)
where a.slug = 'err-agent';
select results_eq(
  $$select ep.error_type, ep.normalized_message, ep.occurrence_count, ep.first_seen_at, ep.last_seen_at
    from public.error_patterns ep join public.workspaces w on w.id = ep.workspace_id where w.slug = 'err' order by ep.error_type$$,
  $$values ('RateLimitError'::text, 'rate limit: retry after <n>s (request <id>)'::text, 2::bigint, '2025-03-01 10:00+00'::timestamptz, '2025-03-01 11:00+00'::timestamptz),
           ('ValidationError', 'output exceeds <n> characters (<n>)', 1, '2025-03-01 13:00+00', '2025-03-01 13:00+00')$$,
  'failures group by fingerprint with counts and first/last seen; successes add nothing');
select results_eq(
  $$select ep.example_message, (select run_key from public.executions where id = ep.example_execution_id),
      (select run_key from public.executions where id = ep.last_execution_id)
    from public.error_patterns ep where ep.error_type = 'RateLimitError' and ep.workspace_id = (select ws from ctx)$$,
  $$values ('Rate limit: retry after 20s (request 1a2b3c4d5e)'::text, 'e1'::text, 'e2'::text)$$,
  'the first run is the example, with its message as it was; the latest is remembered');

-- TEST: a run that becomes failed through an update counts once
insert into public.executions (workspace_id, agent_id, run_key, status, started_at)
select a.workspace_id, a.id, 'e5', 'running', '2025-03-02 09:00+00' from public.agents a where a.slug = 'err-agent';
update public.executions set status = 'failed', ended_at = '2025-03-02 09:05+00', error_type = 'RateLimitError',
  error_message = 'Rate limit: retry after 7s (request 0a0b0c0d0e)' where run_key = 'e5';
update public.executions set feedback = 'seen' where run_key = 'e5';
select is((select occurrence_count from public.error_patterns where error_type = 'RateLimitError' and workspace_id = (select ws from ctx)), 3::bigint,
  'a run that fails through an update counts, once (a later update of it does not count again)');
select is((select last_seen_at from public.error_patterns where error_type = 'RateLimitError' and workspace_id = (select ws from ctx)), '2025-03-02 09:05+00'::timestamptz,
  'last seen moves to the new failure');

-- TEST: a timeout without an error type is grouped as "timeout"
insert into public.executions (workspace_id, agent_id, run_key, status, started_at)
select a.workspace_id, a.id, 'e6', 'timeout', '2025-03-02 10:00+00' from public.agents a where a.slug = 'err-agent';
select is((select occurrence_count from public.error_patterns where error_type = 'timeout' and normalized_message = '' and workspace_id = (select ws from ctx)), 1::bigint,
  'a timeout with no error is a pattern of type timeout');

-- TEST: through ingest_runs (the hot path) a batch of 3 failures and 1 success adds 3
select tests.ingest_runs(a.id, k.id, jsonb_build_array(
  jsonb_build_object('run_key', 'i1', 'status', 'failed', 'error_type', 'RateLimitError', 'error_message', 'Rate limit: retry after 1s (request 111aaa222b)'),
  jsonb_build_object('run_key', 'i2', 'status', 'failed', 'error_type', 'RateLimitError', 'error_message', 'Rate limit: retry after 2s (request 333ccc444d)'),
  jsonb_build_object('run_key', 'i3', 'status', 'succeeded'),
  jsonb_build_object('run_key', 'i4', 'status', 'running')))
from public.agents a join public.agent_api_keys k on k.agent_id = a.id where a.slug = 'err-agent';
select is((select occurrence_count from public.error_patterns where error_type = 'RateLimitError' and workspace_id = (select ws from ctx)), 5::bigint, 'ingested failures are counted');
-- the running run fails in a second batch; the same batch sent again counts nothing more
select tests.ingest_runs(a.id, k.id, '[{"run_key": "i4", "status": "failed", "error_type": "RateLimitError", "error_message": "Rate limit: retry after 9s (request 555eee666f)"}]')
from public.agents a join public.agent_api_keys k on k.agent_id = a.id where a.slug = 'err-agent';
select tests.ingest_runs(a.id, k.id, '[{"run_key": "i4", "status": "failed", "error_type": "RateLimitError", "error_message": "Rate limit: retry after 9s (request 555eee666f)"}]')
from public.agents a join public.agent_api_keys k on k.agent_id = a.id where a.slug = 'err-agent';
select is((select occurrence_count from public.error_patterns where error_type = 'RateLimitError' and workspace_id = (select ws from ctx)), 6::bigint,
  'a run reported failed by a later batch counts once, a retried batch not again');

-- TEST: the same error in another workspace is a separate pattern
insert into public.executions (workspace_id, agent_id, run_key, status, error_type, error_message)
select a.workspace_id, a.id, 'o1', 'failed', 'RateLimitError', 'Rate limit: retry after 5s (request 777aaa888b)'
from public.agents a where a.slug = 'err-other-agent';
select is((select count(*) from public.error_patterns ep join public.workspaces w on w.id = ep.workspace_id
           where ep.error_type = 'RateLimitError' and w.slug in ('err', 'err-other')), 2::bigint, 'patterns are per workspace');

-- TEST: a member resolves a pattern with a note; who and when are recorded
select tests.authenticate_as('62000000-0000-4000-a000-000000000001');
update public.error_patterns set status = 'resolved', resolution_note = 'Raised the org rate limit' where error_type = 'ValidationError' and workspace_id = (select ws from ctx);
select results_eq($$select status, resolution_note, resolved_by, resolved_at is not null from public.error_patterns where error_type = 'ValidationError' and workspace_id = (select ws from ctx)$$,
  $$values ('resolved'::text, 'Raised the org rate limit'::text, '62000000-0000-4000-a000-000000000001'::uuid, true)$$,
  'resolving records the note, who and when');
select throws_ok($$update public.error_patterns set occurrence_count = 0$$, '42501', null, 'counts are not writable by clients');
select throws_ok($$insert into public.error_patterns (workspace_id, fingerprint, error_type, normalized_message, first_seen_at, last_seen_at, occurrence_count)
  select id, repeat('a', 32), 'x', 'x', now(), now(), 1 from public.workspaces where slug = 'err'$$, '42501', null, 'clients cannot insert error patterns');
select tests.clear_authentication();

-- TEST: the resolved error happening again reopens it (a regression)
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at, error_type, error_message)
select a.workspace_id, a.id, 'e7', 'failed', now() + interval '1 minute', now() + interval '1 minute', 'ValidationError', 'output exceeds 280 characters (400)'
from public.agents a where a.slug = 'err-agent';
select results_eq($$select status, occurrence_count from public.error_patterns where error_type = 'ValidationError' and workspace_id = (select ws from ctx)$$,
  $$values ('open'::text, 2::bigint)$$, 'a resolved pattern seen again is open again, its note kept');

-- TEST: a viewer reads but cannot change
select tests.authenticate_as('62000000-0000-4000-a000-000000000002');
select is((select count(*) from public.error_patterns), 3::bigint, 'a viewer reads the workspace''s error patterns');
update public.error_patterns set resolution_note = 'viewer was here';
select tests.clear_authentication();
select is((select count(*) from public.error_patterns where resolution_note = 'viewer was here'), 0::bigint, 'a viewer changes nothing');

-- TEST: an outsider, an agent and anon read nothing of the workspace
select tests.authenticate_as('62000000-0000-4000-a000-000000000003');
select is((select count(*) from public.error_patterns where workspace_id = (select id from public.workspaces where slug = 'err')), 0::bigint,
  'a member of another workspace sees none');
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'err-agent'));
select is((select count(*) from public.error_patterns), 0::bigint, 'agents do not read error patterns');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.error_patterns$$, '42501', null, 'anon cannot read error patterns');
select tests.clear_authentication();

-- TEST: members may not delete; nothing to delete through the API
select tests.authenticate_as('62000000-0000-4000-a000-000000000001');
select throws_ok($$delete from public.error_patterns$$, '42501', null, 'error patterns cannot be deleted through the API');
select tests.clear_authentication();

select * from finish();
rollback;
