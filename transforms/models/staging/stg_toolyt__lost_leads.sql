-- grain: one row per lead now in Toolyt's lost leads list
-- key: lead_id

with

source as (
    select * from toolyt.lost_leads
),

renamed as (
    select
        cast(lead_id as bigint) as lead_id,
        full_name,
        company_name,
        designation,
        email,
        phone,
        country_name,
        state_name,
        district_name,
        area_name,
        industry,
        lead_source,
        lead_status,
        cast(assigned_user_id as bigint) as assigned_user_id,
        assigned_user,
        cast(expected_value as decimal(38, 9)) as expected_value,
        created_date as created_at
    from source
)

select * from renamed
