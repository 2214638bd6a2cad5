-- Realtime on agents (seed 001 "agent-changes"): dashboards subscribe to postgres_changes on
-- public.agents, e.g. filter created_by=eq.<uid> or workspace_id=eq.<id>, and receive every
-- insert, status change and delete of the agents they may read (Realtime applies the table's RLS).
-- The tables in the supabase_realtime publication are listed in docs/schema-map.md ("Realtime");
-- tests/guards/realtime.test.ts holds the publication and that list equal.

alter publication supabase_realtime add table public.agents;
