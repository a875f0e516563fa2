-- grain: one row per order invoice
-- key: invoice_id

with

source as (
    select * from toolyt.order_invoices
),

renamed as (
    select
        cast(invoice_id as bigint) as invoice_id,
        invoice_number,
        cast(customer_id as bigint) as customer_id,
        customer_name,
        invoice_date,
        invoice_due_date as due_date,
        credit_level,
        -- sic: Toolyt spells it `credit_priod`
        credit_priod as credit_period,
        cast(amount as decimal(38, 9)) as subtotal_amount,
        cast(tax as decimal(38, 9)) as tax_amount,
        cast(total_amount as decimal(38, 9)) as total_amount,
        cast(balance_amount as decimal(38, 9)) as balance_amount,
        status as invoice_status
    from source
)

select * from renamed
