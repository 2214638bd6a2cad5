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
      foreignKeyName: "api_usage_workspace_id_fkey"
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
