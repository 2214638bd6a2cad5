-- Tenancy: profiles from auth.users, owners from workspace creation, roles enforced by RLS.
begin;
select plan(16);

-- SETUP
select tests.create_user('owner@a.test', '20000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@a.test', '20000000-0000-4000-a000-000000000002');
select tests.create_user('member@a.test', '20000000-0000-4000-a000-000000000003');
select tests.create_user('owner@b.test', '20000000-0000-4000-a000-000000000004');
select tests.create_workspace('ws-a', '20000000-0000-4000-a000-000000000001');
select tests.create_workspace('ws-b', '20000000-0000-4000-a000-000000000004');
select tests.add_member((select id from public.workspaces where slug = 'ws-a'), '20000000-0000-4000-a000-000000000002', 'viewer');
select tests.add_member((select id from public.workspaces where slug = 'ws-a'), '20000000-0000-4000-a000-000000000003', 'member');

-- TEST: triggers
select is((select email from public.profiles where id = '20000000-0000-4000-a000-000000000001'), 'owner@a.test', 'a new auth user gets a profile');
select is((select role from public.workspace_members m join public.workspaces w on w.id = m.workspace_id
           where w.slug = 'ws-a' and m.user_id = '20000000-0000-4000-a000-000000000001'), 'owner', 'the creator of a workspace is its owner');

-- TEST: the owner
select tests.authenticate_as('20000000-0000-4000-a000-000000000001');
select results_eq($$select slug from public.workspaces where slug like 'ws-%' order by slug$$, array['ws-a'], 'owner sees only their workspace');
select is((select count(*) from public.workspace_members where workspace_id = (select id from public.workspaces where slug = 'ws-a')), 3::bigint, 'owner sees the members');
select throws_ok(
  $$delete from public.workspace_members where user_id = '20000000-0000-4000-a000-000000000001'$$,
  '23514', null, 'the last owner cannot leave');
select lives_ok($$update public.workspaces set name = 'Workspace A' where slug = 'ws-a'$$, 'owner renames the workspace');

-- TEST: a viewer reads but cannot write
select tests.authenticate_as('20000000-0000-4000-a000-000000000002');
select is((select count(*) from public.workspaces where slug = 'ws-a'), 1::bigint, 'viewer sees the workspace');
select is_empty($$update public.workspaces set name = 'hacked' where slug = 'ws-a' returning 1$$, 'viewer cannot rename the workspace');
select throws_ok(
  $$insert into public.workspace_members (workspace_id, user_id, role) values ((select id from public.workspaces where slug = 'ws-a'), '20000000-0000-4000-a000-000000000004', 'admin')$$,
  '42501', null, 'viewer cannot add members');
select throws_ok(
  $$insert into public.agents (workspace_id, slug, name) values ((select id from public.workspaces where slug = 'ws-a'), 'v-agent', 'v')$$,
  '42501', null, 'viewer cannot create agents');

-- TEST: a member manages agents but not members
select tests.authenticate_as('20000000-0000-4000-a000-000000000003');
select lives_ok(
  $$insert into public.agents (workspace_id, slug, name) values ((select id from public.workspaces where slug = 'ws-a'), 'm-agent', 'm')$$,
  'member creates an agent');
select is_empty($$update public.workspace_members set role = 'owner' where user_id = '20000000-0000-4000-a000-000000000003' returning 1$$,
  'member cannot promote themself');

-- TEST: another workspace's owner sees and changes nothing of A
select tests.authenticate_as('20000000-0000-4000-a000-000000000004');
select is((select count(*) from public.workspaces where slug = 'ws-a'), 0::bigint, 'outsider does not see workspace A');
select is((select count(*) from public.workspace_members where workspace_id = (select id from public.workspaces where slug = 'ws-a')), 0::bigint, 'outsider sees no members of A');
select is_empty($$delete from public.agents where slug = 'm-agent' returning 1$$, 'outsider cannot delete A''s agents');

-- TEST: anon sees nothing
select tests.authenticate_as_anon();
-- (anon holds no grant on any table, as on a hosted project: refused, not just empty)
select throws_ok($$select count(*) from public.workspaces$$, '42501', null, 'anon sees no workspaces');

select * from finish();
rollback;
