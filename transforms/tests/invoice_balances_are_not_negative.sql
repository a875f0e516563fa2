-- No invoice is owed less than nothing: a negative balance is bad data.

with

invoice_balances as (
    select * from marts.invoice_balances
)

select
    invoice_id,
    total_amount,
    balance_amount
from invoice_balances
where balance_amount < 0
