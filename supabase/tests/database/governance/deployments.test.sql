-- Deployments: a config change creates the next version (config_change), versions are numbered
-- by the database, statuses move forward only, one version deployed per agent, what a deployment
-- is never changes; who sees and writes them; the agent dashboard view and the plan serving it.
begin;
select plan(24);

-- SETUP
select tests.create_user('owner@govd.test', '70000000-0000-4000-a000-000000000001');
select tests.create_user('member@govd.test', '70000000-0000-4000-a000-000000000002');
select tests.create_user('viewer@govd.test', '70000000-0000-4000-a000-000000000003');
select tests.create_user('other@govd.test', '70000000-0000-4000-a000-000000000004');
select tests.create_workspace('govd', '70000000-0000-4000-a000-000000000001') as ws \gset
select tests.create_workspace('govd-other', '70000000-0000-4000-a000-000000000004') as other \gset
select tests.add_member(:'ws', '70000000-0000-4000-a000-000000000002', 'member');
select tests.add_member(:'ws', '70000000-0000-4000-a000-000000000003', 'viewer');
select tests.create_agent(:'ws', 'gd-agent', 1) as agent \gset
select tests.create_agent(:'ws', 'gd-quiet', 1) as quiet \gset

create function pg_temp.versions(agent uuid) returns text language sql as $$
  select string_agg(version || ':' || status || ':' || trigger_type, ' ' order by version) from public.deployments where agent_id = versions.agent
$$;

-- TEST: a change of config is a new version, with a snapshot and what changed
select tests.authenticate_as('70000000-0000-4000-a000-000000000002');
update public.agents set config = '{"model": "gpt-4o"}' where id = :'agent';
select is(pg_temp.versions(:'agent'), '1:pending:config_change', 'changing config creates version 1 (config_change, pending)');
select is((select config -> 'config' ->> 'model' from public.deployments where agent_id = :'agent' and version = 1), 'gpt-4o', 'with a snapshot of the config');
select is((select created_by from public.deployments where agent_id = :'agent' and version = 1), '70000000-0000-4000-a000-000000000002'::uuid, '... and who changed it');
update public.agents set deployment_config = '{"region": "eu"}' where id = :'agent';
select is((select trigger_config from public.deployments where agent_id = :'agent' and version = 2), '{"changed": ["deployment_config"]}'::jsonb,
  'changing deployment_config creates version 2, naming what changed');
update public.agents set config = '{"model": "gpt-4o"}', name = 'renamed' where id = :'agent';
select is((select count(*) from public.deployments where agent_id = :'agent'), 2::bigint, 'an update that leaves the config as it was creates nothing');

-- TEST: manual deployments get the next number, whatever the client sends
insert into public.deployments (workspace_id, agent_id, version, trigger_type, deployment_url) values (:'ws', :'agent', 99, 'manual', 'https://a.govd.test');
select is(pg_temp.versions(:'agent'), '1:pending:config_change 2:pending:config_change 3:pending:manual', 'a member''s deployment is version 3');

-- TEST: statuses move forward; one version deployed at a time
update public.deployments set status = 'deploying' where agent_id = :'agent' and version = 3;
update public.deployments set status = 'deployed' where agent_id = :'agent' and version = 3;
select isnt((select deployed_at from public.deployments where agent_id = :'agent' and version = 3), null, 'deployed_at is stamped');
update public.deployments set status = 'deployed' where agent_id = :'agent' and version = 2;
select is(pg_temp.versions(:'agent'), '1:pending:config_change 2:deployed:config_change 3:stopped:manual', 'deploying version 2 stops version 3');
select isnt((select stopped_at from public.deployments where agent_id = :'agent' and version = 3), null, 'stopped_at is stamped');
select throws_ok(format($$update public.deployments set status = 'deployed' where agent_id = %L and version = 3$$, :'agent'),
  'AO409', 'a deployment cannot go from stopped to deployed', 'a stopped version is not deployed again (deploy a new one)');
update public.deployments set status = 'failed', error_message = 'image pull failed' where agent_id = :'agent' and version = 1;
select throws_ok(format($$update public.deployments set status = 'deploying' where agent_id = %L and version = 1$$, :'agent'),
  'AO409', null, 'failed is final');
select throws_ok(format($$update public.deployments set config = '{}' where agent_id = %L and version = 2$$, :'agent'),
  'AO409', null, 'what a deployment deploys never changes');
select throws_ok(format($$update public.deployments set version = 7 where agent_id = %L and version = 2$$, :'agent'),
  'AO409', null, 'nor its version');

-- TEST: who sees and writes deployments
select tests.authenticate_as('70000000-0000-4000-a000-000000000003');
select is((select count(*) from public.deployments where workspace_id = :'ws'), 3::bigint, 'a viewer sees the workspace''s deployments');
select throws_ok(format($$insert into public.deployments (workspace_id, agent_id) values (%L, %L)$$, :'ws', :'agent'), '42501', null, 'a viewer cannot create one');
select tests.authenticate_as('70000000-0000-4000-a000-000000000004');
select is((select count(*) from public.deployments where workspace_id = :'ws'), 0::bigint, 'another workspace sees none');
select throws_ok(format($$insert into public.deployments (workspace_id, agent_id) values (%L, %L)$$, :'ws', :'agent'), '42501', null, '... and creates none');
select tests.authenticate_as_agent(:'agent');
select is((select count(*) from public.deployments), 3::bigint, 'an agent sees its own deployments');
select tests.clear_authentication();

-- TEST: the agent dashboard: latest deployment and latest workflow counters per agent
insert into public.workflows (workspace_id, agent_id, name, execution_count, success_count, error_count, created_at)
values (:'ws', :'agent', 'old flow', 1, 1, 0, now() - interval '1 day'), (:'ws', :'agent', 'new flow', 10, 8, 2, now());
select results_eq(
  format('select slug, deployment_version, deployment_status, execution_count, success_count, error_count from public.agent_dashboard where workspace_id = %L order by slug', :'ws'),
  $$values ('gd-agent'::text, 3, 'stopped'::text, 10, 8, 2), ('gd-quiet'::text, null::int, null::text, null::int, null::int, null::int)$$,
  'each agent with its latest deployment and its latest workflow''s counters');
select tests.authenticate_as('70000000-0000-4000-a000-000000000003');
select is((select count(*) from public.agent_dashboard where workspace_id = :'ws'), 2::bigint, 'a viewer reads the dashboard');
select tests.authenticate_as('70000000-0000-4000-a000-000000000004');
select is((select count(*) from public.agent_dashboard where workspace_id = :'ws'), 0::bigint, 'another workspace reads nothing of it');
select tests.clear_authentication();

-- TEST: the plan: one index probe per agent for its latest deployment and latest workflow
create function pg_temp.plan(query text) returns text language plpgsql as $$
declare
  v_line text;
  v_out text := '';
begin
  set local enable_seqscan = off;
  for v_line in execute 'explain (costs off) ' || query loop
    v_out := v_out || v_line || E'\n';
  end loop;
  return v_out;
end;
$$;
select matches(pg_temp.plan(format('select * from public.agent_dashboard where workspace_id = %L order by updated_at desc', :'ws')),
  'Index Scan Backward using deployments_agent_version_key', 'the latest deployment comes from the (agent_id, version) index');
select matches(pg_temp.plan(format('select * from public.agent_dashboard where workspace_id = %L order by updated_at desc', :'ws')),
  'Index Scan using workflows_agent_created_idx', 'the latest workflow comes from the (agent_id, created_at desc) index');
select matches(pg_temp.plan(format('select * from public.agent_dashboard where workspace_id = %L order by updated_at desc', :'ws')),
  'agents_workspace_id_updated_at_idx', 'the agents come in order from the (workspace_id, updated_at desc) index');

select * from finish();
rollback;
