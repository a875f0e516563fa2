-- grain: one row per user and IST day with visits planned for it
-- key: user_id, planned_date

with

visits as (
    select * from staging.stg_toolyt__visits
),

attendance as (
    select * from staging.stg_toolyt__attendance
),

run_parameters as (
    select * from marts.run_parameters
),

planned_visits as (
    -- A visit logged on the spot has no planned day: it counts on the day it
    -- was done, else the IST day it was created.
    select
        visit_id,
        user_id,
        user_name,
        customer_id,
        status_code,
        checked_in_at,
        checked_out_at,
        coalesce(
            scheduled_date,
            visited_date,
            cast(created_at at time zone 'Asia/Kolkata' as date)
        ) as planned_date
    from visits
),

outcomes as (
    -- Toolyt keeps a checked-in visit planned (0) until check-out, so a
    -- check-in alone already makes it completed. A visit without a status
    -- is neither completed nor cancelled, not unknown.
    select
        planned_visits.*,
        coalesce(
            status_code = 1 or checked_in_at is not null, false
        ) as is_completed,
        coalesce(
            status_code = 2 and checked_in_at is null, false
        ) as is_cancelled,
        planned_date < run_parameters.as_of_date as is_past
    from planned_visits
    cross join run_parameters
),

durations as (
    select
        *,
        case
            when checked_out_at >= checked_in_at
                then date_diff('second', checked_in_at, checked_out_at)
        end as seconds_on_site
    from outcomes
),

daily_visits as (
    select
        user_id,
        planned_date,
        max(user_name) as user_name,
        count(*) as planned,
        count(*) filter (where is_completed) as completed,
        count(*) filter (where is_cancelled) as cancelled,
        count(*) filter (
            where not is_completed and not is_cancelled and is_past
        ) as missed,
        count(*) filter (
            where not is_completed and not is_cancelled and not is_past
        ) as upcoming,
        count(distinct customer_id) as unique_customers,
        min(checked_in_at) as first_check_in_at,
        max(checked_out_at) as last_check_out_at,
        coalesce(sum(seconds_on_site), 0) / 60.0 as minutes_on_site
    from durations
    group by user_id, planned_date
),

signed_in_days as (
    select distinct
        user_id,
        coalesce(
            attendance_date,
            cast(created_at at time zone 'Asia/Kolkata' as date)
        ) as attendance_date
    from attendance
),

final as (
    select
        daily_visits.user_id,
        daily_visits.planned_date,
        daily_visits.user_name,
        daily_visits.planned,
        daily_visits.completed,
        daily_visits.cancelled,
        daily_visits.missed,
        daily_visits.upcoming,
        daily_visits.unique_customers,
        daily_visits.first_check_in_at,
        daily_visits.last_check_out_at,
        daily_visits.minutes_on_site,
        signed_in_days.user_id is not null as has_signed_in
    from daily_visits
    left join signed_in_days
        on
            daily_visits.user_id = signed_in_days.user_id
            and daily_visits.planned_date = signed_in_days.attendance_date
)

select * from final
