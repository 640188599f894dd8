-- Issue 16: one round-robin cursor per generation table for the whole cluster. Every claim
-- (under the app's claim lock) starts after the user the previous claim of the app ended
-- with, whichever process made it, and moves the cursor on; before, each process kept its
-- own cursor, so the claims of two processes kept offering the same users, who were
-- already at their per-user cap, and came back short.
CREATE TABLE lumiku_worker.generation_claim_cursor (
    generation_table text PRIMARY KEY,
    user_id text NOT NULL
);

COMMENT ON TABLE lumiku_worker.generation_claim_cursor IS
    'Generation queue: the userId after which the next claim of each generation table starts its round robin ('''' = from the first user).';
