-- grain: one row per order invoice
-- key: invoice_id

with

invoices as (
    select * from staging.stg_toolyt__order_invoices
),

run_parameters as (
    select * from marts.run_parameters
),

due_dates as (
    -- An invoice without a due date is due the day it is issued.
    select
        invoice_id,
        invoice_number,
        customer_id,
        customer_name,
        invoice_date,
        coalesce(due_date, invoice_date) as due_date,
        total_amount,
        total_amount - balance_amount as paid_amount,
        balance_amount,
        invoice_status
    from invoices
),

overdue as (
    select
        due_dates.*,
        case
            when balance_amount > 0 and due_date < as_of_date
                then date_diff('day', due_date, as_of_date)
            else 0
        end as days_overdue
    from due_dates
    cross join run_parameters
),

final as (
    select
        invoice_id,
        invoice_number,
        customer_id,
        customer_name,
        invoice_date,
        due_date,
        total_amount,
        paid_amount,
        balance_amount,
        invoice_status as status,
        days_overdue,
        case
            when balance_amount <= 0 then 'paid'
            when days_overdue = 0 then 'not_due'
            when days_overdue <= 30 then '1-30'
            when days_overdue <= 60 then '31-60'
            when days_overdue <= 90 then '61-90'
            else '90+'
        end as aging_bucket
    from overdue
)

select * from final
