-- Split by owner and source, a month's cohort still counts the same.

with

lead_funnel as (
    select * from marts.lead_funnel
),

lead_funnel_by_owner as (
    select * from marts.lead_funnel_by_owner
),

owner_totals as (
    select
        cohort_month,
        sum(leads_created) as leads_created,
        sum(open_leads) as open_leads,
        sum(converted) as converted,
        sum(lost) as lost
    from lead_funnel_by_owner
    group by cohort_month
)

select
    lead_funnel.cohort_month,
    lead_funnel.leads_created,
    owner_totals.leads_created as leads_created_by_owners
from lead_funnel
full outer join owner_totals
    on lead_funnel.cohort_month = owner_totals.cohort_month
where
    lead_funnel.leads_created is distinct from owner_totals.leads_created
    or lead_funnel.open_leads is distinct from owner_totals.open_leads
    or lead_funnel.converted is distinct from owner_totals.converted
    or lead_funnel.lost is distinct from owner_totals.lost
