-- Seed 003's third retention rule: the scheduled, bounded cleanup of low-value patterns (fewer
-- than 5 uses, success rate under 50%, unused for 30 days); everything else stays.
begin;
select plan(9);

-- SETUP: one workspace, patterns with known histories (statistics come from pattern_usage only)
select tests.create_user('owner@lowvalue.test', '64000000-0000-4000-a000-000000000001');
select tests.create_workspace('lowvalue', '64000000-0000-4000-a000-000000000001');

create function pg_temp.pattern(name text, created timestamptz, successes int, failures int, unknown int, used timestamptz)
returns void language plpgsql as $$
declare
  v_id uuid;
begin
  insert into public.patterns (workspace_id, topic, name, created_at)
  values ((select id from public.workspaces where slug = 'lowvalue'), 'lv', pattern.name, pattern.created)
  returning id into v_id;
  insert into public.pattern_usage (workspace_id, pattern_id, success, used_at)
  select p.workspace_id, p.id, o.success, pattern.used
  from public.patterns p
  cross join lateral (
    select true from generate_series(1, pattern.successes)
    union all select false from generate_series(1, pattern.failures)
    union all select null::boolean from generate_series(1, pattern.unknown)
  ) o (success)
  where p.id = v_id;
end;
$$;

select pg_temp.pattern('low-old', now() - interval '90 days', 1, 3, 0, now() - interval '40 days');      -- 4 uses, 25%, unused 40 days: goes
select pg_temp.pattern('low-old-2', now() - interval '90 days', 0, 2, 0, now() - interval '31 days');    -- 2 uses, 0%, unused 31 days: goes
select pg_temp.pattern('low-recent', now() - interval '90 days', 1, 3, 0, now() - interval '10 days');   -- used lately: stays
select pg_temp.pattern('low-busy', now() - interval '90 days', 1, 5, 0, now() - interval '40 days');     -- 6 uses: stays
select pg_temp.pattern('good-old', now() - interval '90 days', 3, 1, 0, now() - interval '40 days');     -- 75%: stays
select pg_temp.pattern('half-old', now() - interval '90 days', 2, 2, 0, now() - interval '40 days');     -- exactly 50%: stays
select pg_temp.pattern('unknown-old', now() - interval '90 days', 0, 0, 3, now() - interval '40 days');  -- no known outcome: stays
select pg_temp.pattern('never-used', now() - interval '90 days', 0, 0, 0, now());                        -- never used: no rate, stays

-- TEST: the job's function deletes exactly the low-value ones, oldest first, in bounded batches
select is(private.purge_low_value_patterns(now(), 1), 1, 'a batch of 1 deletes one pattern');
select is((select count(*)::int from public.patterns p join public.workspaces w on w.id = p.workspace_id
  where w.slug = 'lowvalue' and p.name = 'low-old'), 0, 'the longest unused low-value pattern went first');
select is(private.purge_low_value_patterns(), 1, 'the next run deletes the other one');
select is(private.purge_low_value_patterns(), 0, 'then nothing is left to delete');
select set_eq(
  $$select p.name from public.patterns p join public.workspaces w on w.id = p.workspace_id where w.slug = 'lowvalue'$$,
  array['low-recent', 'low-busy', 'good-old', 'half-old', 'unknown-old', 'never-used'],
  'recently used, often used, successful, 50%, unknown-outcome and never-used patterns stay');
select is((select count(*)::int from public.pattern_usage u join public.workspaces w on w.id = u.workspace_id
  where w.slug = 'lowvalue' and u.pattern_id not in (select id from public.patterns)), 0, 'their usage rows went with them');

-- TEST: the rule moves with the clock: 40 days on, low-recent has been unused for 50 days
select is(private.purge_low_value_patterns(now() + interval '40 days'), 1, 'at a later date the now-stale pattern goes');

-- TEST: the job is scheduled under pg_cron, calling exactly this function
select is((select command from cron.job where jobname = 'learning-low-value-patterns'), 'select private.purge_low_value_patterns()',
  'pg_cron job learning-low-value-patterns calls the function');

-- TEST: clients cannot call the job function
select tests.authenticate_as('64000000-0000-4000-a000-000000000001');
select throws_ok($$select private.purge_low_value_patterns()$$, '42501', null, 'an owner cannot run the cleanup directly');
select tests.clear_authentication();

select * from finish();
rollback;
