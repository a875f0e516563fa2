-- A prospect with history is in exactly one stage now.

with

prospect_stage_history as (
    select * from marts.prospect_stage_history
)

select
    prospect_id,
    count(*) filter (where is_current) as current_stages
from prospect_stage_history
group by prospect_id
having count(*) filter (where is_current) <> 1
