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
        count(*) filter (where stage = 'lost') as lost
    from owned
    group by
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter,
        assigned_user_id,
        lead_source
),

ranked_conversions as (
    -- The median as the middle row (or rows) of each group, as in lead_funnel.
    select
        cohort_month,
        assigned_user_id,
        lead_source,
        days_to_convert,
        row_number() over (
            partition by cohort_month, assigned_user_id, lead_source
            order by days_to_convert
        ) as position,
        count(*) over (
            partition by cohort_month, assigned_user_id, lead_source
        ) as conversions
    from owned
    where stage = 'customer' and days_to_convert is not null
),

medians as (
    select
        cohort_month,
        assigned_user_id,
        lead_source,
        avg(days_to_convert) as median_days_to_convert
    from ranked_conversions
    where
        position between floor((conversions + 1) / 2.0)
        and floor((conversions + 2) / 2.0)
    group by cohort_month, assigned_user_id, lead_source
),

final as (
    select
        cohorts.cohort_month,
        cohorts.cohort_quarter,
        cohorts.cohort_fiscal_year as fiscal_year,
        cohorts.cohort_fiscal_quarter as fiscal_quarter,
        cohorts.assigned_user_id,
        cohorts.assigned_user,
        cohorts.lead_source,
        leads_created,
        open_leads,
        converted,
        lost,
        converted / leads_created as conversion_rate,
        lost / leads_created as loss_rate,
        medians.median_days_to_convert
    from cohorts
    left join medians
        on
            cohorts.cohort_month = medians.cohort_month
            and cohorts.assigned_user_id = medians.assigned_user_id
            and cohorts.lead_source = medians.lead_source
)

select * from final
