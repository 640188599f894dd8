-- At most one execution of a run (a Spring Batch job instance: a job and its run key) at a time,
-- and none once the run completed, enforced by the database.
--
-- Spring Batch 6 checks that a run has no running or completed execution in its launcher, before
-- and outside the transaction that inserts the new execution. Two restarts of one run at the same
-- moment (two workers resuming a period lost to a dead worker, found by the chaos suite) both
-- passed the check, both inserted an execution and both ran the period to COMPLETED.
--
-- Each new execution first touches its instance's row (a no-op UPDATE), which serialises the
-- executions of one instance: a second insert waits for the first's transaction and then fails
-- with a serialization failure (the job repository creates executions in SERIALIZABLE
-- transactions; the launch is retried and Spring Batch's own check then sees the first execution),
-- or, under READ COMMITTED, sees the first execution and is refused here. SQLSTATE LW001 names the
-- refusal; the worker reports it as "already running" or "already completed".
--
-- An older execution left UNKNOWN does not count: a worker frozen past its liveness (SIGSTOP) and
-- recovered by the others still saves its run's end when it wakes, and Spring Batch then turns the
-- recovered FAILED into UNKNOWN (its save takes the higher status). The period's last execution
-- is what a restart continues, and an UNKNOWN last one is marked FAILED before its restart.
CREATE FUNCTION lumiku_worker.refuse_second_job_execution() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    other record;
BEGIN
    UPDATE lumiku_worker.batch_job_instance SET job_name = job_name
    WHERE job_instance_id = NEW.job_instance_id;
    SELECT e.job_execution_id, e.status INTO other
    FROM lumiku_worker.batch_job_execution e
    WHERE e.job_instance_id = NEW.job_instance_id
      AND e.status IN ('STARTING', 'STARTED', 'STOPPING', 'COMPLETED')
    ORDER BY e.job_execution_id DESC
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'job instance % already has execution % (%): a run has one execution at a time and none after it completed',
            NEW.job_instance_id, other.job_execution_id, other.status
            USING ERRCODE = 'LW001';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER one_execution_of_a_run_at_a_time
    BEFORE INSERT ON lumiku_worker.batch_job_execution
    FOR EACH ROW EXECUTE FUNCTION lumiku_worker.refuse_second_job_execution();
