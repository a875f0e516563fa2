-- Customers owe, in all, what their invoices still ask for.

with

invoice_balances as (
    select * from marts.invoice_balances
),

customer_balances as (
    select * from marts.customer_balances
),

invoice_totals as (
    select sum(balance_amount) as balance
    from invoice_balances
    where customer_id is not null
),

customer_totals as (
    select sum(balance) as balance
    from customer_balances
)

select
    invoice_totals.balance as invoice_balance,
    customer_totals.balance as customer_balance
from invoice_totals
cross join customer_totals
where invoice_totals.balance is distinct from customer_totals.balance
