export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {

  "analytics": {
          Tables: {
            "agent_performance": {
                  Row: {
                    "agent_id": string,"avg_credits_per_run": number | null,"avg_runtime_seconds": number | null,"avg_tokens_per_run": number | null,"avg_user_rating": number | null,"cancelled_runs": number,"common_failure_reasons": NonNullable<Json>,"created_at": string,"error_types": NonNullable<Json>,"failed_runs": number,"id": string,"max_runtime_seconds": number | null,"metric_date": string,"min_runtime_seconds": number | null,"p50_runtime_seconds": number | null,"p75_runtime_seconds": number | null,"p95_runtime_seconds": number | null,"p99_runtime_seconds": number | null,"successful_runs": number,"total_credits": number,"total_feedback_count": number,"total_runs": number,"total_tokens_used": number,"unique_users": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"avg_credits_per_run"?: number | null,"avg_runtime_seconds"?: number | null,"avg_tokens_per_run"?: number | null,"avg_user_rating"?: number | null,"cancelled_runs"?: number,"common_failure_reasons"?: NonNullable<Json>,"created_at"?: string,"error_types"?: NonNullable<Json>,"failed_runs"?: number,"id"?: string,"max_runtime_seconds"?: number | null,"metric_date": string,"min_runtime_seconds"?: number | null,"p50_runtime_seconds"?: number | null,"p75_runtime_seconds"?: number | null,"p95_runtime_seconds"?: number | null,"p99_runtime_seconds"?: number | null,"successful_runs"?: number,"total_credits"?: number,"total_feedback_count"?: number,"total_runs"?: number,"total_tokens_used"?: number,"unique_users"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"avg_credits_per_run"?: number | null,"avg_runtime_seconds"?: number | null,"avg_tokens_per_run"?: number | null,"avg_user_rating"?: number | null,"cancelled_runs"?: number,"common_failure_reasons"?: NonNullable<Json>,"created_at"?: string,"error_types"?: NonNullable<Json>,"failed_runs"?: number,"id"?: string,"max_runtime_seconds"?: number | null,"metric_date"?: string,"min_runtime_seconds"?: number | null,"p50_runtime_seconds"?: number | null,"p75_runtime_seconds"?: number | null,"p95_runtime_seconds"?: number | null,"p99_runtime_seconds"?: number | null,"successful_runs"?: number,"total_credits"?: number,"total_feedback_count"?: number,"total_runs"?: number,"total_tokens_used"?: number,"unique_users"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_performance_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "mv_top_agents"
      referencedColumns: ["agent_id","workspace_id"]
    },{
      foreignKeyName: "agent_performance_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"agent_stats_day": {
                  Row: {
                    "agent_id": string | null,"canceled": number,"computed_at": string,"cost_usd": number,"day": string,"duration_count": number,"duration_sum_ms": number,"failed": number,"feedback_count": number,"id": string,"in_progress": number,"latency_histogram": (number)[],"latency_p50_ms": number | null,"latency_p75_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"rating_count": number,"rating_sum": number,"runs": number,"succeeded": number,"timeouts": number,"tokens_cached": number,"tokens_in": number,"tokens_out": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"canceled"?: number,"computed_at"?: string,"cost_usd"?: number,"day": string,"duration_count"?: number,"duration_sum_ms"?: number,"failed"?: number,"feedback_count"?: number,"id"?: string,"in_progress"?: number,"latency_histogram": (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"canceled"?: number,"computed_at"?: string,"cost_usd"?: number,"day"?: string,"duration_count"?: number,"duration_sum_ms"?: number,"failed"?: number,"feedback_count"?: number,"id"?: string,"in_progress"?: number,"latency_histogram"?: (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_stats_day_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "mv_top_agents"
      referencedColumns: ["agent_id","workspace_id"]
    },{
      foreignKeyName: "agent_stats_day_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"agent_stats_hourly": {
                  Row: {
                    "agent_id": string | null,"avg_rating": number | null,"canceled": number,"closed_at": string | null,"computed_at": string,"cost_by_model": NonNullable<Json>,"cost_usd": number,"duration_count": number,"duration_max_ms": number | null,"duration_min_ms": number | null,"duration_sum_ms": number,"errors_by_type": NonNullable<Json>,"failed": number,"feedback_count": number,"first_run_at": string | null,"hour": string,"id": string,"in_progress": number,"last_run_at": string | null,"latency_avg_ms": number | null,"latency_histogram": (number)[],"latency_p50_ms": number | null,"latency_p75_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"rating_count": number,"rating_sum": number,"reopened_at": string | null,"runs": number,"succeeded": number,"timeouts": number,"tokens_cached": number,"tokens_in": number,"tokens_out": number,"unique_users": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"avg_rating"?: number | null,"canceled"?: number,"closed_at"?: string | null,"computed_at"?: string,"cost_by_model"?: NonNullable<Json>,"cost_usd"?: number,"duration_count"?: number,"duration_max_ms"?: number | null,"duration_min_ms"?: number | null,"duration_sum_ms"?: number,"errors_by_type"?: NonNullable<Json>,"failed"?: number,"feedback_count"?: number,"first_run_at"?: string | null,"hour": string,"id"?: string,"in_progress"?: number,"last_run_at"?: string | null,"latency_avg_ms"?: number | null,"latency_histogram": (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"reopened_at"?: string | null,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"unique_users"?: number,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"avg_rating"?: number | null,"canceled"?: number,"closed_at"?: string | null,"computed_at"?: string,"cost_by_model"?: NonNullable<Json>,"cost_usd"?: number,"duration_count"?: number,"duration_max_ms"?: number | null,"duration_min_ms"?: number | null,"duration_sum_ms"?: number,"errors_by_type"?: NonNullable<Json>,"failed"?: number,"feedback_count"?: number,"first_run_at"?: string | null,"hour"?: string,"id"?: string,"in_progress"?: number,"last_run_at"?: string | null,"latency_avg_ms"?: number | null,"latency_histogram"?: (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"reopened_at"?: string | null,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"unique_users"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_stats_hourly_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "mv_top_agents"
      referencedColumns: ["agent_id","workspace_id"]
    },{
      foreignKeyName: "agent_stats_hourly_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"daily_metrics": {
                  Row: {
                    "active_users": number,"avg_credits_per_run": number | null,"avg_runtime_seconds": number | null,"avg_session_duration_seconds": number | null,"bounce_rate": number | null,"cancelled_runs": number,"created_at": string,"credits_by_model": NonNullable<Json>,"error_rate": number | null,"errors_by_type": NonNullable<Json>,"failed_runs": number,"id": string,"median_runtime_seconds": number | null,"metric_date": string,"new_users": number,"p95_runtime_seconds": number | null,"p99_runtime_seconds": number | null,"returning_users": number,"successful_runs": number,"top_agents": NonNullable<Json>,"total_credits_consumed": number,"total_errors": number,"total_runs": number,"total_sessions": number,"total_users": number,"unique_agents_run": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "active_users"?: number,"avg_credits_per_run"?: number | null,"avg_runtime_seconds"?: number | null,"avg_session_duration_seconds"?: number | null,"bounce_rate"?: number | null,"cancelled_runs"?: number,"created_at"?: string,"credits_by_model"?: NonNullable<Json>,"error_rate"?: number | null,"errors_by_type"?: NonNullable<Json>,"failed_runs"?: number,"id"?: string,"median_runtime_seconds"?: number | null,"metric_date": string,"new_users"?: number,"p95_runtime_seconds"?: number | null,"p99_runtime_seconds"?: number | null,"returning_users"?: number,"successful_runs"?: number,"top_agents"?: NonNullable<Json>,"total_credits_consumed"?: number,"total_errors"?: number,"total_runs"?: number,"total_sessions"?: number,"total_users"?: number,"unique_agents_run"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "active_users"?: number,"avg_credits_per_run"?: number | null,"avg_runtime_seconds"?: number | null,"avg_session_duration_seconds"?: number | null,"bounce_rate"?: number | null,"cancelled_runs"?: number,"created_at"?: string,"credits_by_model"?: NonNullable<Json>,"error_rate"?: number | null,"errors_by_type"?: NonNullable<Json>,"failed_runs"?: number,"id"?: string,"median_runtime_seconds"?: number | null,"metric_date"?: string,"new_users"?: number,"p95_runtime_seconds"?: number | null,"p99_runtime_seconds"?: number | null,"returning_users"?: number,"successful_runs"?: number,"top_agents"?: NonNullable<Json>,"total_credits_consumed"?: number,"total_errors"?: number,"total_runs"?: number,"total_sessions"?: number,"total_users"?: number,"unique_agents_run"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "daily_metrics_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"user_activity": {
                  Row: {
                    "created_at": string,"event_name": string | null,"event_type": string,"id": string,"ip_address": unknown,"metadata": NonNullable<Json>,"page_path": string | null,"referrer": string | null,"session_id": string | null,"user_agent": string | null,"user_id": string,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"event_name"?: string | null,"event_type": string,"id"?: string,"ip_address"?: unknown,"metadata"?: NonNullable<Json>,"page_path"?: string | null,"referrer"?: string | null,"session_id"?: string | null,"user_agent"?: string | null,"user_id": string,"workspace_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"event_name"?: string | null,"event_type"?: string,"id"?: string,"ip_address"?: unknown,"metadata"?: NonNullable<Json>,"page_path"?: string | null,"referrer"?: string | null,"session_id"?: string | null,"user_agent"?: string | null,"user_id"?: string,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "user_activity_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"user_cohorts": {
                  Row: {
                    "avg_revenue_per_user": number | null,"churn_rate": number | null,"cohort_date": string,"cohort_period": string,"created_at": string,"id": string,"initial_users": number,"ltv_estimate": number | null,"retention_data": NonNullable<Json>,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avg_revenue_per_user"?: number | null,"churn_rate"?: number | null,"cohort_date": string,"cohort_period"?: string,"created_at"?: string,"id"?: string,"initial_users": number,"ltv_estimate"?: number | null,"retention_data": NonNullable<Json>,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "avg_revenue_per_user"?: number | null,"churn_rate"?: number | null,"cohort_date"?: string,"cohort_period"?: string,"created_at"?: string,"id"?: string,"initial_users"?: number,"ltv_estimate"?: number | null,"retention_data"?: NonNullable<Json>,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "user_cohorts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"workspace_stats_day": {
                  Row: {
                    "canceled": number,"computed_at": string,"cost_usd": number,"day": string,"duration_count": number,"duration_sum_ms": number,"failed": number,"feedback_count": number,"id": string,"in_progress": number,"latency_histogram": (number)[],"latency_p50_ms": number | null,"latency_p75_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"rating_count": number,"rating_sum": number,"runs": number,"succeeded": number,"timeouts": number,"tokens_cached": number,"tokens_in": number,"tokens_out": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "canceled"?: number,"computed_at"?: string,"cost_usd"?: number,"day": string,"duration_count"?: number,"duration_sum_ms"?: number,"failed"?: number,"feedback_count"?: number,"id"?: string,"in_progress"?: number,"latency_histogram": (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"workspace_id": string
                  }
                  Update: {
                    "canceled"?: number,"computed_at"?: string,"cost_usd"?: number,"day"?: string,"duration_count"?: number,"duration_sum_ms"?: number,"failed"?: number,"feedback_count"?: number,"id"?: string,"in_progress"?: number,"latency_histogram"?: (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_stats_day_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"workspace_stats_hourly": {
                  Row: {
                    "avg_rating": number | null,"canceled": number,"closed_at": string | null,"computed_at": string,"cost_by_model": NonNullable<Json>,"cost_usd": number,"duration_count": number,"duration_max_ms": number | null,"duration_min_ms": number | null,"duration_sum_ms": number,"errors_by_type": NonNullable<Json>,"failed": number,"feedback_count": number,"first_run_at": string | null,"hour": string,"id": string,"in_progress": number,"last_run_at": string | null,"latency_avg_ms": number | null,"latency_histogram": (number)[],"latency_p50_ms": number | null,"latency_p75_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"rating_count": number,"rating_sum": number,"reopened_at": string | null,"runs": number,"succeeded": number,"timeouts": number,"tokens_cached": number,"tokens_in": number,"tokens_out": number,"unique_agents": number,"unique_users": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avg_rating"?: number | null,"canceled"?: number,"closed_at"?: string | null,"computed_at"?: string,"cost_by_model"?: NonNullable<Json>,"cost_usd"?: number,"duration_count"?: number,"duration_max_ms"?: number | null,"duration_min_ms"?: number | null,"duration_sum_ms"?: number,"errors_by_type"?: NonNullable<Json>,"failed"?: number,"feedback_count"?: number,"first_run_at"?: string | null,"hour": string,"id"?: string,"in_progress"?: number,"last_run_at"?: string | null,"latency_avg_ms"?: number | null,"latency_histogram": (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"reopened_at"?: string | null,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"unique_agents"?: number,"unique_users"?: number,"workspace_id": string
                  }
                  Update: {
                    "avg_rating"?: number | null,"canceled"?: number,"closed_at"?: string | null,"computed_at"?: string,"cost_by_model"?: NonNullable<Json>,"cost_usd"?: number,"duration_count"?: number,"duration_max_ms"?: number | null,"duration_min_ms"?: number | null,"duration_sum_ms"?: number,"errors_by_type"?: NonNullable<Json>,"failed"?: number,"feedback_count"?: number,"first_run_at"?: string | null,"hour"?: string,"id"?: string,"in_progress"?: number,"last_run_at"?: string | null,"latency_avg_ms"?: number | null,"latency_histogram"?: (number)[],"latency_p50_ms"?: number | null,"latency_p75_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"rating_count"?: number,"rating_sum"?: number,"reopened_at"?: string | null,"runs"?: number,"succeeded"?: number,"timeouts"?: number,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"unique_agents"?: number,"unique_users"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_stats_hourly_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                }
          }
          Views: {
            "active_users": {
                  Row: {
                    "activity_date": string | null,"daily_active_users": number | null,"monthly_active_users": number | null,"weekly_active_users": number | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Relationships: [

                  ]
                },"agent_stats_daily": {
                  Row: {
                    "agent_id": string | null,"avg_rating": number | null,"canceled": number,"cost_usd": number,"day": string,"duration_count": number,"failed": number,"latency_avg_ms": number | null,"latency_p50_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"runs": number,"succeeded": number,"tokens": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"avg_rating"?: never,"canceled"?: number | null,"cost_usd"?: number | null,"day"?: string | null,"duration_count"?: number | null,"failed"?: number | null,"latency_avg_ms"?: never,"latency_p50_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"runs"?: number | null,"succeeded"?: number | null,"tokens"?: never,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"avg_rating"?: never,"canceled"?: number | null,"cost_usd"?: number | null,"day"?: string | null,"duration_count"?: number | null,"failed"?: number | null,"latency_avg_ms"?: never,"latency_p50_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"runs"?: number | null,"succeeded"?: number | null,"tokens"?: never,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "agent_stats_day_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "mv_top_agents"
      referencedColumns: ["agent_id","workspace_id"]
    },{
      foreignKeyName: "agent_stats_day_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"agent_stats_weekly": {
                  Row: {
                    "agent_id": string | null,"avg_rating": number | null,"canceled": number | null,"cost_usd": number | null,"duration_count": number | null,"failed": number | null,"latency_avg_ms": number | null,"latency_p50_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"runs": number | null,"succeeded": number | null,"tokens": number | null,"week": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "agent_stats_day_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "mv_top_agents"
      referencedColumns: ["agent_id","workspace_id"]
    },{
      foreignKeyName: "agent_stats_day_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"alert_history": {
                  Row: {
                    "acknowledged_at": string | null,"acknowledged_by": string | null,"alert_rule_id": string | null,"id": string,"metric_value": number | null,"notes": string | null,"notification_status": string,"notifications_sent": NonNullable<Json>,"resolved_at": string | null,"threshold_value": number,"triggered_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "acknowledged_at"?: string | null,"acknowledged_by"?: string | null,"alert_rule_id"?: string | null,"id"?: string | null,"metric_value"?: number | null,"notes"?: string | null,"notification_status"?: string | null,"notifications_sent"?: Json | null,"resolved_at"?: string | null,"threshold_value"?: number | null,"triggered_at"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "acknowledged_at"?: string | null,"acknowledged_by"?: string | null,"alert_rule_id"?: string | null,"id"?: string | null,"metric_value"?: number | null,"notes"?: string | null,"notification_status"?: string | null,"notifications_sent"?: Json | null,"resolved_at"?: string | null,"threshold_value"?: number | null,"triggered_at"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "alerts_rule_id_fkey"
      columns: ["alert_rule_id"]
isOneToOne: false
      referencedRelation: "alert_rules"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "alerts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"alert_rules": {
                  Row: {
                    "condition": string,"created_at": string,"created_by": string | null,"description": string | null,"evaluation_window_minutes": number,"id": string,"is_active": boolean,"last_triggered_at": string | null,"metric_type": string,"name": string,"notification_channels": NonNullable<Json>,"notification_recipients": NonNullable<Json>,"threshold_value": number,"trigger_count": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "condition"?: string | null,"created_at"?: string | null,"created_by"?: string | null,"description"?: string | null,"evaluation_window_minutes"?: number | null,"id"?: string | null,"is_active"?: boolean | null,"last_triggered_at"?: string | null,"metric_type"?: string | null,"name"?: string | null,"notification_channels"?: Json | null,"notification_recipients"?: Json | null,"threshold_value"?: number | null,"trigger_count"?: number | null,"updated_at"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "condition"?: string | null,"created_at"?: string | null,"created_by"?: string | null,"description"?: string | null,"evaluation_window_minutes"?: number | null,"id"?: string | null,"is_active"?: boolean | null,"last_triggered_at"?: string | null,"metric_type"?: string | null,"name"?: string | null,"notification_channels"?: Json | null,"notification_recipients"?: Json | null,"threshold_value"?: number | null,"trigger_count"?: number | null,"updated_at"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "alert_rules_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"hourly_metrics": {
                  Row: {
                    "active_users": number,"avg_response_time_ms": number | null,"created_at": string,"failed_runs": number,"id": string,"metric_hour": string,"p95_response_time_ms": number | null,"successful_runs": number,"total_credits": number | null,"total_runs": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "active_users"?: number | null,"avg_response_time_ms"?: never,"created_at"?: string | null,"failed_runs"?: number | null,"id"?: string | null,"metric_hour"?: string | null,"p95_response_time_ms"?: never,"successful_runs"?: number | null,"total_credits"?: never,"total_runs"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "active_users"?: number | null,"avg_response_time_ms"?: never,"created_at"?: string | null,"failed_runs"?: number | null,"id"?: string | null,"metric_hour"?: string | null,"p95_response_time_ms"?: never,"successful_runs"?: number | null,"total_credits"?: never,"total_runs"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "workspace_stats_hourly_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"mv_active_users": {
                  Row: {
                    "activity_date": string | null,"daily_active_users": number | null,"monthly_active_users": number | null,"weekly_active_users": number | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Relationships: [

                  ]
                },"mv_top_agents": {
                  Row: {
                    "agent_id": string,"agent_name": string,"agent_slug": string,"avg_runtime": number | null,"last_run_at": string | null,"median_runtime": number | null,"success_rate": number | null,"successful_runs_30d": number | null,"total_credits_30d": number | null,"total_runs_30d": number | null,"unique_users_30d": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"mv_workspace_summary": {
                  Row: {
                    "active_users_30d": number | null,"avg_runtime_30d": number | null,"total_agents": number | null,"total_credits_30d": number | null,"total_members": number | null,"total_runs_30d": number | null,"workspace_id": string,"workspace_name": string
                  }
                  ComputedFields: never
                  Relationships: [

                  ]
                },"top_agents": {
                  Row: {
                    "agent_id": string | null,"agent_name": string | null,"agent_slug": string | null,"avg_runtime": number | null,"last_run_at": string | null,"median_runtime": number | null,"success_rate": number | null,"successful_runs_30d": number | null,"total_credits_30d": number | null,"total_runs_30d": number | null,"unique_users_30d": number | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Relationships: [

                  ]
                },"workspace_stats_daily": {
                  Row: {
                    "avg_rating": number | null,"canceled": number,"cost_usd": number,"day": string,"duration_count": number,"failed": number,"latency_avg_ms": number | null,"latency_p50_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"runs": number,"succeeded": number,"tokens": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "avg_rating"?: never,"canceled"?: number | null,"cost_usd"?: number | null,"day"?: string | null,"duration_count"?: number | null,"failed"?: number | null,"latency_avg_ms"?: never,"latency_p50_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"runs"?: number | null,"succeeded"?: number | null,"tokens"?: never,"workspace_id"?: string | null
                         }
                        Update: {
                           "avg_rating"?: never,"canceled"?: number | null,"cost_usd"?: number | null,"day"?: string | null,"duration_count"?: number | null,"failed"?: number | null,"latency_avg_ms"?: never,"latency_p50_ms"?: number | null,"latency_p95_ms"?: number | null,"latency_p99_ms"?: number | null,"runs"?: number | null,"succeeded"?: number | null,"tokens"?: never,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "workspace_stats_day_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"workspace_stats_weekly": {
                  Row: {
                    "avg_rating": number | null,"canceled": number | null,"cost_usd": number | null,"duration_count": number | null,"failed": number | null,"latency_avg_ms": number | null,"latency_p50_ms": number | null,"latency_p95_ms": number | null,"latency_p99_ms": number | null,"runs": number | null,"succeeded": number | null,"tokens": number | null,"week": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "workspace_stats_day_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "mv_workspace_summary"
      referencedColumns: ["workspace_id"]
    }
                  ]
                },"workspace_summary": {
                  Row: {
                    "active_users_30d": number | null,"avg_runtime_30d": number | null,"total_agents": number | null,"total_credits_30d": number | null,"total_members": number | null,"total_runs_30d": number | null,"workspace_id": string | null,"workspace_name": string | null
                  }
                  ComputedFields: never
                  Relationships: [

                  ]
                }
          }
          Functions: {
            "aggregate_daily_metrics":
{ Args: { "target_date": string,"target_workspace_id"?: string }; Returns: undefined
                           },
"calculate_percentiles":
{ Args: { "percentiles": (number)[],"values": (number)[] }; Returns: (number)[]
                           },
"cleanup_old_data":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           },
"histogram_add":
{ Args: { "a": (number)[],"b": (number)[] }; Returns: (number)[]
                           },
"histogram_merge":
{ Args: { "histograms": (number)[] }; Returns: (number)[]
                           },
"histogram_percentile":
{ Args: { "histogram": (number)[],"percentile": number }; Returns: number
                           },
"histogram_percentiles":
{ Args: { "histogram": (number)[],"percentiles": (number)[] }; Returns: (number)[]
                           },
"histogram_sum":
{ Args: { "histograms": (number)[],"weights"?: (number)[] }; Returns: (number)[]
                           },
"latency_bucket":
{ Args: { "duration_ms": number }; Returns: number
                           },
"latency_bucket_value":
{ Args: { "bucket": number }; Returns: number
                           },
"latency_histogram":
{ Args: { "durations": (number)[] }; Returns: (number)[]
                           },
"refresh_all_materialized_views":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        },"public": {
          Tables: {
            "agent_api_keys": {
                  Row: {
                    "agent_id": string,"created_at": string,"created_by": string | null,"expires_at": string | null,"failed_attempts": number,"id": string,"key_hash": string,"last_used_at": string | null,"name": string,"prefix": string,"revoked_at": string | null,"revoked_by": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"created_at"?: string,"created_by"?: string | null,"expires_at"?: string | null,"failed_attempts"?: number,"id"?: string,"key_hash": string,"last_used_at"?: string | null,"name"?: string,"prefix": string,"revoked_at"?: string | null,"revoked_by"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"created_at"?: string,"created_by"?: string | null,"expires_at"?: string | null,"failed_attempts"?: number,"id"?: string,"key_hash"?: string,"last_used_at"?: string | null,"name"?: string,"prefix"?: string,"revoked_at"?: string | null,"revoked_by"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_api_keys_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "agent_api_keys_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "agent_api_keys_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "agent_api_keys_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "agent_api_keys_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_api_keys_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_chains": {
                  Row: {
                    "agent_ids": (string)[],"avg_cost_usd": number,"avg_duration_ms": number | null,"chain_length": number | null,"computed_at": string,"first_seen_at": string,"id": string,"last_seen_at": string,"run_count": number,"success_count": number,"success_rate": number,"total_cost_usd": number,"window_days": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_ids": (string)[],"avg_cost_usd": number,"avg_duration_ms"?: number | null,"chain_length"?: never,"computed_at"?: string,"first_seen_at": string,"id"?: string,"last_seen_at": string,"run_count": number,"success_count": number,"success_rate": number,"total_cost_usd": number,"window_days": number,"workspace_id": string
                  }
                  Update: {
                    "agent_ids"?: (string)[],"avg_cost_usd"?: number,"avg_duration_ms"?: number | null,"chain_length"?: never,"computed_at"?: string,"first_seen_at"?: string,"id"?: string,"last_seen_at"?: string,"run_count"?: number,"success_count"?: number,"success_rate"?: number,"total_cost_usd"?: number,"window_days"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_chains_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_chains_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_permissions_log": {
                  Row: {
                    "action": string,"after_state": Json | null,"agent_id": string,"before_state": Json | null,"changed_by": string | null,"created_at": string,"id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"after_state"?: Json | null,"agent_id": string,"before_state"?: Json | null,"changed_by"?: string | null,"created_at"?: string,"id"?: string,"workspace_id": string
                  }
                  Update: {
                    "action"?: string,"after_state"?: Json | null,"agent_id"?: string,"before_state"?: Json | null,"changed_by"?: string | null,"created_at"?: string,"id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_permissions_log_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_permissions_log_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid"]
    },{
      foreignKeyName: "agent_permissions_log_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_permissions_log_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid"]
    },{
      foreignKeyName: "agent_permissions_log_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_permissions_log_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_templates": {
                  Row: {
                    "created_at": string,"created_by": string | null,"default_capabilities": (string)[],"default_config": NonNullable<Json>,"default_tools": (string)[],"description": string | null,"id": string,"is_public": boolean,"name": string,"type": string,"updated_at": string,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"default_capabilities"?: (string)[],"default_config"?: NonNullable<Json>,"default_tools"?: (string)[],"description"?: string | null,"id"?: string,"is_public"?: boolean,"name": string,"type"?: string,"updated_at"?: string,"workspace_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"default_capabilities"?: (string)[],"default_config"?: NonNullable<Json>,"default_tools"?: (string)[],"description"?: string | null,"id"?: string,"is_public"?: boolean,"name"?: string,"type"?: string,"updated_at"?: string,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_templates_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_templates_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_usage": {
                  Row: {
                    "agent_id": string,"cost_usd": number,"date": string,"id": string,"requests_count": number,"runs_count": number,"tokens_used": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"cost_usd"?: number,"date": string,"id"?: string,"requests_count"?: number,"runs_count"?: number,"tokens_used"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"cost_usd"?: number,"date"?: string,"id"?: string,"requests_count"?: number,"runs_count"?: number,"tokens_used"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agent_usage_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_usage_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid"]
    },{
      foreignKeyName: "agent_usage_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_usage_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid"]
    },{
      foreignKeyName: "agent_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agents": {
                  Row: {
                    "agent_group": string,"capabilities": (string)[],"config": NonNullable<Json>,"cost_per_month": number,"created_at": string,"created_by": string | null,"deployment_config": NonNullable<Json>,"description": string | null,"escalation_level": number,"id": string,"is_active": boolean | null,"last_activity_at": string | null,"name": string,"requests_per_minute": number,"role": string,"slug": string,"status": string,"template_id": string | null,"tokens_per_day": number,"tools_granted": (string)[],"type": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_group"?: string,"capabilities"?: (string)[],"config"?: NonNullable<Json>,"cost_per_month"?: number,"created_at"?: string,"created_by"?: string | null,"deployment_config"?: NonNullable<Json>,"description"?: string | null,"escalation_level"?: number,"id"?: string,"is_active"?: never,"last_activity_at"?: string | null,"name": string,"requests_per_minute"?: number,"role"?: string,"slug": string,"status"?: string,"template_id"?: string | null,"tokens_per_day"?: number,"tools_granted"?: (string)[],"type"?: string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_group"?: string,"capabilities"?: (string)[],"config"?: NonNullable<Json>,"cost_per_month"?: number,"created_at"?: string,"created_by"?: string | null,"deployment_config"?: NonNullable<Json>,"description"?: string | null,"escalation_level"?: number,"id"?: string,"is_active"?: never,"last_activity_at"?: string | null,"name"?: string,"requests_per_minute"?: number,"role"?: string,"slug"?: string,"status"?: string,"template_id"?: string | null,"tokens_per_day"?: number,"tools_granted"?: (string)[],"type"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agents_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "agent_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"alert_rules": {
                  Row: {
                    "agent_id": string | null,"condition": string,"cooldown_minutes": number,"created_at": string,"created_by": string | null,"description": string | null,"evaluation_window_minutes": number,"id": string,"is_active": boolean,"last_evaluated_at": string | null,"last_triggered_at": string | null,"metric_type": string,"min_runs": number,"name": string,"notification_channels": NonNullable<Json>,"notification_recipients": NonNullable<Json>,"severity": string,"threshold_value": number,"trigger_count": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"condition"?: string,"cooldown_minutes"?: number,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"evaluation_window_minutes"?: number,"id"?: string,"is_active"?: boolean,"last_evaluated_at"?: string | null,"last_triggered_at"?: string | null,"metric_type": string,"min_runs"?: number,"name": string,"notification_channels"?: NonNullable<Json>,"notification_recipients"?: NonNullable<Json>,"severity"?: string,"threshold_value": number,"trigger_count"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"condition"?: string,"cooldown_minutes"?: number,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"evaluation_window_minutes"?: number,"id"?: string,"is_active"?: boolean,"last_evaluated_at"?: string | null,"last_triggered_at"?: string | null,"metric_type"?: string,"min_runs"?: number,"name"?: string,"notification_channels"?: NonNullable<Json>,"notification_recipients"?: NonNullable<Json>,"severity"?: string,"threshold_value"?: number,"trigger_count"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "alert_rules_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "alert_rules_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "alert_rules_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "alert_rules_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "alert_rules_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "alert_rules_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"alerts": {
                  Row: {
                    "acknowledged_at": string | null,"acknowledged_by": string | null,"actual_value": number | null,"agent_id": string | null,"alert_type": string,"condition": string,"fired_at": string,"id": string,"last_evaluated_at": string,"last_value": number | null,"metric_name": string,"notes": string | null,"notification_status": string,"notifications_sent": NonNullable<Json>,"resolved": boolean | null,"resolved_at": string | null,"resolved_value": number | null,"rule_id": string | null,"severity": string,"threshold_value": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "acknowledged_at"?: string | null,"acknowledged_by"?: string | null,"actual_value"?: number | null,"agent_id"?: string | null,"alert_type": string,"condition": string,"fired_at"?: string,"id"?: string,"last_evaluated_at"?: string,"last_value"?: number | null,"metric_name": string,"notes"?: string | null,"notification_status"?: string,"notifications_sent"?: NonNullable<Json>,"resolved"?: never,"resolved_at"?: string | null,"resolved_value"?: number | null,"rule_id"?: string | null,"severity": string,"threshold_value": number,"workspace_id": string
                  }
                  Update: {
                    "acknowledged_at"?: string | null,"acknowledged_by"?: string | null,"actual_value"?: number | null,"agent_id"?: string | null,"alert_type"?: string,"condition"?: string,"fired_at"?: string,"id"?: string,"last_evaluated_at"?: string,"last_value"?: number | null,"metric_name"?: string,"notes"?: string | null,"notification_status"?: string,"notifications_sent"?: NonNullable<Json>,"resolved"?: never,"resolved_at"?: string | null,"resolved_value"?: number | null,"rule_id"?: string | null,"severity"?: string,"threshold_value"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "alerts_rule_id_fkey"
      columns: ["rule_id"]
isOneToOne: false
      referencedRelation: "alert_rules"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "alerts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "alerts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"api_usage": {
                  Row: {
                    "agent_id": string | null,"created_at": string,"endpoint": string,"function_name": string,"id": string,"method": string,"request_id": string | null,"response_time_ms": number | null,"status_code": number,"user_id": string | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"created_at"?: string,"endpoint": string,"function_name": string,"id"?: string,"method": string,"request_id"?: string | null,"response_time_ms"?: number | null,"status_code": number,"user_id"?: string | null,"workspace_id"?: string | null
                  }
                  Update: {
                    "agent_id"?: string | null,"created_at"?: string,"endpoint"?: string,"function_name"?: string,"id"?: string,"method"?: string,"request_id"?: string | null,"response_time_ms"?: number | null,"status_code"?: number,"user_id"?: string | null,"workspace_id"?: string | null
                  }
                  Relationships: [

                  ]
                },"approval_rules": {
                  Row: {
                    "approver_id": string | null,"created_at": string,"created_by": string | null,"enabled": boolean,"id": string,"min_escalation_level": number,"min_estimated_cost_usd": number | null,"name": string,"required_approvals": number,"tool": string | null,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "approver_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"enabled"?: boolean,"id"?: string,"min_escalation_level"?: number,"min_estimated_cost_usd"?: number | null,"name": string,"required_approvals"?: number,"tool"?: string | null,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "approver_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"enabled"?: boolean,"id"?: string,"min_escalation_level"?: number,"min_estimated_cost_usd"?: number | null,"name"?: string,"required_approvals"?: number,"tool"?: string | null,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "approval_rules_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "approval_rules_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"approval_votes": {
                  Row: {
                    "approval_id": string,"approver_id": string | null,"created_at": string,"decision": string,"id": string,"notes": string | null,"receipt": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "approval_id": string,"approver_id"?: string | null,"created_at"?: string,"decision": string,"id"?: string,"notes"?: string | null,"receipt"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "approval_id"?: string,"approver_id"?: string | null,"created_at"?: string,"decision"?: string,"id"?: string,"notes"?: string | null,"receipt"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "approval_votes_approval_fkey"
      columns: ["approval_id","workspace_id"]
isOneToOne: false
      referencedRelation: "approvals"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "approval_votes_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "approval_votes_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"approvals": {
                  Row: {
                    "action": string,"approval_notes": string | null,"approval_signature": string | null,"approval_status": string,"approved_at": string | null,"approver_id": string | null,"arguments": NonNullable<Json>,"call_hash": string,"decided_at": string | null,"decision_id": string | null,"escalation_level": number,"estimated_cost_usd": number,"estimated_tokens": number,"execution_id": string | null,"expires_at": string,"id": string,"quorum_required": number,"request_reason": string | null,"requested_at": string,"requested_by": string,"requester_user_id": string | null,"rule_id": string | null,"tool": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"approval_notes"?: string | null,"approval_signature"?: string | null,"approval_status"?: string,"approved_at"?: never,"approver_id"?: string | null,"arguments"?: NonNullable<Json>,"call_hash": string,"decided_at"?: string | null,"decision_id"?: string | null,"escalation_level": number,"estimated_cost_usd"?: number,"estimated_tokens"?: number,"execution_id"?: string | null,"expires_at": string,"id"?: string,"quorum_required"?: number,"request_reason"?: string | null,"requested_at"?: string,"requested_by": string,"requester_user_id"?: string | null,"rule_id"?: string | null,"tool": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "action"?: string,"approval_notes"?: string | null,"approval_signature"?: string | null,"approval_status"?: string,"approved_at"?: never,"approver_id"?: string | null,"arguments"?: NonNullable<Json>,"call_hash"?: string,"decided_at"?: string | null,"decision_id"?: string | null,"escalation_level"?: number,"estimated_cost_usd"?: number,"estimated_tokens"?: number,"execution_id"?: string | null,"expires_at"?: string,"id"?: string,"quorum_required"?: number,"request_reason"?: string | null,"requested_at"?: string,"requested_by"?: string,"requester_user_id"?: string | null,"rule_id"?: string | null,"tool"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "approvals_decision_fkey"
      columns: ["decision_id","workspace_id"]
isOneToOne: false
      referencedRelation: "authorization_decisions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "approvals_requested_by_fkey"
      columns: ["requested_by","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "approvals_requested_by_fkey"
      columns: ["requested_by","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "approvals_requested_by_fkey"
      columns: ["requested_by","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "approvals_requested_by_fkey"
      columns: ["requested_by","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "approvals_rule_id_fkey"
      columns: ["rule_id"]
isOneToOne: false
      referencedRelation: "approval_rules"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "approvals_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "approvals_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"authorization_decisions": {
                  Row: {
                    "action": string,"agent_id": string,"call_hash": string,"created_at": string,"details": NonNullable<Json>,"escalation_level": number,"estimated_cost_usd": number,"estimated_tokens": number,"execution_id": string | null,"id": string,"message": string,"outcome": string,"reason": string | null,"tool": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"agent_id": string,"call_hash": string,"created_at"?: string,"details"?: NonNullable<Json>,"escalation_level": number,"estimated_cost_usd"?: number,"estimated_tokens"?: number,"execution_id"?: string | null,"id"?: string,"message": string,"outcome": string,"reason"?: string | null,"tool": string,"workspace_id": string
                  }
                  Update: {
                    "action"?: string,"agent_id"?: string,"call_hash"?: string,"created_at"?: string,"details"?: NonNullable<Json>,"escalation_level"?: number,"estimated_cost_usd"?: number,"estimated_tokens"?: number,"execution_id"?: string | null,"id"?: string,"message"?: string,"outcome"?: string,"reason"?: string | null,"tool"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "authorization_decisions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "authorization_decisions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "authorization_decisions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "authorization_decisions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    }
                  ]
                },"cost_adjustments": {
                  Row: {
                    "adjusted_at": string,"adjusted_by": string | null,"execution_id": string,"id": string,"new_cost_usd": number,"new_model_price_id": string | null,"old_cost_usd": number,"old_model_price_id": string | null,"reason": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "adjusted_at"?: string,"adjusted_by"?: string | null,"execution_id": string,"id"?: string,"new_cost_usd": number,"new_model_price_id"?: string | null,"old_cost_usd": number,"old_model_price_id"?: string | null,"reason": string,"workspace_id": string
                  }
                  Update: {
                    "adjusted_at"?: string,"adjusted_by"?: string | null,"execution_id"?: string,"id"?: string,"new_cost_usd"?: number,"new_model_price_id"?: string | null,"old_cost_usd"?: number,"old_model_price_id"?: string | null,"reason"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "cost_adjustments_new_model_price_id_fkey"
      columns: ["new_model_price_id"]
isOneToOne: false
      referencedRelation: "model_prices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "cost_adjustments_old_model_price_id_fkey"
      columns: ["old_model_price_id"]
isOneToOne: false
      referencedRelation: "model_prices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "cost_adjustments_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "cost_adjustments_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"deliveries": {
                  Row: {
                    "attempts": number,"channel": string,"created_at": string,"delivered_at": string | null,"event_id": string,"event_type": string,"id": string,"last_error": string | null,"last_status_code": number | null,"max_attempts": number,"next_attempt_at": string,"payload": NonNullable<Json>,"status": string,"subscription_id": string | null,"target": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"channel": string,"created_at"?: string,"delivered_at"?: string | null,"event_id": string,"event_type": string,"id"?: string,"last_error"?: string | null,"last_status_code"?: number | null,"max_attempts"?: number,"next_attempt_at"?: string,"payload": NonNullable<Json>,"status"?: string,"subscription_id"?: string | null,"target": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "attempts"?: number,"channel"?: string,"created_at"?: string,"delivered_at"?: string | null,"event_id"?: string,"event_type"?: string,"id"?: string,"last_error"?: string | null,"last_status_code"?: number | null,"max_attempts"?: number,"next_attempt_at"?: string,"payload"?: NonNullable<Json>,"status"?: string,"subscription_id"?: string | null,"target"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "deliveries_subscription_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "event_subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deliveries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deliveries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"delivery_attempts": {
                  Row: {
                    "attempt": number,"attempted_at": string,"delivery_id": string,"duration_ms": number | null,"error": string | null,"id": string,"outcome": string,"status_code": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempt": number,"attempted_at"?: string,"delivery_id": string,"duration_ms"?: number | null,"error"?: string | null,"id"?: string,"outcome": string,"status_code"?: number | null,"workspace_id": string
                  }
                  Update: {
                    "attempt"?: number,"attempted_at"?: string,"delivery_id"?: string,"duration_ms"?: number | null,"error"?: string | null,"id"?: string,"outcome"?: string,"status_code"?: number | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "delivery_attempts_delivery_fkey"
      columns: ["delivery_id","workspace_id"]
isOneToOne: false
      referencedRelation: "alert_deliveries"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "delivery_attempts_delivery_fkey"
      columns: ["delivery_id","workspace_id"]
isOneToOne: false
      referencedRelation: "deliveries"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "delivery_attempts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "delivery_attempts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"deployments": {
                  Row: {
                    "agent_id": string,"config": NonNullable<Json>,"created_at": string,"created_by": string | null,"deployed_at": string | null,"deployment_url": string | null,"error_message": string | null,"id": string,"status": string,"stopped_at": string | null,"trigger_config": NonNullable<Json>,"trigger_type": string,"updated_at": string,"version": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"config"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"deployed_at"?: string | null,"deployment_url"?: string | null,"error_message"?: string | null,"id"?: string,"status"?: string,"stopped_at"?: string | null,"trigger_config"?: NonNullable<Json>,"trigger_type"?: string,"updated_at"?: string,"version": number,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"config"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"deployed_at"?: string | null,"deployment_url"?: string | null,"error_message"?: string | null,"id"?: string,"status"?: string,"stopped_at"?: string | null,"trigger_config"?: NonNullable<Json>,"trigger_type"?: string,"updated_at"?: string,"version"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "deployments_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "deployments_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "deployments_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "deployments_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "deployments_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deployments_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"echo_entries": {
                  Row: {
                    "agent_id": string | null,"created_at": string,"created_by": string | null,"engagement_metrics": NonNullable<Json>,"execution_id": string,"id": string,"input_prompt": string | null,"key_insights": string | null,"model_used": string | null,"output_content": string | null,"parameters": NonNullable<Json>,"patterns_learned": (string)[],"performance_data": NonNullable<Json>,"success": boolean | null,"updated_at": string,"user_feedback": string | null,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"engagement_metrics"?: NonNullable<Json>,"execution_id": string,"id"?: string,"input_prompt"?: string | null,"key_insights"?: string | null,"model_used"?: string | null,"output_content"?: string | null,"parameters"?: NonNullable<Json>,"patterns_learned"?: (string)[],"performance_data"?: NonNullable<Json>,"success"?: boolean | null,"updated_at"?: string,"user_feedback"?: string | null,"user_rating"?: number | null,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"created_at"?: string,"created_by"?: string | null,"engagement_metrics"?: NonNullable<Json>,"execution_id"?: string,"id"?: string,"input_prompt"?: string | null,"key_insights"?: string | null,"model_used"?: string | null,"output_content"?: string | null,"parameters"?: NonNullable<Json>,"patterns_learned"?: (string)[],"performance_data"?: NonNullable<Json>,"success"?: boolean | null,"updated_at"?: string,"user_feedback"?: string | null,"user_rating"?: number | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "echo_entries_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "echo_entries_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "echo_entries_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "echo_entries_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "echo_entries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "echo_entries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"efficiency_measurements": {
                  Row: {
                    "agent_id": string | null,"cpu_seconds": number,"created_at": string,"execution_id": string,"id": string,"latency_p50_ms": number,"latency_p95_ms": number,"measured_at": string,"measured_by": string | null,"measured_by_agent_id": string | null,"memory_mb_avg": number,"success_rate": number,"throughput_per_hour": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"cpu_seconds": number,"created_at"?: string,"execution_id": string,"id"?: string,"latency_p50_ms": number,"latency_p95_ms": number,"measured_at"?: string,"measured_by"?: string | null,"measured_by_agent_id"?: string | null,"memory_mb_avg": number,"success_rate": number,"throughput_per_hour": number,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"cpu_seconds"?: number,"created_at"?: string,"execution_id"?: string,"id"?: string,"latency_p50_ms"?: number,"latency_p95_ms"?: number,"measured_at"?: string,"measured_by"?: string | null,"measured_by_agent_id"?: string | null,"memory_mb_avg"?: number,"success_rate"?: number,"throughput_per_hour"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "efficiency_measurements_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_measured_by_agent_fkey"
      columns: ["measured_by_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_measured_by_agent_fkey"
      columns: ["measured_by_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_measured_by_agent_fkey"
      columns: ["measured_by_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_measured_by_agent_fkey"
      columns: ["measured_by_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "efficiency_measurements_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "efficiency_measurements_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"error_patterns": {
                  Row: {
                    "created_at": string,"error_type": string,"example_execution_id": string | null,"example_message": string | null,"fingerprint": string,"first_seen_at": string,"id": string,"last_agent_id": string | null,"last_execution_id": string | null,"last_seen_at": string,"normalized_message": string,"occurrence_count": number,"resolution_note": string | null,"resolved_at": string | null,"resolved_by": string | null,"status": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"error_type": string,"example_execution_id"?: string | null,"example_message"?: string | null,"fingerprint": string,"first_seen_at": string,"id"?: string,"last_agent_id"?: string | null,"last_execution_id"?: string | null,"last_seen_at": string,"normalized_message": string,"occurrence_count"?: number,"resolution_note"?: string | null,"resolved_at"?: string | null,"resolved_by"?: string | null,"status"?: string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"error_type"?: string,"example_execution_id"?: string | null,"example_message"?: string | null,"fingerprint"?: string,"first_seen_at"?: string,"id"?: string,"last_agent_id"?: string | null,"last_execution_id"?: string | null,"last_seen_at"?: string,"normalized_message"?: string,"occurrence_count"?: number,"resolution_note"?: string | null,"resolved_at"?: string | null,"resolved_by"?: string | null,"status"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "error_patterns_example_execution_fkey"
      columns: ["example_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_example_execution_fkey"
      columns: ["example_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_example_execution_fkey"
      columns: ["example_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_example_execution_fkey"
      columns: ["example_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_example_execution_fkey"
      columns: ["example_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_agent_fkey"
      columns: ["last_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_agent_fkey"
      columns: ["last_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_agent_fkey"
      columns: ["last_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_agent_fkey"
      columns: ["last_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_execution_fkey"
      columns: ["last_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_execution_fkey"
      columns: ["last_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_execution_fkey"
      columns: ["last_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_execution_fkey"
      columns: ["last_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_last_execution_fkey"
      columns: ["last_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "error_patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "error_patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"evaluations": {
                  Row: {
                    "agent_id": string | null,"created_at": string,"details": NonNullable<Json>,"evaluated_at": string,"evaluated_by": string | null,"evaluator_agent_id": string | null,"evaluator_vendor": string,"execution_id": string,"id": string,"model_version": string,"quality_score": number,"reliability_score": number,"value_score": number,"verdict": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"created_at"?: string,"details"?: NonNullable<Json>,"evaluated_at"?: string,"evaluated_by"?: string | null,"evaluator_agent_id"?: string | null,"evaluator_vendor": string,"execution_id": string,"id"?: string,"model_version": string,"quality_score": number,"reliability_score": number,"value_score": number,"verdict": string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"created_at"?: string,"details"?: NonNullable<Json>,"evaluated_at"?: string,"evaluated_by"?: string | null,"evaluator_agent_id"?: string | null,"evaluator_vendor"?: string,"execution_id"?: string,"id"?: string,"model_version"?: string,"quality_score"?: number,"reliability_score"?: number,"value_score"?: number,"verdict"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "evaluations_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "evaluations_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "evaluations_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "evaluations_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "evaluations_evaluator_agent_fkey"
      columns: ["evaluator_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "evaluations_evaluator_agent_fkey"
      columns: ["evaluator_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "evaluations_evaluator_agent_fkey"
      columns: ["evaluator_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "evaluations_evaluator_agent_fkey"
      columns: ["evaluator_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "evaluations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "evaluations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"event_subscriptions": {
                  Row: {
                    "active": boolean,"channel": string,"created_at": string,"created_by": string | null,"event_types": (string)[],"id": string,"name": string,"secret": string,"target": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "active"?: boolean,"channel"?: string,"created_at"?: string,"created_by"?: string | null,"event_types": (string)[],"id"?: string,"name": string,"secret"?: string,"target": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "active"?: boolean,"channel"?: string,"created_at"?: string,"created_by"?: string | null,"event_types"?: (string)[],"id"?: string,"name"?: string,"secret"?: string,"target"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "event_subscriptions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "event_subscriptions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"execution_spans": {
                  Row: {
                    "attributes": NonNullable<Json>,"confidence": number | null,"content": string | null,"cost_usd": number | null,"created_at": string,"duration_ms": number | null,"ended_at": string | null,"error_message": string | null,"execution_id": string,"gen_ai_operation_name": string | null,"gen_ai_request_model": string | null,"gen_ai_response_model": string | null,"gen_ai_system": string | null,"gen_ai_usage_input_tokens": number | null,"gen_ai_usage_output_tokens": number | null,"http_method": string | null,"http_status_code": number | null,"http_url": string | null,"id": string,"kind": string,"name": string,"node_type": string | null,"parent_span_id": string | null,"span_key": string,"started_at": string,"status": string,"tool_name": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attributes"?: NonNullable<Json>,"confidence"?: number | null,"content"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"duration_ms"?: number | null,"ended_at"?: string | null,"error_message"?: string | null,"execution_id": string,"gen_ai_operation_name"?: string | null,"gen_ai_request_model"?: string | null,"gen_ai_response_model"?: string | null,"gen_ai_system"?: string | null,"gen_ai_usage_input_tokens"?: number | null,"gen_ai_usage_output_tokens"?: number | null,"http_method"?: string | null,"http_status_code"?: number | null,"http_url"?: string | null,"id"?: string,"kind": string,"name": string,"node_type"?: string | null,"parent_span_id"?: string | null,"span_key": string,"started_at": string,"status"?: string,"tool_name"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "attributes"?: NonNullable<Json>,"confidence"?: number | null,"content"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"duration_ms"?: number | null,"ended_at"?: string | null,"error_message"?: string | null,"execution_id"?: string,"gen_ai_operation_name"?: string | null,"gen_ai_request_model"?: string | null,"gen_ai_response_model"?: string | null,"gen_ai_system"?: string | null,"gen_ai_usage_input_tokens"?: number | null,"gen_ai_usage_output_tokens"?: number | null,"http_method"?: string | null,"http_status_code"?: number | null,"http_url"?: string | null,"id"?: string,"kind"?: string,"name"?: string,"node_type"?: string | null,"parent_span_id"?: string | null,"span_key"?: string,"started_at"?: string,"status"?: string,"tool_name"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["parent_span_id","execution_id"]
isOneToOne: false
      referencedRelation: "agent_thoughts"
      referencedColumns: ["id","execution_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["parent_span_id","execution_id"]
isOneToOne: false
      referencedRelation: "endpoint_calls"
      referencedColumns: ["id","trace_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["parent_span_id","execution_id"]
isOneToOne: false
      referencedRelation: "execution_spans"
      referencedColumns: ["id","execution_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["parent_span_id","execution_id"]
isOneToOne: false
      referencedRelation: "hook_executions"
      referencedColumns: ["id","trace_id"]
    }
                  ]
                },"execution_traces_archive": {
                  Row: {
                    "agent_id": string | null,"archived_at": string,"cost_usd": number,"duration_ms": number | null,"ended_at": string | null,"error_message": string | null,"error_type": string | null,"execution_id": string,"metadata": NonNullable<Json>,"model": string | null,"run_key": string,"source": string,"spans": NonNullable<Json>,"started_at": string,"status": string,"tokens_in": number,"tokens_out": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"archived_at"?: string,"cost_usd"?: number,"duration_ms"?: number | null,"ended_at"?: string | null,"error_message"?: string | null,"error_type"?: string | null,"execution_id": string,"metadata"?: NonNullable<Json>,"model"?: string | null,"run_key": string,"source": string,"spans"?: NonNullable<Json>,"started_at": string,"status": string,"tokens_in"?: number,"tokens_out"?: number,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"archived_at"?: string,"cost_usd"?: number,"duration_ms"?: number | null,"ended_at"?: string | null,"error_message"?: string | null,"error_type"?: string | null,"execution_id"?: string,"metadata"?: NonNullable<Json>,"model"?: string | null,"run_key"?: string,"source"?: string,"spans"?: NonNullable<Json>,"started_at"?: string,"status"?: string,"tokens_in"?: number,"tokens_out"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "execution_traces_archive_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "execution_traces_archive_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"executions": {
                  Row: {
                    "agent_id": string | null,"cost_source": string,"cost_usd": number,"created_at": string,"duration_ms": number | null,"ended_at": string | null,"ended_at_stamped": boolean,"environment": string,"error_message": string | null,"error_type": string | null,"feedback": string | null,"id": string,"input": Json | null,"metadata": NonNullable<Json>,"model": string | null,"model_price_id": string | null,"output": Json | null,"over_limit": string | null,"parent_execution_id": string | null,"project_id": string | null,"run_key": string,"source": string,"started_at": string,"status": string,"task_id": string | null,"tokens_cached": number,"tokens_in": number,"tokens_out": number,"updated_at": string,"user_id": string | null,"user_rating": number | null,"workflow_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"cost_source"?: string,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"ended_at"?: string | null,"ended_at_stamped"?: boolean,"environment"?: string,"error_message"?: string | null,"error_type"?: string | null,"feedback"?: string | null,"id"?: string,"input"?: Json | null,"metadata"?: NonNullable<Json>,"model"?: string | null,"model_price_id"?: string | null,"output"?: Json | null,"over_limit"?: string | null,"parent_execution_id"?: string | null,"project_id"?: string | null,"run_key": string,"source"?: string,"started_at"?: string,"status": string,"task_id"?: string | null,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"updated_at"?: string,"user_id"?: string | null,"user_rating"?: number | null,"workflow_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"cost_source"?: string,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"ended_at"?: string | null,"ended_at_stamped"?: boolean,"environment"?: string,"error_message"?: string | null,"error_type"?: string | null,"feedback"?: string | null,"id"?: string,"input"?: Json | null,"metadata"?: NonNullable<Json>,"model"?: string | null,"model_price_id"?: string | null,"output"?: Json | null,"over_limit"?: string | null,"parent_execution_id"?: string | null,"project_id"?: string | null,"run_key"?: string,"source"?: string,"started_at"?: string,"status"?: string,"task_id"?: string | null,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"updated_at"?: string,"user_id"?: string | null,"user_rating"?: number | null,"workflow_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_model_price_id_fkey"
      columns: ["model_price_id"]
isOneToOne: false
      referencedRelation: "model_prices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "executions_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_task_fkey"
      columns: ["task_id","workspace_id"]
isOneToOne: false
      referencedRelation: "tasks"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_workflow_fkey"
      columns: ["workflow_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflows"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"experiment_runs": {
                  Row: {
                    "agent_id": string,"created_at": string,"ended_at": string | null,"execution_id": string | null,"experiment_key": string,"id": string,"metric_primary": number | null,"outcome": string,"run_number": number,"started_at": string,"task_id": string,"variant": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"created_at"?: string,"ended_at"?: string | null,"execution_id"?: string | null,"experiment_key": string,"id"?: string,"metric_primary"?: number | null,"outcome": string,"run_number": number,"started_at": string,"task_id": string,"variant": string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"created_at"?: string,"ended_at"?: string | null,"execution_id"?: string | null,"experiment_key"?: string,"id"?: string,"metric_primary"?: number | null,"outcome"?: string,"run_number"?: number,"started_at"?: string,"task_id"?: string,"variant"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "experiment_runs_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "experiment_runs_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "experiment_runs_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "experiment_runs_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "experiment_runs_task_fkey"
      columns: ["task_id","workspace_id"]
isOneToOne: false
      referencedRelation: "tasks"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "experiment_runs_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "experiment_runs_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"governance_audit_log": {
                  Row: {
                    "actor_id": string | null,"actor_type": string,"created_at": string,"event_type": string,"hash": string | null,"id": number,"payload": NonNullable<Json>,"prev_hash": string | null,"seq": number | null,"subject_id": string | null,"subject_type": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"actor_type": string,"created_at"?: string,"event_type": string,"hash"?: string | null,"id"?: never,"payload"?: NonNullable<Json>,"prev_hash"?: string | null,"seq"?: number | null,"subject_id"?: string | null,"subject_type": string,"workspace_id": string
                  }
                  Update: {
                    "actor_id"?: string | null,"actor_type"?: string,"created_at"?: string,"event_type"?: string,"hash"?: string | null,"id"?: never,"payload"?: NonNullable<Json>,"prev_hash"?: string | null,"seq"?: number | null,"subject_id"?: string | null,"subject_type"?: string,"workspace_id"?: string
                  }
                  Relationships: [

                  ]
                },"history_events": {
                  Row: {
                    "agent_id": string | null,"cost_usd": number | null,"created_at": string,"engagement_metrics": NonNullable<Json>,"event_date": string,"event_type": string,"execution_id": string | null,"generation_data": NonNullable<Json>,"id": string,"model_used": string | null,"project_id": string | null,"subject_id": string,"tokens_used": number | null,"user_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"engagement_metrics"?: NonNullable<Json>,"event_date": string,"event_type": string,"execution_id"?: string | null,"generation_data"?: NonNullable<Json>,"id"?: string,"model_used"?: string | null,"project_id"?: string | null,"subject_id": string,"tokens_used"?: number | null,"user_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"engagement_metrics"?: NonNullable<Json>,"event_date"?: string,"event_type"?: string,"execution_id"?: string | null,"generation_data"?: NonNullable<Json>,"id"?: string,"model_used"?: string | null,"project_id"?: string | null,"subject_id"?: string,"tokens_used"?: number | null,"user_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "history_events_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "history_events_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "history_events_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "history_events_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "history_events_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "history_events_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "history_events_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"history_metric_daily": {
                  Row: {
                    "computed_at": string,"day": string,"id": string,"metric_name": string,"project_id": string | null,"user_id": string | null,"value_count": number,"value_sum": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "computed_at"?: string,"day": string,"id"?: string,"metric_name": string,"project_id"?: string | null,"user_id"?: string | null,"value_count": number,"value_sum": number,"workspace_id": string
                  }
                  Update: {
                    "computed_at"?: string,"day"?: string,"id"?: string,"metric_name"?: string,"project_id"?: string | null,"user_id"?: string | null,"value_count"?: number,"value_sum"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "history_metric_daily_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "history_metric_daily_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "history_metric_daily_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"history_timeline": {
                  Row: {
                    "avg_user_satisfaction": number | null,"computed_at": string,"created_at": string,"failed_patterns": (string)[],"failure_count": number,"id": string,"key_learnings": (string)[],"period_end": string,"period_start": string,"project_goals": string | null,"project_id": string | null,"project_name": string | null,"rated_count": number,"rating_sum": number,"sealed_at": string | null,"success_count": number,"success_rate": number | null,"successful_patterns": (string)[],"target_audience": string | null,"time_bucket": string,"total_cost": number,"total_generations": number,"total_tokens_used": number,"updated_at": string,"user_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avg_user_satisfaction"?: number | null,"computed_at"?: string,"created_at"?: string,"failed_patterns"?: (string)[],"failure_count"?: number,"id"?: string,"key_learnings"?: (string)[],"period_end": string,"period_start": string,"project_goals"?: string | null,"project_id"?: string | null,"project_name"?: string | null,"rated_count"?: number,"rating_sum"?: number,"sealed_at"?: string | null,"success_count"?: number,"success_rate"?: number | null,"successful_patterns"?: (string)[],"target_audience"?: string | null,"time_bucket": string,"total_cost"?: number,"total_generations"?: number,"total_tokens_used"?: number,"updated_at"?: string,"user_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "avg_user_satisfaction"?: number | null,"computed_at"?: string,"created_at"?: string,"failed_patterns"?: (string)[],"failure_count"?: number,"id"?: string,"key_learnings"?: (string)[],"period_end"?: string,"period_start"?: string,"project_goals"?: string | null,"project_id"?: string | null,"project_name"?: string | null,"rated_count"?: number,"rating_sum"?: number,"sealed_at"?: string | null,"success_count"?: number,"success_rate"?: number | null,"successful_patterns"?: (string)[],"target_audience"?: string | null,"time_bucket"?: string,"total_cost"?: number,"total_generations"?: number,"total_tokens_used"?: number,"updated_at"?: string,"user_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "history_timeline_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "history_timeline_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "history_timeline_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"metric_samples": {
                  Row: {
                    "agent_id": string,"execution_id": string | null,"id": string,"metadata": NonNullable<Json>,"metric_type": string,"recorded_at": string,"unit": string | null,"value": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"execution_id"?: string | null,"id"?: string,"metadata"?: NonNullable<Json>,"metric_type": string,"recorded_at"?: string,"unit"?: string | null,"value": number,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"execution_id"?: string | null,"id"?: string,"metadata"?: NonNullable<Json>,"metric_type"?: string,"recorded_at"?: string,"unit"?: string | null,"value"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "metric_samples_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "metric_samples_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"model_prices": {
                  Row: {
                    "cached_input_per_mtok": number | null,"created_at": string,"created_by": string | null,"currency": string,"id": string,"input_per_mtok": number,"model_name": string,"model_pattern": string,"output_per_mtok": number,"provider": string | null,"updated_at": string,"valid_from": string,"valid_to": string | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "cached_input_per_mtok"?: number | null,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"id"?: string,"input_per_mtok": number,"model_name": string,"model_pattern": string,"output_per_mtok": number,"provider"?: string | null,"updated_at"?: string,"valid_from"?: string,"valid_to"?: string | null,"workspace_id"?: string | null
                  }
                  Update: {
                    "cached_input_per_mtok"?: number | null,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"id"?: string,"input_per_mtok"?: number,"model_name"?: string,"model_pattern"?: string,"output_per_mtok"?: number,"provider"?: string | null,"updated_at"?: string,"valid_from"?: string,"valid_to"?: string | null,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "model_prices_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "model_prices_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"n8n_connections": {
                  Row: {
                    "base_url": string | null,"created_at": string,"created_by": string | null,"has_api_key": boolean,"id": string,"last_sync_error": string | null,"last_sync_finished_at": string | null,"last_sync_started_at": string | null,"last_sync_status": string | null,"last_sync_stored": number | null,"name": string,"next_sync_at": string,"sync_consecutive_failures": number,"sync_enabled": boolean,"sync_high_water": number | null,"sync_interval_seconds": number,"sync_lease_token": string | null,"sync_lease_until": string | null,"sync_open_ids": (string)[],"sync_walk_cursor": string | null,"sync_walk_top": number | null,"synced_executions": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "base_url"?: string | null,"created_at"?: string,"created_by"?: string | null,"has_api_key"?: boolean,"id"?: string,"last_sync_error"?: string | null,"last_sync_finished_at"?: string | null,"last_sync_started_at"?: string | null,"last_sync_status"?: string | null,"last_sync_stored"?: number | null,"name"?: string,"next_sync_at"?: string,"sync_consecutive_failures"?: number,"sync_enabled"?: boolean,"sync_high_water"?: number | null,"sync_interval_seconds"?: number,"sync_lease_token"?: string | null,"sync_lease_until"?: string | null,"sync_open_ids"?: (string)[],"sync_walk_cursor"?: string | null,"sync_walk_top"?: number | null,"synced_executions"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "base_url"?: string | null,"created_at"?: string,"created_by"?: string | null,"has_api_key"?: boolean,"id"?: string,"last_sync_error"?: string | null,"last_sync_finished_at"?: string | null,"last_sync_started_at"?: string | null,"last_sync_status"?: string | null,"last_sync_stored"?: number | null,"name"?: string,"next_sync_at"?: string,"sync_consecutive_failures"?: number,"sync_enabled"?: boolean,"sync_high_water"?: number | null,"sync_interval_seconds"?: number,"sync_lease_token"?: string | null,"sync_lease_until"?: string | null,"sync_open_ids"?: (string)[],"sync_walk_cursor"?: string | null,"sync_walk_top"?: number | null,"synced_executions"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "n8n_connections_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "n8n_connections_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"notifications": {
                  Row: {
                    "created_at": string,"data": NonNullable<Json>,"expires_at": string | null,"id": string,"message": string,"priority": string,"read_at": string | null,"title": string,"type": string,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"data"?: NonNullable<Json>,"expires_at"?: string | null,"id"?: string,"message": string,"priority"?: string,"read_at"?: string | null,"title": string,"type": string,"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"data"?: NonNullable<Json>,"expires_at"?: string | null,"id"?: string,"message"?: string,"priority"?: string,"read_at"?: string | null,"title"?: string,"type"?: string,"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "notifications_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "notifications_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"pattern_usage": {
                  Row: {
                    "agent_id": string | null,"engagement": NonNullable<Json>,"execution_id": string | null,"id": string,"pattern_id": string,"reported_by": string | null,"success": boolean | null,"used_at": string,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"engagement"?: NonNullable<Json>,"execution_id"?: string | null,"id"?: string,"pattern_id": string,"reported_by"?: string | null,"success"?: boolean | null,"used_at"?: string,"user_rating"?: number | null,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"engagement"?: NonNullable<Json>,"execution_id"?: string | null,"id"?: string,"pattern_id"?: string,"reported_by"?: string | null,"success"?: boolean | null,"used_at"?: string,"user_rating"?: number | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "echo_patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "pattern_effectiveness"
      referencedColumns: ["pattern_id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "success_patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "pattern_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"patterns": {
                  Row: {
                    "anti_patterns": (string)[],"avg_engagement": NonNullable<Json>,"avg_user_rating": number | null,"best_practices": (string)[],"created_at": string,"created_by": string | null,"description": string | null,"embedding": string | null,"embedding_half": unknown,"engagement_totals": NonNullable<Json>,"examples": (string)[],"failure_count": number,"id": string,"last_used_at": string | null,"name": string,"optimal_model": string | null,"optimal_parameters": NonNullable<Json>,"rated_count": number,"rating_sum": number,"source_echo_entry_id": string | null,"success_count": number,"success_rate": number | null,"success_rate_bp": number,"topic": string,"updated_at": string,"usage_count": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "anti_patterns"?: (string)[],"avg_engagement"?: NonNullable<Json>,"avg_user_rating"?: number | null,"best_practices"?: (string)[],"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"embedding"?: string | null,"embedding_half"?: never,"engagement_totals"?: NonNullable<Json>,"examples"?: (string)[],"failure_count"?: number,"id"?: string,"last_used_at"?: string | null,"name": string,"optimal_model"?: string | null,"optimal_parameters"?: NonNullable<Json>,"rated_count"?: number,"rating_sum"?: number,"source_echo_entry_id"?: string | null,"success_count"?: number,"success_rate"?: number | null,"success_rate_bp"?: never,"topic": string,"updated_at"?: string,"usage_count"?: number,"workspace_id": string
                  }
                  Update: {
                    "anti_patterns"?: (string)[],"avg_engagement"?: NonNullable<Json>,"avg_user_rating"?: number | null,"best_practices"?: (string)[],"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"embedding"?: string | null,"embedding_half"?: never,"engagement_totals"?: NonNullable<Json>,"examples"?: (string)[],"failure_count"?: number,"id"?: string,"last_used_at"?: string | null,"name"?: string,"optimal_model"?: string | null,"optimal_parameters"?: NonNullable<Json>,"rated_count"?: number,"rating_sum"?: number,"source_echo_entry_id"?: string | null,"success_count"?: number,"success_rate"?: number | null,"success_rate_bp"?: never,"topic"?: string,"updated_at"?: string,"usage_count"?: number,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "patterns_source_echo_entry_id_fkey"
      columns: ["source_echo_entry_id"]
isOneToOne: false
      referencedRelation: "echo_entries"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"profiles": {
                  Row: {
                    "avatar_url": string | null,"created_at": string,"email": string | null,"full_name": string | null,"id": string,"subscription_tier": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_url"?: string | null,"created_at"?: string,"email"?: string | null,"full_name"?: string | null,"id": string,"subscription_tier"?: string,"updated_at"?: string
                  }
                  Update: {
                    "avatar_url"?: string | null,"created_at"?: string,"email"?: string | null,"full_name"?: string | null,"id"?: string,"subscription_tier"?: string,"updated_at"?: string
                  }
                  Relationships: [

                  ]
                },"projects": {
                  Row: {
                    "created_at": string,"goals": string | null,"id": string,"name": string,"owner_user_id": string | null,"slug": string,"target_audience": string | null,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"goals"?: string | null,"id"?: string,"name": string,"owner_user_id"?: string | null,"slug": string,"target_audience"?: string | null,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"goals"?: string | null,"id"?: string,"name"?: string,"owner_user_id"?: string | null,"slug"?: string,"target_audience"?: string | null,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "projects_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "projects_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"recommendations": {
                  Row: {
                    "confidence": number,"created_at": string,"decided_at": string | null,"decided_by": string | null,"evidence": NonNullable<Json>,"expected_impact": NonNullable<Json>,"expires_at": string | null,"generated_at": string,"id": string,"project_id": string | null,"recommendation_for_period": string,"recommendation_text": string,"rule": string,"status": string,"subject_key": string,"updated_at": string,"user_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "confidence": number,"created_at"?: string,"decided_at"?: string | null,"decided_by"?: string | null,"evidence"?: NonNullable<Json>,"expected_impact"?: NonNullable<Json>,"expires_at"?: string | null,"generated_at"?: string,"id"?: string,"project_id"?: string | null,"recommendation_for_period": string,"recommendation_text": string,"rule": string,"status"?: string,"subject_key": string,"updated_at"?: string,"user_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "confidence"?: number,"created_at"?: string,"decided_at"?: string | null,"decided_by"?: string | null,"evidence"?: NonNullable<Json>,"expected_impact"?: NonNullable<Json>,"expires_at"?: string | null,"generated_at"?: string,"id"?: string,"project_id"?: string | null,"recommendation_for_period"?: string,"recommendation_text"?: string,"rule"?: string,"status"?: string,"subject_key"?: string,"updated_at"?: string,"user_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "recommendations_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "recommendations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "recommendations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"rep_balances": {
                  Row: {
                    "agent_id": string,"balance": number,"last_transaction_at": string | null,"transaction_count": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"balance"?: number,"last_transaction_at"?: string | null,"transaction_count"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"balance"?: number,"last_transaction_at"?: string | null,"transaction_count"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "rep_balances_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_balances_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "rep_balances_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_balances_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "rep_balances_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "rep_balances_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"rep_transactions": {
                  Row: {
                    "agent_id": string,"agent_seq": number,"balance_after": number,"created_by": string | null,"delta_rep": number,"evaluation_id": string | null,"execution_id": string | null,"id": string,"note": string | null,"occurred_at": string,"reason_code": string,"requested_delta_rep": number | null,"reverses_transaction_id": string | null,"tx_type": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"agent_seq": number,"balance_after": number,"created_by"?: string | null,"delta_rep": number,"evaluation_id"?: string | null,"execution_id"?: string | null,"id"?: string,"note"?: string | null,"occurred_at"?: string,"reason_code": string,"requested_delta_rep"?: number | null,"reverses_transaction_id"?: string | null,"tx_type": string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"agent_seq"?: number,"balance_after"?: number,"created_by"?: string | null,"delta_rep"?: number,"evaluation_id"?: string | null,"execution_id"?: string | null,"id"?: string,"note"?: string | null,"occurred_at"?: string,"reason_code"?: string,"requested_delta_rep"?: number | null,"reverses_transaction_id"?: string | null,"tx_type"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_evaluation_fkey"
      columns: ["evaluation_id","workspace_id"]
isOneToOne: false
      referencedRelation: "evaluations"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_evaluation_fkey"
      columns: ["evaluation_id","workspace_id"]
isOneToOne: false
      referencedRelation: "rli_evaluations"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_reverses_transaction_id_fkey"
      columns: ["reverses_transaction_id"]
isOneToOne: true
      referencedRelation: "rep_history"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "rep_transactions_reverses_transaction_id_fkey"
      columns: ["reverses_transaction_id"]
isOneToOne: true
      referencedRelation: "rep_transactions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "rep_transactions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "rep_transactions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"routing_decisions": {
                  Row: {
                    "candidates": NonNullable<Json>,"confidence": number | null,"created_at": string,"embedding": string | null,"execution_id": string | null,"from_agent_id": string | null,"id": string,"outcome_at": string | null,"outcome_cost_usd": number | null,"outcome_duration_ms": number | null,"outcome_status": string | null,"query_text": string | null,"reason": string | null,"selected_agent_id": string | null,"span_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "candidates"?: NonNullable<Json>,"confidence"?: number | null,"created_at"?: string,"embedding"?: string | null,"execution_id"?: string | null,"from_agent_id"?: string | null,"id"?: string,"outcome_at"?: string | null,"outcome_cost_usd"?: number | null,"outcome_duration_ms"?: number | null,"outcome_status"?: string | null,"query_text"?: string | null,"reason"?: string | null,"selected_agent_id"?: string | null,"span_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "candidates"?: NonNullable<Json>,"confidence"?: number | null,"created_at"?: string,"embedding"?: string | null,"execution_id"?: string | null,"from_agent_id"?: string | null,"id"?: string,"outcome_at"?: string | null,"outcome_cost_usd"?: number | null,"outcome_duration_ms"?: number | null,"outcome_status"?: string | null,"query_text"?: string | null,"reason"?: string | null,"selected_agent_id"?: string | null,"span_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "routing_decisions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"run_conflicts": {
                  Row: {
                    "agent_id": string | null,"execution_id": string,"field": string,"id": string,"message": string,"reason": string,"reported_at": string,"run_key": string,"source": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"execution_id": string,"field": string,"id"?: string,"message": string,"reason": string,"reported_at"?: string,"run_key": string,"source": string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"execution_id"?: string,"field"?: string,"id"?: string,"message"?: string,"reason"?: string,"reported_at"?: string,"run_key"?: string,"source"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "run_conflicts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "run_conflicts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"season_ranges": {
                  Row: {
                    "created_at": string,"created_by": string | null,"ends_on": string,"id": string,"recurs_yearly": boolean,"season": string,"starts_on": string,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"ends_on": string,"id"?: string,"recurs_yearly"?: boolean,"season": string,"starts_on": string,"workspace_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"ends_on"?: string,"id"?: string,"recurs_yearly"?: boolean,"season"?: string,"starts_on"?: string,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "season_ranges_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "season_ranges_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"seasonal_patterns": {
                  Row: {
                    "baseline_value": number,"computed_at": string,"confidence": number,"created_at": string,"id": string,"metric_name": string,"project_id": string | null,"sample_size": number,"season": string,"season_kind": string,"season_value": number,"seasonal_multiplier": number,"updated_at": string,"user_id": string | null,"window_end": string,"window_start": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "baseline_value": number,"computed_at"?: string,"confidence": number,"created_at"?: string,"id"?: string,"metric_name": string,"project_id"?: string | null,"sample_size": number,"season": string,"season_kind": string,"season_value": number,"seasonal_multiplier": number,"updated_at"?: string,"user_id"?: string | null,"window_end": string,"window_start": string,"workspace_id": string
                  }
                  Update: {
                    "baseline_value"?: number,"computed_at"?: string,"confidence"?: number,"created_at"?: string,"id"?: string,"metric_name"?: string,"project_id"?: string | null,"sample_size"?: number,"season"?: string,"season_kind"?: string,"season_value"?: number,"seasonal_multiplier"?: number,"updated_at"?: string,"user_id"?: string | null,"window_end"?: string,"window_start"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "seasonal_patterns_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "seasonal_patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "seasonal_patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"tasks": {
                  Row: {
                    "category": string,"completed_at": string | null,"created_at": string,"due_at": string | null,"external_task_key": string,"group_key": string,"id": string,"owner_agent_id": string | null,"project_id": string | null,"status": string,"title": string,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "category"?: string,"completed_at"?: string | null,"created_at"?: string,"due_at"?: string | null,"external_task_key": string,"group_key"?: string,"id"?: string,"owner_agent_id"?: string | null,"project_id"?: string | null,"status"?: string,"title": string,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "category"?: string,"completed_at"?: string | null,"created_at"?: string,"due_at"?: string | null,"external_task_key"?: string,"group_key"?: string,"id"?: string,"owner_agent_id"?: string | null,"project_id"?: string | null,"status"?: string,"title"?: string,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tasks_owner_agent_fkey"
      columns: ["owner_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "tasks_owner_agent_fkey"
      columns: ["owner_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "tasks_owner_agent_fkey"
      columns: ["owner_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "tasks_owner_agent_fkey"
      columns: ["owner_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "tasks_project_fkey"
      columns: ["project_id","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "tasks_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tasks_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workflows": {
                  Row: {
                    "agent_id": string | null,"created_at": string,"description": string | null,"error_count": number,"execution_count": number,"id": string,"last_execution": string | null,"n8n_connection_id": string | null,"n8n_workflow_id": string | null,"name": string,"next_execution": string | null,"status": string,"success_count": number,"trigger_config": NonNullable<Json>,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"created_at"?: string,"description"?: string | null,"error_count"?: number,"execution_count"?: number,"id"?: string,"last_execution"?: string | null,"n8n_connection_id"?: string | null,"n8n_workflow_id"?: string | null,"name": string,"next_execution"?: string | null,"status"?: string,"success_count"?: number,"trigger_config"?: NonNullable<Json>,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"created_at"?: string,"description"?: string | null,"error_count"?: number,"execution_count"?: number,"id"?: string,"last_execution"?: string | null,"n8n_connection_id"?: string | null,"n8n_workflow_id"?: string | null,"name"?: string,"next_execution"?: string | null,"status"?: string,"success_count"?: number,"trigger_config"?: NonNullable<Json>,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workflows_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "workflows_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "workflows_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "workflows_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "workflows_n8n_connection_fkey"
      columns: ["n8n_connection_id","workspace_id"]
isOneToOne: false
      referencedRelation: "n8n_connections"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "workflows_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workflows_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspace_members": {
                  Row: {
                    "created_at": string,"granted_by": string | null,"role": string,"updated_at": string,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"granted_by"?: string | null,"role"?: string,"updated_at"?: string,"user_id": string,"workspace_id": string
                  }
                  Update: {
                    "created_at"?: string,"granted_by"?: string | null,"role"?: string,"updated_at"?: string,"user_id"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"workspaces": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"name": string,"plan": string,"settings": NonNullable<Json>,"slug": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"name": string,"plan"?: string,"settings"?: NonNullable<Json>,"slug": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"name"?: string,"plan"?: string,"settings"?: NonNullable<Json>,"slug"?: string,"updated_at"?: string
                  }
                  Relationships: [

                  ]
                }
          }
          Views: {
            "agent_chaining_patterns": {
                  Row: {
                    "agent_ids": (string)[],"avg_duration_ms": number | null,"avg_total_cost": number,"chain_length": number | null,"chain_sequence": (string)[] | null,"id": string,"last_used_at": string,"success_count": number,"success_rate": number | null,"updated_at": string,"usage_count": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_ids"?: (string)[] | null,"avg_duration_ms"?: number | null,"avg_total_cost"?: number | null,"chain_length"?: number | null,"chain_sequence"?: never,"id"?: string | null,"last_used_at"?: string | null,"success_count"?: number | null,"success_rate"?: never,"updated_at"?: string | null,"usage_count"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_ids"?: (string)[] | null,"avg_duration_ms"?: number | null,"avg_total_cost"?: number | null,"chain_length"?: number | null,"chain_sequence"?: never,"id"?: string | null,"last_used_at"?: string | null,"success_count"?: number | null,"success_rate"?: never,"updated_at"?: string | null,"usage_count"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "agent_chains_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_chains_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_dashboard": {
                  Row: {
                    "agent_group": string,"config": NonNullable<Json>,"created_at": string,"created_by": string | null,"deployed_at": string | null,"deployment_config": NonNullable<Json>,"deployment_id": string | null,"deployment_status": string | null,"deployment_version": number | null,"description": string | null,"error_count": number | null,"escalation_level": number,"execution_count": number | null,"id": string,"last_activity_at": string | null,"name": string,"role": string,"slug": string,"status": string,"success_count": number | null,"type": string,"updated_at": string,"workflow_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_metrics": {
                  Row: {
                    "agent_id": string,"id": string,"metadata": NonNullable<Json>,"metric_type": string,"recorded_at": string,"unit": string | null,"value": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"id"?: string | null,"metadata"?: Json | null,"metric_type"?: string | null,"recorded_at"?: string | null,"unit"?: string | null,"value"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"id"?: string | null,"metadata"?: Json | null,"metric_type"?: string | null,"recorded_at"?: string | null,"unit"?: string | null,"value"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "metric_samples_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "metric_samples_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_performance_summary": {
                  Row: {
                    "agent_id": string,"agent_uuid": string,"avg_latency_ms": number | null,"avg_rating": number | null,"last_execution": string | null,"name": string,"success_rate": number | null,"total_cost": number | null,"total_executions": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_routing_decisions": {
                  Row: {
                    "candidates": NonNullable<Json>,"confidence": number | null,"created_at": string,"embedding": string | null,"from_agent_id": string | null,"id": string,"query_text": string | null,"reason": string | null,"selected_agent_id": string | null,"trace_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "candidates"?: Json | null,"confidence"?: number | null,"created_at"?: string | null,"embedding"?: string | null,"from_agent_id"?: string | null,"id"?: string | null,"query_text"?: string | null,"reason"?: string | null,"selected_agent_id"?: string | null,"trace_id"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "candidates"?: Json | null,"confidence"?: number | null,"created_at"?: string | null,"embedding"?: string | null,"from_agent_id"?: string | null,"id"?: string | null,"query_text"?: string | null,"reason"?: string | null,"selected_agent_id"?: string | null,"trace_id"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_from_agent_fkey"
      columns: ["from_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "routing_decisions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_runs": {
                  Row: {
                    "agent_id": string | null,"completed_at": string | null,"credits_consumed": number,"environment": string,"error_type": string | null,"id": string,"model": string | null,"runtime_seconds": number | null,"started_at": string,"status": string | null,"task_id": string | null,"tokens_used": number | null,"user_id": string | null,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"completed_at"?: string | null,"credits_consumed"?: number | null,"environment"?: string | null,"error_type"?: string | null,"id"?: string | null,"model"?: string | null,"runtime_seconds"?: never,"started_at"?: string | null,"status"?: never,"task_id"?: string | null,"tokens_used"?: never,"user_id"?: string | null,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"completed_at"?: string | null,"credits_consumed"?: number | null,"environment"?: string | null,"error_type"?: string | null,"id"?: string | null,"model"?: string | null,"runtime_seconds"?: never,"started_at"?: string | null,"status"?: never,"task_id"?: string | null,"tokens_used"?: never,"user_id"?: string | null,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_task_fkey"
      columns: ["task_id","workspace_id"]
isOneToOne: false
      referencedRelation: "tasks"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"agent_thoughts": {
                  Row: {
                    "agent_id": string | null,"confidence_score": number | null,"content": string | null,"created_at": string,"execution_id": string,"id": string,"metadata": NonNullable<Json>,"node_id": string,"node_type": string | null,"parent_node_id": string | null,"processing_time_ms": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
    }
                  ]
                },"alert_deliveries": {
                  Row: {
                    "alert_id": string,"attempts": number,"channel": string,"created_at": string,"delivered_at": string | null,"event_type": string,"id": string,"last_error": string | null,"last_status_code": number | null,"next_attempt_at": string,"status": string,"subscription_id": string | null,"target": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "alert_id"?: string | null,"attempts"?: number | null,"channel"?: string | null,"created_at"?: string | null,"delivered_at"?: string | null,"event_type"?: string | null,"id"?: string | null,"last_error"?: string | null,"last_status_code"?: number | null,"next_attempt_at"?: string | null,"status"?: string | null,"subscription_id"?: string | null,"target"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "alert_id"?: string | null,"attempts"?: number | null,"channel"?: string | null,"created_at"?: string | null,"delivered_at"?: string | null,"event_type"?: string | null,"id"?: string | null,"last_error"?: string | null,"last_status_code"?: number | null,"next_attempt_at"?: string | null,"status"?: string | null,"subscription_id"?: string | null,"target"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "deliveries_subscription_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "event_subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deliveries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "deliveries_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"cost_insights": {
                  Row: {
                    "agent_id": string,"agent_uuid": string,"cost_month": number | null,"cost_today": number | null,"daily_limit": number,"date": string | null,"monthly_budget": number,"name": string,"status": string | null,"tokens_today": number | null,"usage_percentage": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agents_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"echo_pattern_usage": {
                  Row: {
                    "agent_id": string | null,"execution_id": string | null,"execution_uuid": string | null,"id": string,"pattern_id": string,"success": boolean | null,"timestamp": string,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "echo_patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "pattern_effectiveness"
      referencedColumns: ["pattern_id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "success_patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "pattern_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"echo_patterns": {
                  Row: {
                    "anti_patterns": (string)[],"avg_engagement": NonNullable<Json>,"avg_user_rating": number | null,"best_practices": (string)[],"created_at": string,"description": string | null,"id": string,"optimal_model": string | null,"optimal_parameters": NonNullable<Json>,"pattern_examples": (string)[],"pattern_name": string,"success_rate": number | null,"topic": string,"updated_at": string,"usage_count": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "anti_patterns"?: (string)[] | null,"avg_engagement"?: Json | null,"avg_user_rating"?: number | null,"best_practices"?: (string)[] | null,"created_at"?: string | null,"description"?: string | null,"id"?: string | null,"optimal_model"?: string | null,"optimal_parameters"?: Json | null,"pattern_examples"?: (string)[] | null,"pattern_name"?: string | null,"success_rate"?: number | null,"topic"?: string | null,"updated_at"?: string | null,"usage_count"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "anti_patterns"?: (string)[] | null,"avg_engagement"?: Json | null,"avg_user_rating"?: number | null,"best_practices"?: (string)[] | null,"created_at"?: string | null,"description"?: string | null,"id"?: string | null,"optimal_model"?: string | null,"optimal_parameters"?: Json | null,"pattern_examples"?: (string)[] | null,"pattern_name"?: string | null,"success_rate"?: number | null,"topic"?: string | null,"updated_at"?: string | null,"usage_count"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"endpoint_calls": {
                  Row: {
                    "duration_ms": number | null,"endpoint": string,"error_message": string | null,"hook_execution_id": string | null,"id": string,"metadata": NonNullable<Json>,"method": string | null,"started_at": string,"status_code": number | null,"trace_id": string,"url": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "duration_ms"?: number | null,"endpoint"?: string | null,"error_message"?: string | null,"hook_execution_id"?: string | null,"id"?: string | null,"metadata"?: Json | null,"method"?: string | null,"started_at"?: string | null,"status_code"?: number | null,"trace_id"?: string | null,"url"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "duration_ms"?: number | null,"endpoint"?: string | null,"error_message"?: string | null,"hook_execution_id"?: string | null,"id"?: string | null,"metadata"?: Json | null,"method"?: string | null,"started_at"?: string | null,"status_code"?: number | null,"trace_id"?: string | null,"url"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["hook_execution_id","trace_id"]
isOneToOne: false
      referencedRelation: "agent_thoughts"
      referencedColumns: ["id","execution_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["hook_execution_id","trace_id"]
isOneToOne: false
      referencedRelation: "endpoint_calls"
      referencedColumns: ["id","trace_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["hook_execution_id","trace_id"]
isOneToOne: false
      referencedRelation: "execution_spans"
      referencedColumns: ["id","execution_id"]
    },{
      foreignKeyName: "execution_spans_parent_fkey"
      columns: ["hook_execution_id","trace_id"]
isOneToOne: false
      referencedRelation: "hook_executions"
      referencedColumns: ["id","trace_id"]
    }
                  ]
                },"execution_traces": {
                  Row: {
                    "agent_id": string | null,"completed_at": string | null,"duration_ms": number | null,"error_message": string | null,"id": string,"metadata": NonNullable<Json>,"model": string | null,"parent_trace_id": string | null,"source": string,"started_at": string,"status": string,"total_cost": number,"total_tokens": number | null,"trace_id": string,"workflow_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"completed_at"?: string | null,"duration_ms"?: number | null,"error_message"?: string | null,"id"?: string | null,"metadata"?: Json | null,"model"?: string | null,"parent_trace_id"?: string | null,"source"?: string | null,"started_at"?: string | null,"status"?: string | null,"total_cost"?: number | null,"total_tokens"?: never,"trace_id"?: string | null,"workflow_id"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"completed_at"?: string | null,"duration_ms"?: number | null,"error_message"?: string | null,"id"?: string | null,"metadata"?: Json | null,"model"?: string | null,"parent_trace_id"?: string | null,"source"?: string | null,"started_at"?: string | null,"status"?: string | null,"total_cost"?: number | null,"total_tokens"?: never,"trace_id"?: string | null,"workflow_id"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_workflow_fkey"
      columns: ["workflow_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflows"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"history_recommendations": {
                  Row: {
                    "confidence": number,"created_at": string,"expected_impact": NonNullable<Json>,"id": string,"project_id": string | null,"project_uuid": string | null,"recommendation_for_period": string,"recommendation_text": string,"status": string,"user_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "recommendations_project_fkey"
      columns: ["project_uuid","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "recommendations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "recommendations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"history_seasonal_patterns": {
                  Row: {
                    "baseline_value": number,"confidence": number,"created_at": string,"id": string,"metric_name": string,"project_id": string | null,"project_uuid": string | null,"season": string,"seasonal_multiplier": number,"updated_at": string,"user_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "seasonal_patterns_project_fkey"
      columns: ["project_uuid","workspace_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "seasonal_patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "seasonal_patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"hook_executions": {
                  Row: {
                    "completed_at": string | null,"duration_ms": number | null,"error_message": string | null,"hook_name": string,"id": string,"metadata": NonNullable<Json>,"started_at": string,"status": string,"trace_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "completed_at"?: string | null,"duration_ms"?: number | null,"error_message"?: string | null,"hook_name"?: string | null,"id"?: string | null,"metadata"?: Json | null,"started_at"?: string | null,"status"?: string | null,"trace_id"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "completed_at"?: string | null,"duration_ms"?: number | null,"error_message"?: string | null,"hook_name"?: string | null,"id"?: string | null,"metadata"?: Json | null,"started_at"?: string | null,"status"?: string | null,"trace_id"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "execution_spans_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
    }
                  ]
                },"metrics_alerts": {
                  Row: {
                    "actual_value": number | null,"agent_id": string | null,"alert_type": string,"created_at": string,"id": string,"metric_name": string,"resolved": boolean | null,"resolved_at": string | null,"severity": string,"threshold_value": number,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "actual_value"?: number | null,"agent_id"?: string | null,"alert_type"?: string | null,"created_at"?: string | null,"id"?: string | null,"metric_name"?: string | null,"resolved"?: boolean | null,"resolved_at"?: string | null,"severity"?: string | null,"threshold_value"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "actual_value"?: number | null,"agent_id"?: string | null,"alert_type"?: string | null,"created_at"?: string | null,"id"?: string | null,"metric_name"?: string | null,"resolved"?: boolean | null,"resolved_at"?: string | null,"severity"?: string | null,"threshold_value"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "alerts_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "alerts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "alerts_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"metrics_events": {
                  Row: {
                    "agent_id": string | null,"cost_usd": number,"created_at": string,"error_message": string | null,"error_type": string | null,"execution_id": string,"id": string,"latency_ms": number | null,"revenue_impact": number | null,"success": boolean | null,"tokens_generated": number,"tokens_used": number | null,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string | null,"error_message"?: string | null,"error_type"?: string | null,"execution_id"?: string | null,"id"?: string | null,"latency_ms"?: number | null,"revenue_impact"?: never,"success"?: never,"tokens_generated"?: number | null,"tokens_used"?: never,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string | null,"error_message"?: string | null,"error_type"?: string | null,"execution_id"?: string | null,"id"?: string | null,"latency_ms"?: number | null,"revenue_impact"?: never,"success"?: never,"tokens_generated"?: number | null,"tokens_used"?: never,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"metrics_hourly": {
                  Row: {
                    "agent_id": string | null,"avg_latency_ms": number | null,"avg_user_rating": number | null,"error_count": number,"hour": string,"id": string,"p99_latency_ms": number | null,"success_count": number,"total_cost": number,"total_requests": number,"total_tokens": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"avg_latency_ms"?: number | null,"avg_user_rating"?: number | null,"error_count"?: number | null,"hour"?: string | null,"id"?: string | null,"p99_latency_ms"?: never,"success_count"?: number | null,"total_cost"?: number | null,"total_requests"?: number | null,"total_tokens"?: never,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"avg_latency_ms"?: number | null,"avg_user_rating"?: number | null,"error_count"?: number | null,"hour"?: string | null,"id"?: string | null,"p99_latency_ms"?: never,"success_count"?: number | null,"total_cost"?: number | null,"total_requests"?: number | null,"total_tokens"?: never,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "agent_stats_hourly_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "agent_stats_hourly_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "agent_stats_hourly_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "agent_stats_hourly_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "agent_stats_hourly_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "agent_stats_hourly_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"pattern_effectiveness": {
                  Row: {
                    "avg_rating": number | null,"last_used": string | null,"lifetime_success_rate": number | null,"pattern_id": string,"pattern_name": string,"success_rate": number | null,"topic": string,"total_usage_count": number,"usage_count": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"pattern_usage_log": {
                  Row: {
                    "agent_id": string | null,"engagement": NonNullable<Json>,"id": string,"pattern_id": string,"success": boolean | null,"trace_id": string | null,"used_at": string,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"engagement"?: Json | null,"id"?: string | null,"pattern_id"?: string | null,"success"?: boolean | null,"trace_id"?: string | null,"used_at"?: string | null,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"engagement"?: Json | null,"id"?: string | null,"pattern_id"?: string | null,"success"?: boolean | null,"trace_id"?: string | null,"used_at"?: string | null,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "echo_patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "pattern_effectiveness"
      referencedColumns: ["pattern_id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_pattern_fkey"
      columns: ["pattern_id","workspace_id"]
isOneToOne: false
      referencedRelation: "success_patterns"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "pattern_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "pattern_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"rep_history": {
                  Row: {
                    "agent_id": string,"balance_after": number,"change_type": string,"created_at": string,"delta": number,"delta_rep": number,"execution_id": string | null,"id": string,"occurred_at": string,"reason": string,"reason_code": string,"rep_after": number,"tx_type": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"balance_after"?: number | null,"change_type"?: string | null,"created_at"?: string | null,"delta"?: number | null,"delta_rep"?: number | null,"execution_id"?: string | null,"id"?: string | null,"occurred_at"?: string | null,"reason"?: string | null,"reason_code"?: string | null,"rep_after"?: number | null,"tx_type"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"balance_after"?: number | null,"change_type"?: string | null,"created_at"?: string | null,"delta"?: number | null,"delta_rep"?: number | null,"execution_id"?: string | null,"id"?: string | null,"occurred_at"?: string | null,"reason"?: string | null,"reason_code"?: string | null,"rep_after"?: number | null,"tx_type"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_dashboard"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_performance_summary"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "rep_transactions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "rep_transactions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"rli_evaluations": {
                  Row: {
                    "evaluated_at": string,"evaluator_vendor": string,"execution_id": string,"id": string,"model_version": string,"quality_score": number,"reliability_score": number,"value_score": number,"verdict": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "evaluated_at"?: string | null,"evaluator_vendor"?: string | null,"execution_id"?: string | null,"id"?: string | null,"model_version"?: string | null,"quality_score"?: number | null,"reliability_score"?: number | null,"value_score"?: number | null,"verdict"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "evaluated_at"?: string | null,"evaluator_vendor"?: string | null,"execution_id"?: string | null,"id"?: string | null,"model_version"?: string | null,"quality_score"?: number | null,"reliability_score"?: number | null,"value_score"?: number | null,"verdict"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "evaluations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "evaluations_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"success_patterns": {
                  Row: {
                    "avg_user_rating": number | null,"created_at": string,"description": string | null,"example_prompts": (string)[],"failure_count": number,"id": string,"last_used_at": string | null,"optimal_model": string | null,"optimal_parameters": NonNullable<Json>,"pattern_name": string,"pattern_type": string,"prompt_embedding": string | null,"success_count": number,"success_rate": number | null,"total_usage_count": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "avg_user_rating"?: number | null,"created_at"?: string | null,"description"?: string | null,"example_prompts"?: (string)[] | null,"failure_count"?: number | null,"id"?: string | null,"last_used_at"?: string | null,"optimal_model"?: string | null,"optimal_parameters"?: Json | null,"pattern_name"?: string | null,"pattern_type"?: string | null,"prompt_embedding"?: string | null,"success_count"?: number | null,"success_rate"?: never,"total_usage_count"?: number | null,"updated_at"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "avg_user_rating"?: number | null,"created_at"?: string | null,"description"?: string | null,"example_prompts"?: (string)[] | null,"failure_count"?: number | null,"id"?: string | null,"last_used_at"?: string | null,"optimal_model"?: string | null,"optimal_parameters"?: Json | null,"pattern_name"?: string | null,"pattern_type"?: string | null,"prompt_embedding"?: string | null,"success_count"?: number | null,"success_rate"?: never,"total_usage_count"?: number | null,"updated_at"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "patterns_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"teams": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"name": string,"plan": string,"slug": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                           "created_at"?: string | null,"created_by"?: string | null,"id"?: string | null,"name"?: string | null,"plan"?: string | null,"slug"?: string | null,"updated_at"?: string | null
                         }
                        Update: {
                           "created_at"?: string | null,"created_by"?: string | null,"id"?: string | null,"name"?: string | null,"plan"?: string | null,"slug"?: string | null,"updated_at"?: string | null
                         }
                        Relationships: [

                  ]
                },"user_roles": {
                  Row: {
                    "granted_at": string,"granted_by": string | null,"role": string,"team_id": string,"user_id": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "granted_at"?: string | null,"granted_by"?: string | null,"role"?: string | null,"team_id"?: string | null,"user_id"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "granted_at"?: string | null,"granted_by"?: string | null,"role"?: string | null,"team_id"?: string | null,"user_id"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["team_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["team_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workspace_members_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"users": {
                  Row: {
                    "avatar_url": string | null,"created_at": string,"email": string | null,"full_name": string | null,"id": string,"subscription_tier": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                           "avatar_url"?: string | null,"created_at"?: string | null,"email"?: string | null,"full_name"?: string | null,"id"?: string | null,"subscription_tier"?: string | null,"updated_at"?: string | null
                         }
                        Update: {
                           "avatar_url"?: string | null,"created_at"?: string | null,"email"?: string | null,"full_name"?: string | null,"id"?: string | null,"subscription_tier"?: string | null,"updated_at"?: string | null
                         }
                        Relationships: [

                  ]
                },"workflow_executions": {
                  Row: {
                    "completed_at": string | null,"error_data": Json | null,"execution_id": string | null,"execution_time_ms": number | null,"id": string,"input_data": Json | null,"output_data": Json | null,"started_at": string,"status": string | null,"workflow_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "completed_at"?: string | null,"error_data"?: never,"execution_id"?: never,"execution_time_ms"?: number | null,"id"?: string | null,"input_data"?: Json | null,"output_data"?: Json | null,"started_at"?: string | null,"status"?: never,"workflow_id"?: string | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "completed_at"?: string | null,"error_data"?: never,"execution_id"?: never,"execution_time_ms"?: number | null,"id"?: string | null,"input_data"?: Json | null,"output_data"?: Json | null,"started_at"?: string | null,"status"?: never,"workflow_id"?: string | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
      foreignKeyName: "executions_workflow_fkey"
      columns: ["workflow_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflows"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "executions_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Functions: {
            "analyze_experiment":
{ Args: { "alpha"?: number,"control_variant"?: string,"experiment_key": string,"workspace_id": string }; Returns: Database["public"]['CompositeTypes']["experiment_variant_analysis"][]
                          SetofOptions: {
        from: "*"
        to: "experiment_variant_analysis"
        isOneToOne: false
        isSetofReturn: true
      } },
"match_patterns":
{ Args: { "match_count"?: number,"min_success_rate"?: number,"query_embedding": string,"topic"?: string,"workspace_id"?: string }; Returns: Database["public"]['CompositeTypes']["pattern_match"][]
                          SetofOptions: {
        from: "*"
        to: "pattern_match"
        isOneToOne: false
        isSetofReturn: true
      } },
"reprice_costs":
{ Args: { "since"?: string,"until"?: string,"workspace_id": string }; Returns: number
                           },
"reveal_event_subscription_secret":
{ Args: { "subscription_id": string }; Returns: string
                           },
"rotate_event_subscription_secret":
{ Args: { "subscription_id": string }; Returns: string
                           },
"route":
{ Args: { "agent_count"?: number,"match_count"?: number,"min_similarity"?: number,"query_embedding": string,"workspace_id"?: string }; Returns: Database["public"]['CompositeTypes']["route_candidate"][]
                          SetofOptions: {
        from: "*"
        to: "route_candidate"
        isOneToOne: false
        isSetofReturn: true
      } },
"verify_governance_audit_chain":
{ Args: { "workspace_id": string }; Returns: {
              "first_broken_id": number,"first_broken_seq": number,"ok": boolean,"reason": string,"rows_checked": number
            }[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            "experiment_variant_analysis": {
                        "variant": string | null,"is_control": boolean | null,"runs": number | null,"successes": number | null,"failures": number | null,"inconclusive": number | null,"success_rate": number | null,"metric_n": number | null,"metric_mean": number | null,"metric_stddev": number | null,"success_rate_diff": number | null,"z_score": number | null,"success_p_value": number | null,"success_significant": boolean | null,"metric_diff": number | null,"t_statistic": number | null,"welch_df": number | null,"metric_p_value": number | null,"metric_significant": boolean | null
                      },"pattern_match": {
                        "id": string | null,"workspace_id": string | null,"topic": string | null,"name": string | null,"description": string | null,"examples": (string)[] | null,"best_practices": (string)[] | null,"anti_patterns": (string)[] | null,"optimal_model": string | null,"optimal_parameters": Json | null,"success_rate": number | null,"usage_count": number | null,"avg_user_rating": number | null,"avg_engagement": Json | null,"similarity": number | null
                      },"route_candidate": {
                        "agent_id": string | null,"slug": string | null,"name": string | null,"status": string | null,"similar_tasks": number | null,"finished": number | null,"succeeded": number | null,"success_rate": number | null,"avg_cost_usd": number | null,"avg_duration_ms": number | null,"best_similarity": number | null,"avg_similarity": number | null,"score": number | null
                      }
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "analytics": {
          Enums: {

          }
        },"public": {
          Enums: {

          }
        }
} as const
