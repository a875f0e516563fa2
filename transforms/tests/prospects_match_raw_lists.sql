-- Each id in the leads, customers and lost leads lists is one prospect.

with

leads as (
    select * from toolyt.leads
),

customers as (
    select * from toolyt.customers
),

lost_leads as (
    select * from toolyt.lost_leads
),

prospects as (
    select * from marts.prospects
),

list_counts as (
    select
        (select count(*) from leads)
        + (select count(*) from customers)
        + (select count(*) from lost_leads) as listed
),

prospect_counts as (
    select count(*) as prospects from prospects
)

select
    list_counts.listed,
    prospect_counts.prospects
from list_counts
cross join prospect_counts
where list_counts.listed <> prospect_counts.prospects
