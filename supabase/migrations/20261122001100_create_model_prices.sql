-- Versioned model prices. A run that reports tokens but no cost is priced in the database
-- from the price valid at the run's start for the model it names; every cost records where it
-- came from. Patterns are regular expressions over the reported model name (as Langfuse
-- matches models), so gpt-4o-2024-08-06 and gpt-4o both find the gpt-4o price.

create table public.model_prices (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid references public.workspaces (id) on delete cascade,
  model_name text not null,
  provider text,
  model_pattern text not null,
  input_per_mtok numeric(14, 6) not null,
  output_per_mtok numeric(14, 6) not null,
  cached_input_per_mtok numeric(14, 6),
  currency text not null default 'USD',
  valid_from timestamptz not null default '2000-01-01 00:00:00+00',
  valid_to timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint model_prices_rates_nonnegative check (input_per_mtok >= 0 and output_per_mtok >= 0 and coalesce(cached_input_per_mtok, 0) >= 0),
  constraint model_prices_validity_order check (valid_to is null or valid_to > valid_from),
  constraint model_prices_currency_usd check (currency = 'USD'),
  constraint model_prices_pattern_length check (char_length(model_pattern) between 1 and 300)
);
comment on table public.model_prices is 'Price per million tokens for models matching model_pattern, valid from valid_from until valid_to. Global rows (workspace_id null) apply everywhere; a workspace row overrides them for that workspace (negotiated prices).';
comment on column public.model_prices.model_pattern is 'Case-insensitive POSIX regular expression over the model name a run reports, e.g. ^gpt-4o(-2024-.*)?$.';
comment on column public.model_prices.cached_input_per_mtok is 'Price of cached input tokens; null means cached tokens cost the normal input price.';

create table public.cost_adjustments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  execution_id uuid not null,
  old_cost_usd numeric(14, 6) not null,
  new_cost_usd numeric(14, 6) not null,
  old_model_price_id uuid references public.model_prices (id) on delete set null,
  new_model_price_id uuid references public.model_prices (id) on delete set null,
  reason text not null,
  adjusted_by uuid references auth.users (id) on delete set null,
  adjusted_at timestamptz not null default now()
);
comment on table public.cost_adjustments is 'Every change a re-pricing made to a computed run cost: before, after, the price rows and why. Append-only.';

create index model_prices_workspace_id_idx on public.model_prices (workspace_id, valid_from desc);
create index model_prices_created_by_idx on public.model_prices (created_by);
create index cost_adjustments_workspace_id_idx on public.cost_adjustments (workspace_id, adjusted_at desc);
create index cost_adjustments_execution_id_idx on public.cost_adjustments (execution_id);
create index cost_adjustments_old_model_price_id_idx on public.cost_adjustments (old_model_price_id);
create index cost_adjustments_new_model_price_id_idx on public.cost_adjustments (new_model_price_id);
create index cost_adjustments_adjusted_by_idx on public.cost_adjustments (adjusted_by);

create trigger model_prices_set_updated_at before update on public.model_prices for each row execute function public.update_updated_at_column();

-- a pattern must compile: refuse it at write time rather than at pricing time
create function private.validate_model_price()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  begin
    perform 'probe' ~* new.model_pattern;
  exception when invalid_regular_expression then
    raise exception 'model_pattern is not a valid regular expression: %', sqlerrm
      using errcode = 'AO422', column = 'model_pattern', hint = 'invalid_model_pattern';
  end;
  return new;
end;
$$;
comment on function private.validate_model_price() is 'Trigger: refuses a model_pattern that is not a valid regular expression.';

create trigger model_prices_validate before insert or update of model_pattern on public.model_prices
  for each row execute function private.validate_model_price();

-- the price for a model at a time in a workspace: workspace rows first, then the longest
-- (most specific) pattern, then the latest valid_from
create function private.find_model_price(workspace_id uuid, model text, at timestamptz)
returns public.model_prices
language sql
stable
set search_path = ''
as $$
  select p.*
  from public.model_prices p
  where (p.workspace_id = find_model_price.workspace_id or p.workspace_id is null)
    and find_model_price.model ~* p.model_pattern
    and p.valid_from <= find_model_price.at
    and (p.valid_to is null or p.valid_to > find_model_price.at)
  order by (p.workspace_id is not null) desc, char_length(p.model_pattern) desc, p.valid_from desc
  limit 1
$$;
comment on function private.find_model_price(uuid, text, timestamptz) is 'The price row that applies to a model name at a time in a workspace, or null.';

-- cost in USD of a token count at a price
create function private.price_tokens(price public.model_prices, tokens_in bigint, tokens_out bigint, tokens_cached bigint)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select round(
    (greatest(coalesce(tokens_in, 0) - coalesce(tokens_cached, 0), 0) * price.input_per_mtok
     + coalesce(tokens_cached, 0) * coalesce(price.cached_input_per_mtok, price.input_per_mtok)
     + coalesce(tokens_out, 0) * price.output_per_mtok) / 1000000.0, 6)
$$;
comment on function private.price_tokens(public.model_prices, bigint, bigint, bigint) is 'USD cost of input (of which cached) and output tokens at a price row, rounded to 6 decimals.';

revoke all on function private.validate_model_price() from public;
revoke all on function private.find_model_price(uuid, text, timestamptz) from public;
revoke all on function private.price_tokens(public.model_prices, bigint, bigint, bigint) from public;
grant execute on function private.find_model_price(uuid, text, timestamptz) to service_role;
grant execute on function private.price_tokens(public.model_prices, bigint, bigint, bigint) to service_role;

alter table public.model_prices enable row level security;
alter table public.cost_adjustments enable row level security;

create policy model_prices_select on public.model_prices for select to authenticated
  using (workspace_id is null or workspace_id in (select private.workspace_ids('viewer')));
create policy model_prices_insert on public.model_prices for insert to authenticated
  with check (workspace_id is not null and (select private.has_role(workspace_id, 'admin')));
create policy model_prices_update on public.model_prices for update to authenticated
  using (workspace_id is not null and (select private.has_role(workspace_id, 'admin')))
  with check (workspace_id is not null and (select private.has_role(workspace_id, 'admin')));
create policy model_prices_delete on public.model_prices for delete to authenticated
  using (workspace_id is not null and (select private.has_role(workspace_id, 'admin')));

create policy cost_adjustments_select on public.cost_adjustments for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
revoke all on public.cost_adjustments from anon, authenticated;
grant select on public.cost_adjustments to authenticated;

-- list prices of common models (USD per million tokens), valid from 2024-01-01; correct them
-- with a new row (valid_from) or an update, then private.reprice_executions re-prices history
insert into public.model_prices (model_name, provider, model_pattern, input_per_mtok, output_per_mtok, cached_input_per_mtok, valid_from) values
  ('gpt-4o', 'openai', '^(openai/)?gpt-4o(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 2.50, 10.00, 1.25, '2024-01-01'),
  ('gpt-4o-mini', 'openai', '^(openai/)?gpt-4o-mini(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 0.15, 0.60, 0.075, '2024-01-01'),
  ('gpt-4.1', 'openai', '^(openai/)?gpt-4\.1(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 2.00, 8.00, 0.50, '2024-01-01'),
  ('gpt-4.1-mini', 'openai', '^(openai/)?gpt-4\.1-mini(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 0.40, 1.60, 0.10, '2024-01-01'),
  ('gpt-4.1-nano', 'openai', '^(openai/)?gpt-4\.1-nano(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 0.10, 0.40, 0.025, '2024-01-01'),
  ('o3', 'openai', '^(openai/)?o3(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 2.00, 8.00, 0.50, '2024-01-01'),
  ('o4-mini', 'openai', '^(openai/)?o4-mini(-20[0-9]{2}-[0-9]{2}-[0-9]{2})?$', 1.10, 4.40, 0.275, '2024-01-01'),
  ('gpt-3.5-turbo', 'openai', '^(openai/)?gpt-3\.5-turbo(-[0-9]{4})?$', 0.50, 1.50, null, '2024-01-01'),
  ('claude-3-5-sonnet', 'anthropic', '^(anthropic/)?claude-3[-.]5-sonnet(-(20[0-9]{6}|latest))?$', 3.00, 15.00, 0.30, '2024-01-01'),
  ('claude-3-7-sonnet', 'anthropic', '^(anthropic/)?claude-3[-.]7-sonnet(-(20[0-9]{6}|latest))?$', 3.00, 15.00, 0.30, '2024-01-01'),
  ('claude-sonnet-4', 'anthropic', '^(anthropic/)?claude-sonnet-4(-(20[0-9]{6}|latest))?$', 3.00, 15.00, 0.30, '2024-01-01'),
  ('claude-3-5-haiku', 'anthropic', '^(anthropic/)?claude-3[-.]5-haiku(-(20[0-9]{6}|latest))?$', 0.80, 4.00, 0.08, '2024-01-01'),
  ('claude-3-opus', 'anthropic', '^(anthropic/)?claude-3-opus(-(20[0-9]{6}|latest))?$', 15.00, 75.00, 1.50, '2024-01-01'),
  ('claude-opus-4', 'anthropic', '^(anthropic/)?claude-opus-4(-(20[0-9]{6}|latest))?$', 15.00, 75.00, 1.50, '2024-01-01'),
  ('gemini-1.5-pro', 'google', '^(google/)?gemini-1\.5-pro(-[0-9]{3}|-latest)?$', 1.25, 5.00, null, '2024-01-01'),
  ('gemini-1.5-flash', 'google', '^(google/)?gemini-1\.5-flash(-[0-9]{3}|-latest)?$', 0.075, 0.30, null, '2024-01-01'),
  ('gemini-2.0-flash', 'google', '^(google/)?gemini-2\.0-flash(-[0-9]{3}|-latest)?$', 0.10, 0.40, 0.025, '2024-01-01'),
  ('gemini-2.5-pro', 'google', '^(google/)?gemini-2\.5-pro(-[a-z0-9-]+)?$', 1.25, 10.00, 0.31, '2024-01-01'),
  ('mistral-large', 'mistral', '^(mistral/)?mistral-large(-[0-9]{4}|-latest)?$', 2.00, 6.00, null, '2024-01-01'),
  ('llama-3.1-70b', 'meta', '^(meta-llama/)?(meta-)?llama-3\.1-70b(-instruct)?$', 0.88, 0.88, null, '2024-01-01'),
  ('text-embedding-3-small', 'openai', '^(openai/)?text-embedding-3-small$', 0.02, 0, null, '2024-01-01'),
  ('text-embedding-3-large', 'openai', '^(openai/)?text-embedding-3-large$', 0.13, 0, null, '2024-01-01');
