-- grain: one row per prospect and unbroken stretch of time in one stage
-- key: prospect_id, stage_number

with

history as (
    select * from staging.stg_toolyt__prospect_history
),

run_parameters as (
    select * from marts.run_parameters
),

ordered as (
    -- One run can see a prospect in two lists while it moves between them;
    -- ranking the stages in funnel order breaks that tie the same way on
    -- every build.
    select
        prospect_id,
        stage,
        seen_at,
        created_at,
        is_first_seen,
        row_number() over (
            partition by prospect_id
            order by
                seen_at,
                case stage when 'lead' then 1 when 'customer' then 2 else 3 end
        ) as observation_number
    from history
),

islands as (
    -- Consecutive rows of one stage keep the same gap between their place
    -- among all rows and their place among rows of that stage, so the gap
    -- marks each stretch; a change of lead status alone starts none.
    select
        *,
        observation_number - row_number() over (
            partition by prospect_id, stage
            order by observation_number
        ) as island
    from ordered
),

stretches as (
    select
        prospect_id,
        stage,
        island,
        min(observation_number) as first_observation_number,
        bool_or(is_first_seen) as is_first_seen,
        min(seen_at) as first_seen_at,
        min(created_at) as created_at
    from islands
    group by prospect_id, stage, island
),

entries as (
    -- The sync may first see a prospect long after its stage began, so for
    -- that first stretch creation is the best guess; it is exact for a lead.
    select
        prospect_id,
        row_number() over (
            partition by prospect_id order by first_observation_number
        ) as stage_number,
        stage,
        case
            when is_first_seen then coalesce(created_at, first_seen_at)
            else first_seen_at
        end as entered_at,
        not is_first_seen
        or (stage = 'lead' and created_at is not null) as is_entered_at_known
    from stretches
),

exits as (
    select
        *,
        lag(stage) over (
            partition by prospect_id order by stage_number
        ) as previous_stage,
        lead(entered_at) over (
            partition by prospect_id order by stage_number
        ) as exited_at
    from entries
),

ist_dates as (
    select
        exits.*,
        cast(entered_at at time zone 'Asia/Kolkata' as date) as entered_date,
        coalesce(
            cast(exited_at at time zone 'Asia/Kolkata' as date),
            run_parameters.as_of_date
        ) as until_date
    from exits
    cross join run_parameters
),

final as (
    select
        prospect_id,
        stage_number,
        stage,
        previous_stage,
        entered_at,
        exited_at,
        exited_at is null as is_current,
        is_entered_at_known,
        -- Whole IST days; none while the stage began after the as-of date.
        case
            when entered_date <= until_date
                then date_diff('day', entered_date, until_date)
        end as days_in_stage
    from ist_dates
)

select * from final
