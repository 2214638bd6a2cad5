// The people's side: what a dashboard, an approval inbox or an admin script does with a Supabase
// session it already holds (supabase-js with the generated `Database` type). Reads go through
// PostgREST under the person's RLS; decisions go through the approvals Edge Function
// (`functions.invoke`), whose receipts are verified here against the published keys; new
// notifications arrive through Realtime.
//
//   const supabase = createClient<Database>(SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY); // Node 20: { realtime: { transport: ws } }
//   await supabase.auth.signInWithPassword({ email, password });
//   const people = peopleClient(supabase, { functionsUrl: `${SUPABASE_URL}/functions/v1` });
//   const inbox = await people.approvals.pending(workspaceId);
//   const { receipt } = await people.approvals.decide(inbox[0].id, "approve", "Copy checked");
//   const unsubscribe = people.notifications.subscribe(userId, (n) => console.log(n.title));
import type { RealtimePostgresInsertPayload, SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "../database.types.ts";
import {
  type Approval,
  ApprovalSchema,
  type DecisionResponse,
  DecisionResponseSchema,
  type ReceiptClaims,
} from "../schemas/governance.ts";
import { verifyReceipt } from "../client/governance.ts";
import { AgentOpsError } from "../client/index.ts";
import { z } from "zod";

type Public = Database["public"];
type Analytics = Database["analytics"];
export type AgentPerformanceRow = Public["Views"]["agent_performance_summary"]["Row"];
export type CostInsightsRow = Public["Views"]["cost_insights"]["Row"];
export type ExecutionRow = Public["Tables"]["executions"]["Row"];
export type NotificationRow = Public["Tables"]["notifications"]["Row"];
export type TopAgentRow = Analytics["Views"]["top_agents"]["Row"];
export type WorkspaceSummaryRow = Analytics["Views"]["workspace_summary"]["Row"];
export type ActiveUsersRow = Analytics["Views"]["active_users"]["Row"];

export type PeopleOptions = {
  /** `${SUPABASE_URL}/functions/v1`: where the receipt keys are published. */
  functionsUrl: string;
};

/** A PostgREST or Functions error as an AgentOpsError (status, code, message), never a silent empty result. */
function unwrap<T>(result: { data: T | null; error: { message: string; code?: string } | null; status?: number }): T {
  if (result.error) throw new AgentOpsError(result.status ?? 500, result.error.code ?? "postgrest_error", result.error.message);
  return result.data as T;
}

/** supabase-js wraps a non-2xx answer of a function in FunctionsHttpError; this surfaces the project's error body. */
async function invokeError(error: unknown): Promise<AgentOpsError> {
  const context = (error as { context?: Response }).context;
  if (context instanceof Response) {
    const text = await context.text();
    try {
      const body = JSON.parse(text) as { error: { code: string; message: string; fields?: { field: string; message: string }[] } };
      return new AgentOpsError(context.status, body.error.code, body.error.message, body.error.fields ?? []);
    } catch {
      return new AgentOpsError(context.status, "http_error", text.slice(0, 500));
    }
  }
  return new AgentOpsError(0, "network_error", error instanceof Error ? error.message : String(error));
}

export function peopleClient(supabase: SupabaseClient<Database>, options: PeopleOptions) {
  const analytics = supabase.schema("analytics");
  const jwksUrl = `${options.functionsUrl.replace(/\/+$/, "")}/approvals/.well-known/jwks.json`;

  return {
    /** The README's dashboard queries (rollups and views, never raw runs except one agent's last runs). */
    dashboards: {
      async agentPerformance(workspaceId: string): Promise<AgentPerformanceRow[]> {
        return unwrap(
          await supabase.from("agent_performance_summary").select("*").eq("workspace_id", workspaceId)
            .order("total_executions", { ascending: false }),
        );
      },
      async topAgents(workspaceId: string, limit = 10): Promise<TopAgentRow[]> {
        return unwrap(
          await analytics.from("top_agents").select("*").eq("workspace_id", workspaceId)
            .order("total_runs_30d", { ascending: false }).limit(limit),
        );
      },
      async workspaceSummary(workspaceId: string): Promise<WorkspaceSummaryRow | null> {
        return unwrap(await analytics.from("workspace_summary").select("*").eq("workspace_id", workspaceId).maybeSingle());
      },
      async costInsights(workspaceId: string): Promise<CostInsightsRow[]> {
        return unwrap(
          await supabase.from("cost_insights").select("*").eq("workspace_id", workspaceId).order("cost_today", { ascending: false }),
        );
      },
      async activeUsers(workspaceId: string, since: string): Promise<ActiveUsersRow[]> {
        return unwrap(
          await analytics.from("active_users").select("*").eq("workspace_id", workspaceId).gte("activity_date", since)
            .order("activity_date"),
        );
      },
      async lastRuns(agentId: string, limit = 100): Promise<ExecutionRow[]> {
        return unwrap(
          await supabase.from("executions").select("*").eq("agent_id", agentId).order("started_at", { ascending: false }).limit(limit),
        );
      },
    },

    /** The approval inbox: what waits for this person, deciding it, and checking the signed receipt. */
    approvals: {
      /** Pending approvals this person may decide (assigned to them or unassigned), newest first. */
      async pending(workspaceId?: string, limit = 50): Promise<Approval[]> {
        const query = new URLSearchParams({ status: "pending", limit: String(limit), ...(workspaceId ? { workspace_id: workspaceId } : {}) });
        const { data, error } = await supabase.functions.invoke(`approvals?${query}`, { method: "GET" });
        if (error) throw await invokeError(error);
        return z.object({ approvals: z.array(ApprovalSchema) }).parse(data).approvals;
      },
      /** Approves or rejects; resolves with the decision and its receipt, verified against the published keys. */
      async decide(
        approvalId: string,
        decision: "approve" | "reject",
        notes?: string,
      ): Promise<DecisionResponse & { claims: ReceiptClaims }> {
        const { data, error } = await supabase.functions.invoke(`approvals/${approvalId}/decision`, {
          method: "POST",
          body: notes === undefined ? { decision } : { decision, notes },
        });
        if (error) throw await invokeError(error);
        const answer = DecisionResponseSchema.parse(data);
        const claims = await verifyReceipt(answer.receipt, jwksUrl, { approvalId });
        return { ...answer, claims };
      },
    },

    /** The person's notifications as they are written (Supabase Realtime, publication supabase_realtime). */
    notifications: {
      subscribe(userId: string, onNotification: (row: NotificationRow) => void): () => Promise<void> {
        const channel = supabase
          .channel(`notifications:${userId}`)
          .on(
            "postgres_changes",
            { event: "INSERT", schema: "public", table: "notifications", filter: `user_id=eq.${userId}` },
            (payload: RealtimePostgresInsertPayload<NotificationRow>) => onNotification(payload.new),
          )
          .subscribe();
        return async () => {
          await supabase.removeChannel(channel);
        };
      },
      async unread(limit = 50): Promise<NotificationRow[]> {
        return unwrap(
          await supabase.from("notifications").select("*").is("read_at", null).order("created_at", { ascending: false }).limit(limit),
        );
      },
    },
  };
}

export type PeopleClient = ReturnType<typeof peopleClient>;
