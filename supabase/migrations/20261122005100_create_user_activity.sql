-- Product analytics (seed 002): analytics.user_activity, one row per page view, feature use,
-- login and so on, recorded by dashboards through the activity Edge Function (one call to
-- private.record_activity); and analytics.user_cohorts, day-1/7/30 retention per signup cohort,
-- computed on schedule. A statement trigger marks the activity's days dirty for the daily rollup.

create table analytics.user_activity (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  workspace_id uuid references public.workspaces (id) on delete cascade,
  event_type text not null,
  event_name text,
  page_path text,
  session_id uuid,
  ip_address inet,
  user_agent text,
  referrer text,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint user_activity_event_type_valid check (event_type in (
    'page_view', 'agent_run', 'login', 'logout', 'workspace_switch', 'feature_use', 'error', 'api_call', 'export', 'report_view')),
  constraint user_activity_event_name_length check (event_name is null or char_length(event_name) <= 100),
  constraint user_activity_page_path_length check (page_path is null or char_length(page_path) <= 255),
  constraint user_activity_user_agent_length check (user_agent is null or char_length(user_agent) <= 1000),
  constraint user_activity_referrer_length check (referrer is null or char_length(referrer) <= 2000),
  constraint user_activity_metadata_object check (jsonb_typeof(metadata) = 'object')
);
comment on table analytics.user_activity is 'What people do in the dashboards (seed 002): page views, feature use, logins, exports. Written only by private.record_activity (the activity Edge Function); a person reads their own rows, workspace admins their workspace''s. Raw rows are kept 90 days.';
comment on column analytics.user_activity.workspace_id is 'The workspace the event happened in; null for events outside any workspace (login).';
comment on column analytics.user_activity.session_id is 'The dashboard''s session id; sessions, their length and bounce rate in daily_metrics come from it.';

create table analytics.user_cohorts (
  id uuid primary key default gen_random_uuid(),
  cohort_period text not null default 'daily',
  cohort_date date not null,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  initial_users int not null,
  retention_data jsonb not null,
  ltv_estimate numeric(10, 2),
  avg_revenue_per_user numeric(10, 2),
  churn_rate numeric(5, 2),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_cohorts_period_date_workspace_key unique (cohort_period, cohort_date, workspace_id),
  constraint user_cohorts_period_valid check (cohort_period in ('daily', 'weekly', 'monthly')),
  constraint user_cohorts_initial_users_positive check (initial_users > 0),
  constraint user_cohorts_retention_object check (jsonb_typeof(retention_data) = 'object')
);
comment on table analytics.user_cohorts is 'Seed 002 cohorts: the people first seen in a workspace on a day (by activity or runs), and the share of them active again N days later. Computed daily by private.compute_user_cohorts.';
comment on column analytics.user_cohorts.retention_data is '{"day_1": 50.0, "day_7": 25.0, "day_30": null}: percent of the cohort active exactly N days after cohort_date; null until that day is over.';
comment on column analytics.user_cohorts.churn_rate is 'Percent of the cohort not active on day 30 (null until known).';
comment on column analytics.user_cohorts.ltv_estimate is 'Cost of the cohort''s runs over its first 30 days per person (USD): the spend a person brings (seed 002 ltv_estimate).';
comment on column analytics.user_cohorts.avg_revenue_per_user is 'Cost of the cohort''s runs on its first day per person (USD).';

create index user_activity_user_id_created_at_idx on analytics.user_activity (user_id, created_at desc);
create index user_activity_workspace_user_created_idx on analytics.user_activity (workspace_id, user_id, created_at desc);
create index user_activity_workspace_id_created_at_idx on analytics.user_activity (workspace_id, created_at desc);
create index user_activity_event_type_created_at_idx on analytics.user_activity (event_type, created_at desc);
create index user_activity_session_id_idx on analytics.user_activity (session_id) where session_id is not null;
create index user_activity_metadata_idx on analytics.user_activity using gin (metadata);
create index user_activity_created_at_brin_idx on analytics.user_activity using brin (created_at);
create index user_cohorts_cohort_date_idx on analytics.user_cohorts (cohort_date desc);
create index user_cohorts_workspace_id_cohort_date_idx on analytics.user_cohorts (workspace_id, cohort_date desc);

create trigger user_cohorts_set_updated_at before update on analytics.user_cohorts
  for each row execute function public.update_updated_at_column();

create function private.user_activity_mark_dirty()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.rollup_dirty_days (workspace_id, day)
  select distinct n.workspace_id, (n.created_at at time zone 'UTC')::date from new_rows n where n.workspace_id is not null;
  return null;
end;
$$;
comment on function private.user_activity_mark_dirty() is 'Statement trigger: the days of new activity need their daily_metrics (users, sessions) recomputed. Security definer: the dirty log is private.';

create trigger user_activity_mark_dirty after insert on analytics.user_activity
  referencing new table as new_rows
  for each statement execute function private.user_activity_mark_dirty();

create function private.is_timestamp(value text)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  perform is_timestamp.value::timestamptz;
  return is_timestamp.value ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}';
exception when others then
  return false;
end;
$$;
comment on function private.is_timestamp(text) is 'True when the text parses as a timestamptz written date-first (RFC 3339 style).';

-- the one way activity is written: validated, set-based, for the signed-in person
create function private.record_activity(events jsonb, ip_address text default null, user_agent text default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_bad record;
  v_count int;
  v_ip inet;
  v_user uuid := private.claimed_user_id();
begin
  if jsonb_typeof(record_activity.events) is distinct from 'array' then
    raise exception 'events must be an array' using errcode = 'AO422', column = 'events', hint = 'validation_failed';
  end if;
  if jsonb_array_length(record_activity.events) = 0 or jsonb_array_length(record_activity.events) > 100 then
    raise exception 'send between 1 and 100 events, not %', jsonb_array_length(record_activity.events)
      using errcode = 'AO422', column = 'events', hint = 'validation_failed';
  end if;
  begin
    v_ip := nullif(record_activity.ip_address, '')::inet;
  exception when others then
    v_ip := null;
  end;

  select e.ord, f.field, f.message, f.status into v_bad
  from (
    select r.ord - 1 as ord, x.*
    from jsonb_array_elements(record_activity.events) with ordinality as r (value, ord)
    cross join lateral (select
      jsonb_typeof(r.value) as kind,
      r.value ->> 'event_type' as event_type,
      r.value ->> 'event_name' as event_name,
      r.value ->> 'page_path' as page_path,
      r.value ->> 'workspace_id' as workspace_id,
      r.value ->> 'session_id' as session_id,
      r.value ->> 'occurred_at' as occurred_at,
      r.value -> 'metadata' as metadata) x
  ) e
  cross join lateral (values
    (e.kind <> 'object', 'events.' || e.ord, 'must be an object', 'AO422'),
    (e.event_type is null or e.event_type not in ('page_view', 'agent_run', 'login', 'logout', 'workspace_switch', 'feature_use', 'error', 'api_call', 'export', 'report_view'),
      'events.' || e.ord || '.event_type', 'must be one of page_view, agent_run, login, logout, workspace_switch, feature_use, error, api_call, export, report_view', 'AO422'),
    (char_length(e.event_name) > 100, 'events.' || e.ord || '.event_name', 'at most 100 characters', 'AO422'),
    (char_length(e.page_path) > 255, 'events.' || e.ord || '.page_path', 'at most 255 characters', 'AO422'),
    (e.workspace_id is not null and e.workspace_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'events.' || e.ord || '.workspace_id', 'must be a uuid', 'AO422'),
    (e.session_id is not null and e.session_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'events.' || e.ord || '.session_id', 'must be a uuid', 'AO422'),
    (e.metadata is not null and jsonb_typeof(e.metadata) <> 'object', 'events.' || e.ord || '.metadata', 'must be an object', 'AO422'),
    (e.occurred_at is not null and not private.is_timestamp(e.occurred_at), 'events.' || e.ord || '.occurred_at', 'must be an RFC 3339 timestamp', 'AO422'),
    (case when e.occurred_at is not null and private.is_timestamp(e.occurred_at)
      then e.occurred_at::timestamptz > now() + interval '5 minutes' or e.occurred_at::timestamptz < now() - interval '7 days' else false end,
      'events.' || e.ord || '.occurred_at', 'must be within the last 7 days', 'AO422'),
    (case when e.workspace_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then not exists (
      select 1 from public.workspace_members m where m.workspace_id = e.workspace_id::uuid and m.user_id = v_user) else false end,
      'events.' || e.ord || '.workspace_id', 'you are not a member of this workspace', 'AO403')
  ) as f (bad, field, message, status)
  where f.bad
  order by e.ord, f.status desc
  limit 1;
  if found then
    if v_bad.status = 'AO403' then
      raise exception '%: %', v_bad.field, v_bad.message using errcode = 'AO403', column = v_bad.field, hint = 'not_a_member';
    end if;
    raise exception '%: %', v_bad.field, v_bad.message using errcode = 'AO422', column = v_bad.field, hint = 'validation_failed';
  end if;

  insert into analytics.user_activity (user_id, workspace_id, event_type, event_name, page_path, session_id, ip_address,
    user_agent, referrer, metadata, created_at)
  select v_user, (r.value ->> 'workspace_id')::uuid, r.value ->> 'event_type', r.value ->> 'event_name',
    r.value ->> 'page_path', (r.value ->> 'session_id')::uuid, v_ip, left(record_activity.user_agent, 1000),
    left(r.value ->> 'referrer', 2000), coalesce(r.value -> 'metadata', '{}'::jsonb),
    coalesce((r.value ->> 'occurred_at')::timestamptz, now())
  from jsonb_array_elements(record_activity.events) as r (value);
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;
comment on function private.record_activity(jsonb, text, text) is
  'Records up to 100 dashboard events for a person in one statement: validates each (AO422 naming events.N.field), refuses a workspace the person is not a member of (AO403). Security definer: user_activity is not writable by clients; called by the activity Edge Function, the person read from the transaction''s claims (private.claimed_user_id).';

revoke all on function private.user_activity_mark_dirty() from public;
revoke all on function private.record_activity(jsonb, text, text) from public;
revoke all on function private.is_timestamp(text) from public;
grant execute on function private.record_activity(jsonb, text, text) to service_role;

revoke all on analytics.user_activity, analytics.user_cohorts from anon, authenticated;
grant select on analytics.user_activity, analytics.user_cohorts to authenticated;
grant select on analytics.user_activity, analytics.user_cohorts to service_role;

alter table analytics.user_activity enable row level security;
alter table analytics.user_cohorts enable row level security;

create policy user_activity_select on analytics.user_activity for select to authenticated
  using (
    (user_id = (select auth.uid()) and not (select private.is_agent_token()))
    or workspace_id in (select private.workspace_ids('admin'))
  );
create policy user_cohorts_select on analytics.user_cohorts for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
