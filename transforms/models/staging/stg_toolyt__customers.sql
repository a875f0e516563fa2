-- grain: one row per customer now in Toolyt's customers list
-- key: customer_id

with

source as (
    select * from toolyt.customers
),

renamed as (
    select
        cast(customer_id as bigint) as customer_id,
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
