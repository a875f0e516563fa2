-- grain: one row per sign-in of a user
-- key: user_id, created_at

with

source as (
    select * from toolyt.attendance
),

renamed as (
    select
        cast(user_id as bigint) as user_id,
        full_name as user_full_name,
        date as attendance_date,
        signin_time as signed_in_time,
        signout_time as signed_out_time,
        location_name as sign_in_location,
        logout_location_name as sign_out_location,
        latitude,
        longitude,
        created_at
    from source
)

select * from renamed
