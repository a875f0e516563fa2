-- grain: one row per Toolyt prospect: a lead, a customer or a lost lead
-- key: prospect_id

with

leads as (
    select * from staging.stg_toolyt__leads
),

customers as (
    select * from staging.stg_toolyt__customers
),

lost_leads as (
    select * from staging.stg_toolyt__lost_leads
),

stage_history as (
    select * from marts.prospect_stage_history
),

unioned as (
    -- The three lists share one id space: a lead that converts keeps its id
    -- and moves to the customers list.
    select
        lead_id as prospect_id,
        'lead' as stage,
        full_name,
        company_name,
        lead_source,
        industry,
        assigned_user_id,
        assigned_user,
        lead_status,
        expected_value,
        created_at
    from leads

    union all

    select
        customer_id as prospect_id,
        'customer' as stage,
        full_name,
        company_name,
        lead_source,
        industry,
        assigned_user_id,
        assigned_user,
        lead_status,
        expected_value,
        created_at
    from customers

    union all

    select
        lead_id as prospect_id,
        'lost' as stage,
        full_name,
        company_name,
        lead_source,
        industry,
        assigned_user_id,
        assigned_user,
        lead_status,
        expected_value,
        created_at
    from lost_leads
),

current_stages as (
    select
        prospect_id,
        stage,
        case when is_entered_at_known then entered_at end as stage_changed_at,
        case when is_entered_at_known then days_in_stage end as days_in_stage
    from stage_history
    where is_current
),

conversions as (
    -- A prospect first seen as a customer converted before the sync could
    -- see it: when is unknown.
    select
        prospect_id,
        case
            when min(stage_number) > 1 then min(entered_at)
        end as converted_at
    from stage_history
    where stage = 'customer'
    group by prospect_id
),

joined as (
    -- The list a prospect is in now wins; history that disagrees is stale
    -- and tells nothing about the current stage.
    select
        unioned.*,
        current_stages.stage_changed_at,
        current_stages.days_in_stage,
        conversions.converted_at
    from unioned
    left join current_stages
        on
            unioned.prospect_id = current_stages.prospect_id
            and unioned.stage = current_stages.stage
    left join conversions
        on unioned.prospect_id = conversions.prospect_id
),

ist_times as (
    -- Periods are Toolyt's IST ones: days, months and quarters are cut from
    -- the IST wall-clock time, never the warehouse session's zone.
    select
        *,
        created_at at time zone 'Asia/Kolkata' as created_at_ist,
        converted_at at time zone 'Asia/Kolkata' as converted_at_ist
    from joined
),

ist_periods as (
    select
        *,
        cast(date_trunc('month', created_at_ist) as date) as cohort_month,
        cast(date_trunc('quarter', created_at_ist) as date) as cohort_quarter,
        date_diff(
            'day', cast(created_at_ist as date), cast(converted_at_ist as date)
        ) as days_to_convert
    from ist_times
),

fiscal_periods as (
    -- India's fiscal year runs April to March: three months earlier, a
    -- month falls in the calendar year its fiscal year starts in.
    select
        *,
        extract(year from cohort_month - interval 3 month) as fiscal_start_year,
        extract(quarter from cohort_month - interval 3 month)
            as fiscal_quarter_number
    from ist_periods
),

final as (
    select
        prospect_id,
        full_name,
        company_name,
        lead_source,
        industry,
        assigned_user_id,
        assigned_user,
        created_at,
        cohort_month,
        cohort_quarter,
        'FY' || cast(fiscal_start_year as text) || '-'
        || right(cast(fiscal_start_year + 1 as text), 2) as cohort_fiscal_year,
        'Q' || cast(fiscal_quarter_number as text) as cohort_fiscal_quarter,
        stage,
        lead_status,
        expected_value,
        stage_changed_at,
        days_in_stage,
        converted_at,
        days_to_convert
    from fiscal_periods
)

select * from final
