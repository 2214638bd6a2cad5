export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {

  "analytics": {
          Tables: {
            [_ in never]: never
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            [_ in never]: never
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
                    "agent_id": string,"cost_usd": number,"date": string,"id": string,"requests_count": number,"tokens_used": number,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id": string,"cost_usd"?: number,"date": string,"id"?: string,"requests_count"?: number,"tokens_used"?: number,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string,"cost_usd"?: number,"date"?: string,"id"?: string,"requests_count"?: number,"tokens_used"?: number,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
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
                },"api_usage": {
                  Row: {
                    "agent_id": string | null,"cost_usd": number | null,"created_at": string,"endpoint": string,"function_name": string,"id": string,"method": string,"request_id": string | null,"response_time_ms": number | null,"status_code": number,"user_id": string | null,"workspace_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"endpoint": string,"function_name": string,"id"?: string,"method": string,"request_id"?: string | null,"response_time_ms"?: number | null,"status_code": number,"user_id"?: string | null,"workspace_id"?: string | null
                  }
                  Update: {
                    "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"endpoint"?: string,"function_name"?: string,"id"?: string,"method"?: string,"request_id"?: string | null,"response_time_ms"?: number | null,"status_code"?: number,"user_id"?: string | null,"workspace_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "api_usage_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "agents"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "api_usage_agent_id_fkey"
      columns: ["agent_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid"]
    },{
      foreignKeyName: "api_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "api_usage_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
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
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"executions": {
                  Row: {
                    "agent_id": string | null,"cost_source": string,"cost_usd": number,"created_at": string,"duration_ms": number | null,"ended_at": string | null,"environment": string,"error_message": string | null,"error_type": string | null,"feedback": string | null,"id": string,"input": Json | null,"metadata": NonNullable<Json>,"model": string | null,"model_price_id": string | null,"output": Json | null,"parent_execution_id": string | null,"project_id": string | null,"run_key": string,"source": string,"started_at": string,"status": string,"task_id": string | null,"tokens_cached": number,"tokens_in": number,"tokens_out": number,"updated_at": string,"user_id": string | null,"user_rating": number | null,"workflow_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"cost_source"?: string,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"ended_at"?: string | null,"environment"?: string,"error_message"?: string | null,"error_type"?: string | null,"feedback"?: string | null,"id"?: string,"input"?: Json | null,"metadata"?: NonNullable<Json>,"model"?: string | null,"model_price_id"?: string | null,"output"?: Json | null,"parent_execution_id"?: string | null,"project_id"?: string | null,"run_key": string,"source"?: string,"started_at"?: string,"status": string,"task_id"?: string | null,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"updated_at"?: string,"user_id"?: string | null,"user_rating"?: number | null,"workflow_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"cost_source"?: string,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"ended_at"?: string | null,"environment"?: string,"error_message"?: string | null,"error_type"?: string | null,"feedback"?: string | null,"id"?: string,"input"?: Json | null,"metadata"?: NonNullable<Json>,"model"?: string | null,"model_price_id"?: string | null,"output"?: Json | null,"parent_execution_id"?: string | null,"project_id"?: string | null,"run_key"?: string,"source"?: string,"started_at"?: string,"status"?: string,"task_id"?: string | null,"tokens_cached"?: number,"tokens_in"?: number,"tokens_out"?: number,"updated_at"?: string,"user_id"?: string | null,"user_rating"?: number | null,"workflow_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
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
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
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
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "metric_samples_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "metric_samples_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
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
                },"routing_decisions": {
                  Row: {
                    "candidates": NonNullable<Json>,"confidence": number | null,"created_at": string,"embedding": string | null,"execution_id": string,"from_agent_id": string | null,"id": string,"query_text": string | null,"reason": string | null,"selected_agent_id": string | null,"span_id": string | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "candidates"?: NonNullable<Json>,"confidence"?: number | null,"created_at"?: string,"embedding"?: string | null,"execution_id": string,"from_agent_id"?: string | null,"id"?: string,"query_text"?: string | null,"reason"?: string | null,"selected_agent_id"?: string | null,"span_id"?: string | null,"workspace_id": string
                  }
                  Update: {
                    "candidates"?: NonNullable<Json>,"confidence"?: number | null,"created_at"?: string,"embedding"?: string | null,"execution_id"?: string,"from_agent_id"?: string | null,"id"?: string,"query_text"?: string | null,"reason"?: string | null,"selected_agent_id"?: string | null,"span_id"?: string | null,"workspace_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["execution_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
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
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_selected_agent_fkey"
      columns: ["selected_agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_span_fkey"
      columns: ["span_id"]
isOneToOne: false
      referencedRelation: "agent_thoughts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "routing_decisions_span_fkey"
      columns: ["span_id"]
isOneToOne: false
      referencedRelation: "endpoint_calls"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "routing_decisions_span_fkey"
      columns: ["span_id"]
isOneToOne: false
      referencedRelation: "execution_spans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "routing_decisions_span_fkey"
      columns: ["span_id"]
isOneToOne: false
      referencedRelation: "hook_executions"
      referencedColumns: ["id"]
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
                    "agent_id": string | null,"created_at": string,"description": string | null,"error_count": number,"execution_count": number,"id": string,"last_execution": string | null,"n8n_workflow_id": string | null,"name": string,"next_execution": string | null,"status": string,"success_count": number,"trigger_config": NonNullable<Json>,"updated_at": string,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"created_at"?: string,"description"?: string | null,"error_count"?: number,"execution_count"?: number,"id"?: string,"last_execution"?: string | null,"n8n_workflow_id"?: string | null,"name": string,"next_execution"?: string | null,"status"?: string,"success_count"?: number,"trigger_config"?: NonNullable<Json>,"updated_at"?: string,"workspace_id": string
                  }
                  Update: {
                    "agent_id"?: string | null,"created_at"?: string,"description"?: string | null,"error_count"?: number,"execution_count"?: number,"id"?: string,"last_execution"?: string | null,"n8n_workflow_id"?: string | null,"name"?: string,"next_execution"?: string | null,"status"?: string,"success_count"?: number,"trigger_config"?: NonNullable<Json>,"updated_at"?: string,"workspace_id"?: string
                  }
                  Relationships: [
                    {
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
            "agent_metrics": {
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
                },"agent_routing_decisions": {
                  Row: {
                    "candidates": NonNullable<Json>,"confidence": number | null,"created_at": string,"embedding": string | null,"from_agent_id": string | null,"id": string,"query_text": string | null,"reason": string | null,"selected_agent_id": string | null,"trace_id": string,"workspace_id": string
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
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "routing_decisions_execution_fkey"
      columns: ["trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
      referencedColumns: ["id","workspace_id"]
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
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
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
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
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
      referencedRelation: "agents"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_agent_fkey"
      columns: ["agent_id","workspace_id"]
isOneToOne: false
      referencedRelation: "cost_insights"
      referencedColumns: ["agent_uuid","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "agent_runs"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "execution_traces"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "executions"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "metrics_events"
      referencedColumns: ["id","workspace_id"]
    },{
      foreignKeyName: "executions_parent_fkey"
      columns: ["parent_trace_id","workspace_id"]
isOneToOne: false
      referencedRelation: "workflow_executions"
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
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "teams"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "execution_spans_workspace_id_fkey"
      columns: ["workspace_id"]
isOneToOne: false
      referencedRelation: "workspaces"
      referencedColumns: ["id"]
    }
                  ]
                },"metrics_events": {
                  Row: {
                    "agent_id": string | null,"cost_usd": number,"created_at": string,"error_message": string | null,"error_type": string | null,"execution_id": string,"id": string,"latency_ms": number | null,"p99_latency_ms": number | null,"revenue_impact": number | null,"success": boolean | null,"tokens_generated": number,"tokens_used": number | null,"user_rating": number | null,"workspace_id": string
                  }
                  ComputedFields: never
                  Insert: {
                           "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string | null,"error_message"?: string | null,"error_type"?: string | null,"execution_id"?: string | null,"id"?: string | null,"latency_ms"?: number | null,"p99_latency_ms"?: never,"revenue_impact"?: never,"success"?: never,"tokens_generated"?: number | null,"tokens_used"?: never,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Update: {
                           "agent_id"?: string | null,"cost_usd"?: number | null,"created_at"?: string | null,"error_message"?: string | null,"error_type"?: string | null,"execution_id"?: string | null,"id"?: string | null,"latency_ms"?: number | null,"p99_latency_ms"?: never,"revenue_impact"?: never,"success"?: never,"tokens_generated"?: number | null,"tokens_used"?: never,"user_rating"?: number | null,"workspace_id"?: string | null
                         }
                        Relationships: [
                    {
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
            "reveal_event_subscription_secret":
{ Args: { "subscription_id": string }; Returns: string
                           },
"rotate_event_subscription_secret":
{ Args: { "subscription_id": string }; Returns: string
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
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
