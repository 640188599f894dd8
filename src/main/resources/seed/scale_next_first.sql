-- The next free synthetic user number: 1 + the highest n of the 'scale-user-<n>' users present,
-- or 1 when there are none. Used by ScaleSeeder before it adds a new range.
SELECT COALESCE(max(substring(id FROM 12)::bigint), 0) + 1
FROM users
WHERE id LIKE 'scale-user-%' AND substring(id FROM 12) ~ '^[0-9]{1,18}$'
