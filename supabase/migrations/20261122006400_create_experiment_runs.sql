-- Experiments (seed 004 experiment_runs): runs of a task under a variant, with an outcome and a
-- primary metric, and analyze_experiment(): per variant the runs, success rate, mean and spread
-- of the metric, and whether the difference from the control variant is significant (two-
-- proportion z-test on success, Welch's t-test on the metric) with its p-value. The
-- distribution functions are plain SQL (no extension): ln gamma by Lanczos, the regularized
-- incomplete gamma and beta functions by series and continued fractions (Numerical Recipes),
-- accurate to about 1e-12 in the p-values.

create table public.experiment_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  experiment_key text not null,
  run_number int not null,
  task_id uuid not null,
  agent_id uuid not null,
  execution_id uuid,
  variant text not null,
  outcome text not null,
  metric_primary numeric(12, 4),
  started_at timestamptz not null,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  constraint experiment_runs_key_number_key unique (workspace_id, experiment_key, run_number),
  constraint experiment_runs_task_fkey foreign key (task_id, workspace_id) references public.tasks (id, workspace_id) on delete cascade,
  constraint experiment_runs_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id),
  constraint experiment_runs_experiment_key_length check (char_length(experiment_key) between 1 and 200),
  constraint experiment_runs_variant_length check (char_length(variant) between 1 and 100),
  constraint experiment_runs_run_number_positive check (run_number > 0),
  constraint experiment_runs_outcome_valid check (outcome in ('success', 'failure', 'inconclusive')),
  constraint experiment_runs_ended_after_started check (ended_at is null or ended_at >= started_at)
);
comment on table public.experiment_runs is 'One run of an experiment (seed 004): a task run by an agent under a variant, its outcome and primary metric. analyze_experiment() compares the variants with the control.';
comment on column public.experiment_runs.run_number is 'Monotonic within the experiment (unique per workspace and experiment_key).';
comment on column public.experiment_runs.variant is 'Variant or treatment label; the control is usually "control".';
comment on column public.experiment_runs.metric_primary is 'The experiment''s main KPI for this run; null when not measured.';
comment on column public.experiment_runs.execution_id is 'The run (executions) this experiment run was, when it was recorded as one. Kept without a foreign key, as every learning table keeps its run: checked when written (private.check_run_reference), and left as it is when retention archives the run (issue 13).';

create index experiment_runs_workspace_key_started_idx on public.experiment_runs (workspace_id, experiment_key, started_at desc);
create index experiment_runs_key_started_idx on public.experiment_runs (experiment_key, started_at desc);
create index experiment_runs_variant_started_idx on public.experiment_runs (variant, started_at desc);
create index experiment_runs_agent_started_idx on public.experiment_runs (agent_id, started_at desc);
create index experiment_runs_agent_id_workspace_idx on public.experiment_runs (agent_id, workspace_id);
create index experiment_runs_task_id_workspace_idx on public.experiment_runs (task_id, workspace_id);
create index experiment_runs_execution_id_workspace_idx on public.experiment_runs (execution_id, workspace_id) where execution_id is not null;

create trigger experiment_runs_check_run before insert or update of execution_id on public.experiment_runs
  for each row execute function private.check_run_reference();

-- ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits)
create function private.stat_ln_gamma(x double precision)
returns double precision
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  v_c double precision[] := array[
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  v_x double precision := stat_ln_gamma.x - 1;
  v_a double precision := v_c[1];
  v_t double precision;
begin
  if stat_ln_gamma.x <= 0 then
    raise exception 'stat_ln_gamma is defined here for x > 0 only' using errcode = '22003';
  end if;
  if stat_ln_gamma.x < 0.5 then
    -- reflection keeps the series accurate near 0
    return ln(pi() / sin(pi() * stat_ln_gamma.x)) - private.stat_ln_gamma(1 - stat_ln_gamma.x);
  end if;
  v_t := v_x + 7.5;
  for i in 1..8 loop
    v_a := v_a + v_c[i + 1] / (v_x + i);
  end loop;
  return 0.5 * ln(2 * pi()) + (v_x + 0.5) * ln(v_t) - v_t + ln(v_a);
end;
$$;
comment on function private.stat_ln_gamma(double precision) is 'ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 coefficients).';

-- exp() that gives 0 instead of an underflow error
create function private.stat_exp(x double precision)
returns double precision
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
  select case when stat_exp.x < -745 then 0::double precision else exp(stat_exp.x) end
$$;
comment on function private.stat_exp(double precision) is 'exp(x), 0 where exp would underflow (Postgres raises an error there).';

-- Q(a, x) = Γ(a, x) / Γ(a): series for x < a + 1, Lentz's continued fraction otherwise
create function private.stat_gamma_q(a double precision, x double precision)
returns double precision
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  v_eps constant double precision := 1e-15;
  v_tiny constant double precision := 1e-300;
  v_gln double precision := private.stat_ln_gamma(stat_gamma_q.a);
  v_ap double precision;
  v_sum double precision;
  v_del double precision;
  v_b double precision;
  v_c double precision;
  v_d double precision;
  v_h double precision;
  v_an double precision;
begin
  if stat_gamma_q.x <= 0 then
    return 1;
  end if;
  if stat_gamma_q.x < stat_gamma_q.a + 1 then
    v_ap := stat_gamma_q.a;
    v_sum := 1 / stat_gamma_q.a;
    v_del := v_sum;
    for n in 1..1000 loop
      v_ap := v_ap + 1;
      v_del := v_del * stat_gamma_q.x / v_ap;
      v_sum := v_sum + v_del;
      exit when abs(v_del) < abs(v_sum) * v_eps;
    end loop;
    return 1 - v_sum * private.stat_exp(-stat_gamma_q.x + stat_gamma_q.a * ln(stat_gamma_q.x) - v_gln);
  end if;
  v_b := stat_gamma_q.x + 1 - stat_gamma_q.a;
  v_c := 1 / v_tiny;
  v_d := 1 / v_b;
  v_h := v_d;
  for i in 1..1000 loop
    v_an := -i * (i - stat_gamma_q.a);
    v_b := v_b + 2;
    v_d := v_an * v_d + v_b;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := v_b + v_an / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_del := v_d * v_c;
    v_h := v_h * v_del;
    exit when abs(v_del - 1) < v_eps;
  end loop;
  return private.stat_exp(-stat_gamma_q.x + stat_gamma_q.a * ln(stat_gamma_q.x) - v_gln) * v_h;
end;
$$;
comment on function private.stat_gamma_q(double precision, double precision) is 'The regularized upper incomplete gamma function Q(a, x) (Numerical Recipes gammq).';

-- I_x(a, b), the regularized incomplete beta function, by Lentz's continued fraction
create function private.stat_incomplete_beta(a double precision, b double precision, x double precision)
returns double precision
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  v_eps constant double precision := 1e-15;
  v_tiny constant double precision := 1e-300;
  v_a double precision;
  v_b double precision;
  v_x double precision;
  v_flip boolean;
  v_bt double precision;
  v_c double precision;
  v_d double precision;
  v_h double precision;
  v_aa double precision;
  v_del double precision;
  v_m2 int;
begin
  if stat_incomplete_beta.x <= 0 then
    return 0;
  end if;
  if stat_incomplete_beta.x >= 1 then
    return 1;
  end if;
  v_bt := private.stat_exp(private.stat_ln_gamma(stat_incomplete_beta.a + stat_incomplete_beta.b) - private.stat_ln_gamma(stat_incomplete_beta.a)
    - private.stat_ln_gamma(stat_incomplete_beta.b) + stat_incomplete_beta.a * ln(stat_incomplete_beta.x)
    + stat_incomplete_beta.b * ln(1 - stat_incomplete_beta.x));
  -- the fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use I_x(a, b) = 1 - I_(1-x)(b, a)
  v_flip := stat_incomplete_beta.x >= (stat_incomplete_beta.a + 1) / (stat_incomplete_beta.a + stat_incomplete_beta.b + 2);
  v_a := case when v_flip then stat_incomplete_beta.b else stat_incomplete_beta.a end;
  v_b := case when v_flip then stat_incomplete_beta.a else stat_incomplete_beta.b end;
  v_x := case when v_flip then 1 - stat_incomplete_beta.x else stat_incomplete_beta.x end;
  v_c := 1;
  v_d := 1 - (v_a + v_b) * v_x / (v_a + 1);
  if abs(v_d) < v_tiny then v_d := v_tiny; end if;
  v_d := 1 / v_d;
  v_h := v_d;
  for m in 1..1000 loop
    v_m2 := 2 * m;
    v_aa := m * (v_b - m) * v_x / ((v_a - 1 + v_m2) * (v_a + v_m2));
    v_d := 1 + v_aa * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := 1 + v_aa / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_h := v_h * v_d * v_c;
    v_aa := -(v_a + m) * (v_a + v_b + m) * v_x / ((v_a + v_m2) * (v_a + 1 + v_m2));
    v_d := 1 + v_aa * v_d;
    if abs(v_d) < v_tiny then v_d := v_tiny; end if;
    v_c := 1 + v_aa / v_c;
    if abs(v_c) < v_tiny then v_c := v_tiny; end if;
    v_d := 1 / v_d;
    v_del := v_d * v_c;
    v_h := v_h * v_del;
    exit when abs(v_del - 1) < v_eps;
  end loop;
  if v_flip then
    return 1 - v_bt * v_h / v_a;
  end if;
  return v_bt * v_h / v_a;
end;
$$;
comment on function private.stat_incomplete_beta(double precision, double precision, double precision) is 'The regularized incomplete beta function I_x(a, b) (Numerical Recipes betai with Lentz''s method).';

create function private.stat_p_two_sided_normal(z double precision)
returns double precision
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
  -- P(|Z| >= |z|) = erfc(|z| / sqrt 2) = Q(1/2, z^2 / 2)
  select private.stat_gamma_q(0.5, stat_p_two_sided_normal.z * stat_p_two_sided_normal.z / 2)
$$;
comment on function private.stat_p_two_sided_normal(double precision) is 'Two-sided p-value of a standard normal statistic z: P(|Z| >= |z|).';

create function private.stat_p_two_sided_t(t double precision, df double precision)
returns double precision
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
  -- P(|T| >= |t|) for Student's t with df degrees of freedom = I_(df / (df + t^2))(df / 2, 1 / 2)
  select private.stat_incomplete_beta(stat_p_two_sided_t.df / 2, 0.5,
    stat_p_two_sided_t.df / (stat_p_two_sided_t.df + stat_p_two_sided_t.t * stat_p_two_sided_t.t))
$$;
comment on function private.stat_p_two_sided_t(double precision, double precision) is 'Two-sided p-value of a Student t statistic with df (possibly fractional) degrees of freedom.';

create type public.experiment_variant_analysis as (
  variant text,
  is_control boolean,
  runs int,
  successes int,
  failures int,
  inconclusive int,
  success_rate double precision,
  metric_n int,
  metric_mean double precision,
  metric_stddev double precision,
  success_rate_diff double precision,
  z_score double precision,
  success_p_value double precision,
  success_significant boolean,
  metric_diff double precision,
  t_statistic double precision,
  welch_df double precision,
  metric_p_value double precision,
  metric_significant boolean
);
comment on type public.experiment_variant_analysis is 'One variant of an experiment as analyze_experiment() reports it; the *_diff, test and significance fields compare it with the control (null on the control itself).';

create function public.analyze_experiment(
  workspace_id uuid,
  experiment_key text,
  control_variant text default 'control',
  alpha double precision default 0.05
)
returns setof public.experiment_variant_analysis
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if analyze_experiment.alpha is null or analyze_experiment.alpha <= 0 or analyze_experiment.alpha >= 1 then
    raise exception 'alpha must be between 0 and 1' using errcode = 'AO422', column = 'alpha', hint = 'validation_failed';
  end if;
  if not exists (select 1 from public.experiment_runs r
                 where r.workspace_id = analyze_experiment.workspace_id and r.experiment_key = analyze_experiment.experiment_key) then
    raise exception 'no experiment % visible to you in this workspace', analyze_experiment.experiment_key
      using errcode = 'AO404', column = 'experiment_key', hint = 'experiment_not_found';
  end if;
  if not exists (select 1 from public.experiment_runs r
                 where r.workspace_id = analyze_experiment.workspace_id and r.experiment_key = analyze_experiment.experiment_key
                   and r.variant = analyze_experiment.control_variant) then
    raise exception 'experiment % has no runs of the control variant %', analyze_experiment.experiment_key, analyze_experiment.control_variant
      using errcode = 'AO404', column = 'control_variant', hint = 'control_not_found';
  end if;

  return query
  with per_variant as (
    select r.variant,
      count(*)::int as runs,
      (count(*) filter (where r.outcome = 'success'))::int as successes,
      (count(*) filter (where r.outcome = 'failure'))::int as failures,
      (count(*) filter (where r.outcome = 'inconclusive'))::int as inconclusive,
      count(r.metric_primary)::int as metric_n,
      avg(r.metric_primary)::double precision as metric_mean,
      var_samp(r.metric_primary)::double precision as metric_var
    from public.experiment_runs r
    where r.workspace_id = analyze_experiment.workspace_id and r.experiment_key = analyze_experiment.experiment_key
    group by r.variant
  ),
  control as (
    select pv.* from per_variant pv where pv.variant = analyze_experiment.control_variant
  ),
  compared as (
    select v.*, (v.variant = c.variant) as is_control,
      v.successes + v.failures as decided,
      c.successes + c.failures as c_decided,
      c.successes as c_successes, c.metric_n as c_metric_n, c.metric_mean as c_metric_mean, c.metric_var as c_metric_var
    from per_variant v cross join control c
  ),
  tests as (
    select x.*,
      case when x.decided > 0 then x.successes::double precision / x.decided end as rate,
      case when x.c_decided > 0 then x.c_successes::double precision / x.c_decided end as c_rate,
      case when x.decided > 0 and x.c_decided > 0
        then (x.successes + x.c_successes)::double precision / (x.decided + x.c_decided) end as pooled,
      case when x.metric_n >= 2 and x.c_metric_n >= 2 then x.metric_var / x.metric_n end as se2,
      case when x.metric_n >= 2 and x.c_metric_n >= 2 then x.c_metric_var / x.c_metric_n end as c_se2
    from compared x
  ),
  stats as (
    select t.*,
      case when t.is_control or t.pooled is null then null
        when t.pooled in (0, 1) then 0::double precision
        else (t.rate - t.c_rate) / sqrt(t.pooled * (1 - t.pooled) * (1.0 / t.decided + 1.0 / t.c_decided)) end as z,
      case when t.is_control or t.se2 is null or t.se2 + t.c_se2 = 0 then null
        else (t.metric_mean - t.c_metric_mean) / sqrt(t.se2 + t.c_se2) end as tstat,
      case when t.is_control or t.se2 is null or t.se2 + t.c_se2 = 0 then null
        else power(t.se2 + t.c_se2, 2) / (power(t.se2, 2) / (t.metric_n - 1) + power(t.c_se2, 2) / (t.c_metric_n - 1)) end as df
    from tests t
  )
  select s.variant, s.is_control, s.runs, s.successes, s.failures, s.inconclusive, s.rate, s.metric_n, s.metric_mean,
    sqrt(s.metric_var),
    case when not s.is_control then s.rate - s.c_rate end,
    s.z,
    private.stat_p_two_sided_normal(s.z),
    private.stat_p_two_sided_normal(s.z) < analyze_experiment.alpha,
    case when not s.is_control then s.metric_mean - s.c_metric_mean end,
    s.tstat,
    s.df,
    private.stat_p_two_sided_t(s.tstat, s.df),
    private.stat_p_two_sided_t(s.tstat, s.df) < analyze_experiment.alpha
  from stats s
  order by s.is_control desc, s.variant;
end;
$$;
comment on function public.analyze_experiment(uuid, text, text, double precision) is
  'Per variant of an experiment: runs, successes, failures, inconclusive runs, success rate (successes / (successes + failures)), and the count, mean and sample standard deviation of metric_primary; against the control variant: the difference in success rate with a pooled two-proportion z-test, and the difference in mean metric with Welch''s t-test (Welch-Satterthwaite degrees of freedom), each with its two-sided p-value and whether p < alpha. The control comes first. Security invoker: reads the runs RLS lets the caller see.';

revoke all on function private.stat_ln_gamma(double precision) from public;
revoke all on function private.stat_exp(double precision) from public;
revoke all on function private.stat_gamma_q(double precision, double precision) from public;
revoke all on function private.stat_incomplete_beta(double precision, double precision, double precision) from public;
revoke all on function private.stat_p_two_sided_normal(double precision) from public;
revoke all on function private.stat_p_two_sided_t(double precision, double precision) from public;
revoke all on function public.analyze_experiment(uuid, text, text, double precision) from public, anon;
grant execute on function private.stat_ln_gamma(double precision) to authenticated, service_role;
grant execute on function private.stat_exp(double precision) to authenticated, service_role;
grant execute on function private.stat_gamma_q(double precision, double precision) to authenticated, service_role;
grant execute on function private.stat_incomplete_beta(double precision, double precision, double precision) to authenticated, service_role;
grant execute on function private.stat_p_two_sided_normal(double precision) to authenticated, service_role;
grant execute on function private.stat_p_two_sided_t(double precision, double precision) to authenticated, service_role;
grant execute on function public.analyze_experiment(uuid, text, text, double precision) to authenticated, service_role;

revoke all on public.experiment_runs from anon, authenticated;
grant select, delete on public.experiment_runs to authenticated;
grant insert (workspace_id, experiment_key, run_number, task_id, agent_id, execution_id, variant, outcome, metric_primary, started_at, ended_at)
  on public.experiment_runs to authenticated;
grant update (outcome, metric_primary, ended_at, execution_id) on public.experiment_runs to authenticated;

alter table public.experiment_runs enable row level security;

-- viewers read; an agent records and reads its own runs; members record and correct; admins delete
create policy experiment_runs_select on public.experiment_runs for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy experiment_runs_insert on public.experiment_runs for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')) or agent_id = (select private.current_agent_id()));
create policy experiment_runs_update on public.experiment_runs for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
create policy experiment_runs_delete on public.experiment_runs for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
