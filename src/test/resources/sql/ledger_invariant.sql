-- Users whose credits ledger is broken (see docs/lumiku-app.md#credit-ledger: one row per balance
-- change, balance is the running balance AFTER the row, the current balance is the newest row's).
-- Rows are taken in ("createdAt", id) order per user; a user is returned when any row's balance is not the previous
-- row's balance (0 before the first) plus its amount, or when the newest row's balance is not the
-- sum of all the user's amounts. No rows means every ledger chains.
WITH ordered AS (
    SELECT "userId", amount, balance,
           lag(balance, 1, 0) OVER per_user AS previous_balance,
           row_number() OVER (PARTITION BY "userId" ORDER BY "createdAt" DESC, id DESC) AS newest_first
    FROM credits
    WINDOW per_user AS (PARTITION BY "userId" ORDER BY "createdAt", id)
)
SELECT "userId" AS user_id,
       count(*) FILTER (WHERE balance <> previous_balance + amount) AS broken_rows,
       max(balance) FILTER (WHERE newest_first = 1) AS newest_balance,
       sum(amount) AS amount_sum
FROM ordered
GROUP BY "userId"
HAVING count(*) FILTER (WHERE balance <> previous_balance + amount) > 0
    OR max(balance) FILTER (WHERE newest_first = 1) <> sum(amount)
ORDER BY "userId"
