-- Every planned visit is completed, cancelled, missed or still upcoming.

with

visits_daily as (
    select * from marts.visits_daily
)

select
    user_id,
    planned_date,
    planned,
    completed,
    cancelled,
    missed,
    upcoming
from visits_daily
where planned <> completed + cancelled + missed + upcoming
