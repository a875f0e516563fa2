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
        count(*) filter (where stage = 'lost') as lost,
        median(
            case when stage = 'customer' then days_to_convert end
        ) as median_days_to_convert
    from prospects
    -- A prospect with no known creation time belongs to no cohort.
    where cohort_month is not null
    group by
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year,
        cohort_fiscal_quarter
),

final as (
    select
        cohort_month,
        cohort_quarter,
        cohort_fiscal_year as fiscal_year,
        cohort_fiscal_quarter as fiscal_quarter,
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
