-- The marts lose no invoice and no rupee of what Toolyt says is owed.

with

order_invoices as (
    select * from toolyt.order_invoices
),

invoice_balances as (
    select * from marts.invoice_balances
),

raw_totals as (
    select
        count(*) as invoices,
        sum(balance_amount) as balance_amount
    from order_invoices
),

mart_totals as (
    select
        count(*) as invoices,
        sum(balance_amount) as balance_amount
    from invoice_balances
)

select
    raw_totals.invoices as raw_invoices,
    mart_totals.invoices as mart_invoices,
    raw_totals.balance_amount as raw_balance_amount,
    mart_totals.balance_amount as mart_balance_amount
from raw_totals
cross join mart_totals
where
    raw_totals.invoices <> mart_totals.invoices
    or raw_totals.balance_amount is distinct from mart_totals.balance_amount
