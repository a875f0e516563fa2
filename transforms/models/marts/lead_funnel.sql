-- grain: one row per IST month in which prospects were created
-- key: cohort_month

with

prospects as (
    select * from marts.prospects
),

cohorts as (
    select
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter,
        count(*) as leads_created,
        count(*) filter (where stage = 'lead') as open_leads,
        count(*) filter (where stage = 'customer') as converted,
        count(*) filter (where stage = 'lost') as lost
    from prospects
    -- A prospect with no known creation time belongs to no cohort.
    where cohort_month is not null
    group by
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter
),

ranked_conversions as (
    -- The median as the middle row (or the two middle rows) of each cohort:
    -- BigQuery has no median aggregate, and row numbers mean the same
    -- everywhere.
    select
        cohort_month,
        days_to_convert,
        row_number() over (
            partition by cohort_month order by days_to_convert
        ) as position,
        count(*) over (partition by cohort_month) as conversions
    from prospects
    where
        cohort_month is not null
        and stage = 'customer'
        and days_to_convert is not null
),

medians as (
    select
        cohort_month,
        avg(days_to_convert) as median_days_to_convert
    from ranked_conversions
    where
        position between floor((conversions + 1) / 2.0)
        and floor((conversions + 2) / 2.0)
    group by cohort_month
),

final as (
    select
        cohorts.cohort_month,
        cohort_quarter,
        cohort_fiscal_year as fiscal_year,
        cohort_fiscal_quarter as fiscal_quarter,
        leads_created,
        open_leads,
        converted,
        lost,
        converted / leads_created as conversion_rate,
        lost / leads_created as loss_rate,
        medians.median_days_to_convert
    from cohorts
    left join medians
        on cohorts.cohort_month = medians.cohort_month
)

select * from final
