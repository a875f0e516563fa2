-- grain: one row per change of a prospect's list or lead status the sync saw
-- key: prospect_id, stage, seen_at

with

source as (
    select * from toolyt.prospect_history
),

renamed as (
    select
        cast(prospect_id as bigint) as prospect_id,
        stage,
        lead_status,
        seen_at,
        created_at,
        is_first_seen,
        previous_stage
    from source
)

select * from renamed
