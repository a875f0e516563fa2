-- grain: one row per customer with at least one order invoice
-- key: customer_id

with

invoice_balances as (
    select * from marts.invoice_balances
),

customer_invoices as (
    select
        customer_id,
        max(customer_name) as customer_name,
        count(*) as invoices,
        count(*) filter (where balance_amount > 0) as open_invoices,
        sum(total_amount) as total_invoiced,
        sum(paid_amount) as total_paid,
        sum(balance_amount) as balance,
        sum(
            case when days_overdue > 0 then balance_amount else 0 end
        ) as overdue_balance,
        min(
            case when balance_amount > 0 then due_date end
        ) as oldest_due_date,
        sum(
            case when aging_bucket = 'not_due' then balance_amount else 0 end
        ) as balance_not_due,
        sum(
            case when aging_bucket = '1-30' then balance_amount else 0 end
        ) as balance_1_30_days,
        sum(
            case when aging_bucket = '31-60' then balance_amount else 0 end
        ) as balance_31_60_days,
        sum(
            case when aging_bucket = '61-90' then balance_amount else 0 end
        ) as balance_61_90_days,
        sum(
            case when aging_bucket = '90+' then balance_amount else 0 end
        ) as balance_over_90_days
    from invoice_balances
    -- An invoice without a customer has no row to roll up into.
    where customer_id is not null
    group by customer_id
)

select * from customer_invoices
