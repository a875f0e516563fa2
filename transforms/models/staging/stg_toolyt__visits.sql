-- grain: one row per visit, planned, done or cancelled
-- key: visit_id

with

source as (
    select * from toolyt.visits
),

renamed as (
    select
        cast(id as bigint) as visit_id,
        cast(user_id as bigint) as user_id,
        user_name,
        cast(customer_id as bigint) as customer_id,
        customer_name,
        customer_company,
        -- 0 planned, 1 completed, 2 cancelled
        cast(status as bigint) as status_code,
        schedule_date as scheduled_date,
        schedule_time as scheduled_time,
        date as visited_date,
        time as visited_time,
        check_in_time as checked_in_at,
        check_out_time as checked_out_at,
        cancelled_datetime as cancelled_at,
        cancel_reason,
        location_name,
        latitude,
        longitude,
        remarks,
        next_action_date,
        created_at,
        updated_at
    from source
)

select * from renamed
