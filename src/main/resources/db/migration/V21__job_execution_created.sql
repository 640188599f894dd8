-- When each Spring Batch execution was created, by the database clock. Spring Batch's own
-- CREATE_TIME is the creating JVM's local time (a timestamp without time zone), so another node
-- cannot compare it with its clock or with the database's. An execution no worker has claimed
-- yet (lumiku_worker.job_execution_owner) is judged abandoned by this age, compared with now().
CREATE TABLE lumiku_worker.job_execution_created (
    job_execution_id bigint      PRIMARY KEY
        REFERENCES lumiku_worker.batch_job_execution (job_execution_id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE lumiku_worker.job_execution_created IS
    'Creation time of each Spring Batch execution by the database clock (filled by a trigger).';

CREATE FUNCTION lumiku_worker.record_job_execution_created() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lumiku_worker.job_execution_created (job_execution_id) VALUES (NEW.job_execution_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER job_execution_created
    AFTER INSERT ON lumiku_worker.batch_job_execution
    FOR EACH ROW EXECUTE FUNCTION lumiku_worker.record_job_execution_created();
