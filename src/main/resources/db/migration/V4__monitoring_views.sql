-- Monitoring views for operators: the report's two views (cleanup.sql, Part 11) made correct, plus
-- two that show what the non-transactional migrations (V2's CONCURRENTLY indexes, V3's NOT VALID
-- CHECKs) may have left unfinished on an adopted database. Plain views over the catalogs and the
-- statistics collector: no storage, nothing to refresh.
--
-- Each view is dropped and created rather than CREATE OR REPLACE'd: CREATE OR REPLACE VIEW cannot
-- rename or reorder columns, and a database that ran the report's cleanup.sql already has a
-- v_table_sizes with other columns, so REPLACE would fail there. This file runs in one transaction,
-- so nobody sees a view missing.

-- v_index_usage_stats: one row per index of a user table, least-scanned first and, among equally
-- scanned ones, largest first, i.e. the best candidates for dropping come first. Fixes fact sheet
-- defect D4: pg_stat_user_indexes names its columns relname/indexrelname, not tablename/indexname,
-- so the report's view was never created. The counters run from the last statistics reset
-- (pg_stat_reset) or crash; look at them after weeks of normal traffic, not after a restart.
DROP VIEW IF EXISTS v_index_usage_stats;
CREATE VIEW v_index_usage_stats AS
SELECT s.schemaname,
       s.relname                                      AS table_name,
       s.indexrelname                                 AS index_name,
       s.idx_scan                                     AS index_scans,
       s.idx_tup_read                                 AS tuples_read,
       s.idx_tup_fetch                                AS tuples_fetched,
       pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size,
       pg_relation_size(s.indexrelid)                 AS index_size_bytes
  FROM pg_stat_user_indexes s
 ORDER BY s.idx_scan, pg_relation_size(s.indexrelid) DESC;

COMMENT ON VIEW v_index_usage_stats IS
    'Scans (since the last statistics reset) and size of each index, least used and largest first.';

-- v_table_sizes: one row per table of schema public, largest first. Fixes the report's version,
-- which joined pg_tables to pg_class on the table name only (so a same-named relation in another
-- schema duplicated rows) and whose "indexes_size" was really total minus heap (so it counted
-- TOAST too). Here pg_class is reached by OID through pg_namespace, and the parts add up exactly:
--   total_size = table_size + indexes_size + toast_size
-- where table_size is the heap with its free-space and visibility maps, indexes_size is
-- pg_indexes_size (the table's indexes only) and toast_size is the TOAST table with its index.
-- row_count is the statistics collector's live-tuple estimate, not a count(*). The *_bytes columns
-- are for sorting, alerting and dashboards; the others are pg_size_pretty text for people.
DROP VIEW IF EXISTS v_table_sizes;
CREATE VIEW v_table_sizes AS
SELECT n.nspname                       AS schemaname,
       c.relname                       AS table_name,
       pg_size_pretty(s.total_bytes)   AS total_size,
       pg_size_pretty(s.table_bytes)   AS table_size,
       pg_size_pretty(s.index_bytes)   AS indexes_size,
       pg_size_pretty(s.toast_bytes)   AS toast_size,
       pg_stat_get_live_tuples(c.oid)  AS row_count,
       s.total_bytes                   AS total_size_bytes,
       s.table_bytes                   AS table_size_bytes,
       s.index_bytes                   AS indexes_size_bytes,
       s.toast_bytes                   AS toast_size_bytes
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN LATERAL (
       SELECT sz.total_bytes, sz.index_bytes, sz.toast_bytes,
              sz.total_bytes - sz.index_bytes - sz.toast_bytes AS table_bytes
         FROM (SELECT pg_total_relation_size(c.oid) AS total_bytes,
                      pg_indexes_size(c.oid)        AS index_bytes,
                      CASE WHEN c.reltoastrelid = 0 THEN 0
                           ELSE pg_total_relation_size(c.reltoastrelid)
                      END                           AS toast_bytes) sz
       ) s
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p')
 ORDER BY s.total_bytes DESC, c.relname;

COMMENT ON VIEW v_table_sizes IS
    'Size of each table of schema public (table + indexes + TOAST = total) and its estimated '
    'live rows, largest first.';

-- v_invalid_indexes: indexes PostgreSQL will not use (indisvalid false) or does not even maintain
-- yet (indisready false). A CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY that failed or was
-- cancelled leaves one behind under its final name, and CREATE INDEX ... IF NOT EXISTS then skips
-- it silently on every rerun (fact sheet defect D7). The cure is DROP INDEX CONCURRENTLY and a
-- rebuild; index_definition is the statement to rebuild it with. Should be empty.
DROP VIEW IF EXISTS v_invalid_indexes;
CREATE VIEW v_invalid_indexes AS
SELECT n.nspname                     AS schemaname,
       t.relname                     AS table_name,
       i.relname                     AS index_name,
       x.indisvalid                  AS is_valid,
       x.indisready                  AS is_ready,
       pg_get_indexdef(x.indexrelid) AS index_definition
  FROM pg_index x
  JOIN pg_class i     ON i.oid = x.indexrelid
  JOIN pg_class t     ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
 WHERE (NOT x.indisvalid OR NOT x.indisready)
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
 ORDER BY n.nspname, t.relname, i.relname;

COMMENT ON VIEW v_invalid_indexes IS
    'Indexes left invalid or not ready, usually by a failed CONCURRENTLY build: drop and '
    'rebuild them. Should be empty.';

-- v_unvalidated_constraints: CHECK and foreign-key constraints of schema public that are still
-- NOT VALID. They are enforced for every new or updated row, but some existing rows may break them;
-- V3 leaves a CHECK in this state (with a WARNING) when an adopted database has such rows. Fix the
-- rows, then run validate_command, which takes only a SHARE UPDATE EXCLUSIVE lock (reads and writes
-- go on). Should be empty.
DROP VIEW IF EXISTS v_unvalidated_constraints;
CREATE VIEW v_unvalidated_constraints AS
SELECT n.nspname                   AS schemaname,
       t.relname                   AS table_name,
       c.conname                   AS constraint_name,
       CASE c.contype WHEN 'c' THEN 'CHECK' ELSE 'FOREIGN KEY' END AS constraint_type,
       pg_get_constraintdef(c.oid) AS definition,
       format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I;', n.nspname, t.relname, c.conname)
                                   AS validate_command
  FROM pg_constraint c
  JOIN pg_class t     ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE c.contype IN ('c', 'f')
   AND NOT c.convalidated
   AND n.nspname = 'public'
 ORDER BY t.relname, c.conname;

COMMENT ON VIEW v_unvalidated_constraints IS
    'CHECK and FK constraints of schema public still NOT VALID (enforced for new rows only), '
    'with the command that validates each. Should be empty.';
