-- cost_insights (seed 000 section 6): today's spend against a thirtieth of the monthly budget.
begin;
select plan(5);

-- SETUP: three agents with a budget of 300 a month (10 a day)
select tests.create_user('ci@test.local', '44000000-0000-4000-a000-000000000001');
select tests.create_workspace('ci', '44000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'ci'), slug) from unnest(array['ci-healthy', 'ci-near', 'ci-over']) slug;
update public.agents set cost_per_month = 300, tokens_per_day = 1000 where slug like 'ci-%';
insert into public.agent_usage (workspace_id, agent_id, date, tokens_used, cost_usd)
select workspace_id, id, private.utc_today(), 250, case slug when 'ci-healthy' then 1 when 'ci-near' then 8.5 else 10.5 end
from public.agents where slug like 'ci-%';
insert into public.agent_usage (workspace_id, agent_id, date, cost_usd)
select workspace_id, id, date_trunc('month', private.utc_today())::date, 20 from public.agents
where slug = 'ci-healthy' and date_trunc('month', private.utc_today())::date < private.utc_today();

-- TEST: the seed's three states
select results_eq($$select agent_id, status from public.cost_insights where agent_id like 'ci-%' order by agent_id$$,
  $$values ('ci-healthy'::text, 'HEALTHY'::text), ('ci-near', 'APPROACHING_LIMIT'), ('ci-over', 'OVER_BUDGET')$$,
  'HEALTHY below 80 %, APPROACHING_LIMIT above, OVER_BUDGET above the daily share');
select is((select usage_percentage from public.cost_insights where agent_id = 'ci-near'), 25.00::numeric, 'token use as a percentage of the daily limit');
select is((select cost_month from public.cost_insights where agent_id = 'ci-healthy'),
  case when date_trunc('month', private.utc_today())::date < private.utc_today() then 21 else 1 end::numeric, 'the month so far adds the days');

-- TEST: an agent with no usage today is healthy at zero
select tests.create_agent((select id from public.workspaces where slug = 'ci'), 'ci-idle');
select results_eq($$select tokens_today, cost_today, status from public.cost_insights where agent_id = 'ci-idle'$$,
  $$values (0::bigint, 0::numeric, 'HEALTHY'::text)$$, 'no usage is zero and healthy');

-- TEST: the view follows RLS
select tests.create_user('ci-out@test.local', '44000000-0000-4000-a000-000000000002');
select tests.authenticate_as('44000000-0000-4000-a000-000000000002');
select is((select count(*) from public.cost_insights where agent_id like 'ci-%'), 0::bigint, 'another workspace sees none of it');

select * from finish();
rollback;
