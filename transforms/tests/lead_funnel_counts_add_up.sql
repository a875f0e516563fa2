-- Every prospect created in a month is open, converted or lost.

with

lead_funnel as (
    select * from marts.lead_funnel
)

select
    cohort_month,
    leads_created,
    open_leads,
    converted,
    lost
from lead_funnel
where leads_created <> open_leads + converted + lost
