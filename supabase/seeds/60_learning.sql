-- Demo data of the learning area (docs/learning.md) in the demo workspace: two more agents that
-- chain with content-gen-v1, runs over the last 27 days with two models and a recurring error,
-- echo entries, a pattern library with deterministic embeddings, pattern usage, evaluations and
-- reputation, efficiency measurements, an experiment; then the scheduled jobs run once.
--
-- Embeddings: with u = (1, 1, ..., 1) / sqrt(1536) and w = (-1, 1, -1, 1, ...) / sqrt(1536)
-- (orthonormal), the pattern at angle t has embedding cos(t) u + sin(t) w. A query of 1536 ones
-- points along u, so each pattern's cosine similarity to it is cos(t): the order is known.

insert into public.agents (id, workspace_id, slug, name, role, type, agent_group, capabilities, tools_granted, escalation_level, created_by)
values
  ('00000000-0000-4000-c000-000000000061', '00000000-0000-4000-b000-000000000001', 'echo-researcher', 'Researcher',
   'research', 'websearch', 'marketing', array['search:web'], array['search-api'], 1, '00000000-0000-4000-a000-000000000001'),
  ('00000000-0000-4000-c000-000000000062', '00000000-0000-4000-b000-000000000001', 'echo-editor', 'Editor',
   'editing', 'media', 'marketing', array['generate:text'], array['openai-api'], 1, '00000000-0000-4000-a000-000000000001')
on conflict (id) do nothing;

-- content-gen-v1: 50 runs, every 13 hours; even runs on gpt-4o ($0.010), odd on gpt-4o-mini ($0.004);
-- runs 2, 14, 26, 38, 50 (gpt-4o: 20 of 25 succeed) and 1, 25 (gpt-4o-mini: 23 of 25) fail on a rate limit
insert into public.executions (workspace_id, agent_id, run_key, source, project_id, user_id, status, started_at, ended_at, model,
  tokens_in, tokens_out, cost_usd, cost_source, error_type, error_message, user_rating, input, output)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000001', 'learning-demo-cg-' || g, 'agent',
  case when g <= 30 then (select p.id from public.projects p where p.workspace_id = '00000000-0000-4000-b000-000000000001' and p.slug = 'q4-campaign-2025') end,
  '00000000-0000-4000-a000-000000000001',
  case when g in (1, 2, 14, 25, 26, 38, 50) then 'failed' else 'succeeded' end,
  now() - make_interval(hours => g * 13), now() - make_interval(hours => g * 13) + make_interval(secs => 2 + g % 5),
  case when g % 2 = 0 then 'gpt-4o' else 'gpt-4o-mini' end,
  800 + g, 200, case when g % 2 = 0 then 0.0100 else 0.0040 end, 'reported',
  case when g in (1, 2, 14, 25, 26, 38, 50) then 'RateLimitError' end,
  case when g in (1, 2, 14, 25, 26, 38, 50) then format('Rate limit exceeded for org-%s: retry after %ss (request req_%s)',
    substr(md5('org'), 1, 8), 1 + g % 7, substr(md5(g::text), 1, 10)) end,
  case when g in (1, 2, 14, 25, 26, 38, 50) then null when g % 5 = 0 then 5 when g % 5 = 3 then 4 when g % 5 = 4 then 2 end,
  jsonb_build_object('prompt', 'Write a headline for our bamboo toothbrush'),
  case when g in (1, 2, 14, 25, 26, 38, 50) then null else jsonb_build_object('text', 'Smile brighter, waste less: the bamboo brush that lasts') end
from generate_series(1, 50) g
on conflict on constraint executions_workspace_run_key_key do nothing;

-- the researcher hits the same rate limit three times (10 occurrences in all: a recurring error)
insert into public.executions (workspace_id, agent_id, run_key, source, status, started_at, ended_at, model, cost_usd, cost_source,
  error_type, error_message)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000061', 'learning-demo-rs-' || n, 'agent', 'failed',
  now() - make_interval(hours => n * 5), now() - make_interval(hours => n * 5) + interval '3 seconds', 'claude-3-5-haiku', 0, 'reported',
  'RateLimitError', format('Rate limit exceeded for org-%s: retry after %ss (request req_%s)', substr(md5('org'), 1, 8), n, substr(md5('rs' || n), 1, 10))
from generate_series(1, 3) n
on conflict on constraint executions_workspace_run_key_key do nothing;

-- three hand-overs: researcher -> content-gen-v1 -> editor; the editor fails in the third
insert into public.executions (workspace_id, agent_id, run_key, source, status, started_at, ended_at, model, tokens_in, tokens_out,
  cost_usd, cost_source)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000061', 'learning-demo-chain-' || n || '-r', 'agent',
  'succeeded', now() - make_interval(days => n), now() - make_interval(days => n) + interval '20 seconds', 'claude-3-5-haiku', 1200, 300, 0.0020, 'reported'
from generate_series(1, 3) n
on conflict on constraint executions_workspace_run_key_key do nothing;
insert into public.executions (workspace_id, agent_id, run_key, source, parent_execution_id, status, started_at, ended_at, model,
  tokens_in, tokens_out, cost_usd, cost_source)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000001', 'learning-demo-chain-' || n || '-w', 'agent',
  (select e.id from public.executions e where e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'learning-demo-chain-' || n || '-r'),
  'succeeded', now() - make_interval(days => n) + interval '30 seconds', now() - make_interval(days => n) + interval '45 seconds',
  'gpt-4o-mini', 900, 250, 0.0040, 'reported'
from generate_series(1, 3) n
on conflict on constraint executions_workspace_run_key_key do nothing;
insert into public.executions (workspace_id, agent_id, run_key, source, parent_execution_id, status, started_at, ended_at, model,
  tokens_in, tokens_out, cost_usd, cost_source, error_type, error_message)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000062', 'learning-demo-chain-' || n || '-e', 'agent',
  (select e.id from public.executions e where e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'learning-demo-chain-' || n || '-w'),
  case when n = 3 then 'failed' else 'succeeded' end,
  now() - make_interval(days => n) + interval '50 seconds', now() - make_interval(days => n) + interval '60 seconds',
  'gpt-4o-mini', 400, 120, 0.0010, 'reported',
  case when n = 3 then 'ValidationError' end, case when n = 3 then 'output exceeds 280 characters (312)' end
from generate_series(1, 3) n
on conflict on constraint executions_workspace_run_key_key do nothing;

insert into public.echo_entries (workspace_id, execution_id, input_prompt, output_content, user_feedback, engagement_metrics,
  performance_data, patterns_learned, key_insights, parameters)
select e.workspace_id, e.id, 'Write a headline for our bamboo toothbrush', 'Smile brighter, waste less: the bamboo brush that lasts',
  'Short and clear', jsonb_build_object('clicks', 100 + g, 'conversions', g / 5, 'ctr', 3.0 + g / 50.0),
  jsonb_build_object('ctr', 3.0 + g / 50.0, 'conversion', 2.1),
  array['Benefit-driven works', '2-line format preferred'], 'Lead with the benefit, then the product.',
  jsonb_build_object('temperature', 0.7)
from generate_series(5, 20, 5) g
join public.executions e on e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'learning-demo-cg-' || g
where not exists (select 1 from public.echo_entries x where x.workspace_id = '00000000-0000-4000-b000-000000000001');

-- the pattern library: angle (degrees) from the query direction, so similarity = cos(angle)
insert into public.patterns (workspace_id, topic, name, description, examples, best_practices, anti_patterns, optimal_model,
  optimal_parameters, embedding, created_by)
select '00000000-0000-4000-b000-000000000001', p.topic, p.name, p.description, p.examples, p.best_practices, p.anti_patterns,
  p.optimal_model, p.optimal_parameters,
  (select array_agg((cos(radians(p.angle)) + sin(radians(p.angle)) * (case when i % 2 = 0 then 1 else -1 end)) / sqrt(1536) order by i)
   from generate_series(1, 1536) i)::extensions.vector(1536),
  '00000000-0000-4000-a000-000000000001'
from (values
  ('eco-friendly-products', 'benefit-driven-headline', 'Lead with what the buyer gains, then name the product.', 10,
   array['Smile brighter, waste less: the bamboo brush that lasts'], array['Benefit first', 'Under 12 words'], array['Feature lists'],
   'gpt-4o-mini', '{"temperature": 0.7}'::jsonb),
  ('eco-friendly-products', 'two-line-format', 'A hook line, then a proof line.', 25,
   array['Plastic-free mornings.\nOne brush, 100% compostable.'], array['Line 1 hooks, line 2 proves'], array['Three lines or more'],
   'gpt-4o-mini', '{"temperature": 0.6}'::jsonb),
  ('eco-friendly-products', 'social-proof-opener', 'Open with how many people already switched.', 40,
   array['50,000 families switched to bamboo this year'], array['Real numbers'], array['Vague claims'], 'gpt-4o', '{"temperature": 0.5}'::jsonb),
  ('eco-friendly-products', 'question-hook', 'Ask the reader a question about their habit.', 55,
   array['Still brushing with plastic?'], array['One short question'], array['Rhetorical chains'], 'gpt-4o', '{"temperature": 0.8}'::jsonb),
  ('eco-friendly-products', 'eco-jargon-heavy', 'Stack sustainability terms.', 75,
   array['Carbon-neutral, biodegradable, zero-waste oral care'], array[]::text[], array['Jargon without a benefit'], null, '{}'::jsonb),
  ('eco-friendly-products', 'all-caps-urgency', 'Shout a deadline.', 95,
   array['LAST CHANCE: ECO BRUSH SALE'], array[]::text[], array['All caps', 'Fake urgency'], null, '{}'::jsonb),
  ('saas-onboarding', 'checklist-email', 'A three-item checklist as the first email.', 5,
   array['1. Connect your data 2. Invite your team 3. Ship your first report'], array['Three items'], array['Walls of text'],
   'gpt-4o-mini', '{"temperature": 0.3}'::jsonb)
) as p (topic, name, description, angle, examples, best_practices, anti_patterns, optimal_model, optimal_parameters)
on conflict on constraint patterns_workspace_topic_name_key do nothing;

-- uses of the patterns by content-gen-v1's runs: (uses, successes) per pattern
insert into public.pattern_usage (workspace_id, pattern_id, agent_id, execution_id, success, user_rating, engagement, used_at)
select '00000000-0000-4000-b000-000000000001', p.id, '00000000-0000-4000-c000-000000000001', e.id, i <= u.successes,
  case when i <= u.successes then 4 + i % 2 else 2 end,
  jsonb_build_object('ctr', case when i <= u.successes then 3.5 else 1.2 end, 'clicks', 100 + i),
  e.started_at
from (values
  ('benefit-driven-headline', 20, 18), ('two-line-format', 12, 9), ('social-proof-opener', 10, 6), ('question-hook', 30, 12),
  ('eco-jargon-heavy', 10, 2), ('all-caps-urgency', 5, 0), ('checklist-email', 4, 4)
) as u (name, uses, successes)
join public.patterns p on p.workspace_id = '00000000-0000-4000-b000-000000000001' and p.name = u.name
cross join lateral generate_series(1, u.uses) i
join public.executions e on e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'learning-demo-cg-' || (1 + (i * 7) % 50)
where not exists (select 1 from public.pattern_usage x where x.workspace_id = '00000000-0000-4000-b000-000000000001');

-- evaluations by the demo admin; each one scores content-gen-v1 (defaults: pass +10 x mean score / 100, fail -5)
insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score,
  value_score, verdict, evaluated_by, evaluated_at)
select e.workspace_id, e.id, 'openai', 'gpt-4o-2024-08-06', v.q, v.r, v.v, v.verdict, '00000000-0000-4000-a000-000000000001',
  e.ended_at + interval '1 hour'
from (values (5, 70, 75, 80, 'pass', 1), (3, 90, 85, 80, 'pass', 2), (4, 55, 60, 50, 'borderline', 3), (1, 30, 40, 20, 'fail', 4))
  as v (g, q, r, v, verdict, ord)
join public.executions e on e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'learning-demo-cg-' || v.g
where not exists (select 1 from public.evaluations x where x.workspace_id = '00000000-0000-4000-b000-000000000001')
order by v.ord;

insert into public.rep_transactions (workspace_id, agent_id, tx_type, delta_rep, reason_code, note, created_by)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000001', 'adjustment', 5, 'manual_adjustment',
  'Demo: onboarding bonus', '00000000-0000-4000-a000-000000000001'
where not exists (select 1 from public.rep_transactions x where x.workspace_id = '00000000-0000-4000-b000-000000000001' and x.tx_type = 'adjustment');

insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms,
  latency_p95_ms, cpu_seconds, memory_mb_avg, measured_by, measured_at)
select e.workspace_id, e.id, 120 + n * 10, 0.95, 1800 + n * 100, 4200 + n * 150, 1.5, 256, '00000000-0000-4000-a000-000000000001',
  e.ended_at + interval '5 minutes'
from generate_series(1, 3) n
join public.executions e on e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'learning-demo-chain-' || n || '-w'
where not exists (select 1 from public.efficiency_measurements x where x.workspace_id = '00000000-0000-4000-b000-000000000001');

-- an A/B test of headline styles: 12 runs per variant
insert into public.tasks (workspace_id, external_task_key, owner_agent_id, group_key, category, title)
values ('00000000-0000-4000-b000-000000000001', 'learning-demo-headlines', '00000000-0000-4000-c000-000000000001', 'marketing',
  'copywriting', 'Headline style experiment')
on conflict on constraint tasks_workspace_key_key do nothing;

insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, variant, outcome, metric_primary,
  started_at, ended_at)
select '00000000-0000-4000-b000-000000000001', 'headline-style', i + case v.variant when 'control' then 0 else 12 end,
  (select t.id from public.tasks t where t.workspace_id = '00000000-0000-4000-b000-000000000001' and t.external_task_key = 'learning-demo-headlines'),
  '00000000-0000-4000-c000-000000000001', v.variant,
  case when i % v.fail_every = 0 then 'failure' else 'success' end,
  v.base + (i % 4) * 0.3,
  now() - make_interval(hours => i), now() - make_interval(hours => i) + interval '1 minute'
from (values ('control', 3, 2.0), ('benefit', 6, 2.6)) as v (variant, fail_every, base)
cross join generate_series(1, 12) i
on conflict on constraint experiment_runs_key_number_key do nothing;

-- a named season of the demo workspace's own, beside the defaults (summer, holiday)
insert into public.season_ranges (workspace_id, season, starts_on, ends_on, recurs_yearly)
select '00000000-0000-4000-b000-000000000001', 'black-friday-week', '2000-11-24', '2000-11-30', true
where not exists (select 1 from public.season_ranges r where r.workspace_id = '00000000-0000-4000-b000-000000000001');

-- the scheduled jobs, once, so that every table has its demo rows
select private.recompute_agent_chains();
select private.fill_history();
select private.compute_seasonal_patterns();
select private.generate_recommendations();
