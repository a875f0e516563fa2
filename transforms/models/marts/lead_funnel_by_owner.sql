-- grain: one row per IST creation month, assigned user and lead source
-- key: cohort_month, assigned_user_id, lead_source

with

prospects as (
    select * from marts.prospects
),

owned as (
    -- Key columns may not be null: unassigned prospects group under user 0
    -- (Toolyt's ids start at 1), those without a source under '(none)'.
    select
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter,
        coalesce(assigned_user_id, 0) as assigned_user_id,
        assigned_user,
        coalesce(lead_source, '(none)') as lead_source,
        stage,
        days_to_convert
    from prospects
    -- A prospect with no known creation time belongs to no cohort.
    where cohort_month is not null
),

cohorts as (
    select
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter,
        assigned_user_id,
        lead_source,
        max(assigned_user) as assigned_user,
        count(*) as leads_created,
        count(*) filter (where stage = 'lead') as open_leads,
        count(*) filter (where stage = 'customer') as converted,
        count(*) filter (where stage = 'lost') as lost,
        median(
            case when stage = 'customer' then days_to_convert end
        ) as median_days_to_convert
    from owned
    group by
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter,
        assigned_user_id,
        lead_source
),

final as (
    select
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year as fiscal_year,
        cohort_fiscal_quarter as fiscal_quarter,
        assigned_user_id,
        assigned_user,
        lead_source,
        leads_created,
        open_leads,
        converted,
        lost,
        converted / leads_created as conversion_rate,
        lost / leads_created as loss_rate,
        median_days_to_convert
    from cohorts
)

select * from final
