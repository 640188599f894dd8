package com.lumiku.worker.subscription;

import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.lumiku.worker.subscription.ClaimRenewals.ClaimedRenewal;
import com.lumiku.worker.subscription.PaymentGateway.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code subscription-renewal} tasklet. The first call closes stale renewals
 * ({@link CloseStaleRenewals}) and opens the renewals due ({@link OpenRenewals}, keyset
 * batches). Each call is one round: claim a batch of renewals for a status inquiry and a
 * batch for a charge or an invoice ({@link ClaimRenewals}, one short transaction each),
 * call the gateway for each on one pool of {@code concurrency} threads, with no
 * transaction open and no row locked, and record each answer in its own short transaction
 * ({@link RecordChargeOutcomes}). Inquiries come first: they are answered before anything
 * is charged. A round returns while half a batch of calls is still unfinished, so the
 * next claim overlaps them; the last waits for all. The step runs without a chunk
 * transaction (Spring Batch's bookkeeping has its own).
 */
class RenewSubscriptions implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(RenewSubscriptions.class);

	private final SubscriptionRenewalParameters parameters;

	private final PaymentGateway gateway;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final OpenRenewals open;

	private final ClaimRenewals claim;

	private final RecordChargeOutcomes outcomes;

	private final Long jobExecutionId;

	private final RenewalCounts counts = new RenewalCounts();

	private final SubscriptionMetrics metrics;

	private final CloseStaleRenewals close;

	private final List<Future<?>> pending = new java.util.ArrayList<>();

	private ExecutorService threads;

	private boolean opened;

	private boolean lastRoundCaughtUp;

	RenewSubscriptions(SubscriptionRenewalParameters parameters, SubscriptionProperties properties,
			PaymentGateway gateway, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			SubscriptionMetrics metrics, Long jobExecutionId) {
		this.metrics = metrics;
		this.parameters = parameters;
		this.gateway = gateway;
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.open = new OpenRenewals(parameters.leadTime());
		this.claim = new ClaimRenewals(parameters.hold());
		this.outcomes = new RecordChargeOutcomes(properties.retrySchedule(), parameters.inquiryAfter(),
				parameters.invoiceCheckEvery());
		this.close = new CloseStaleRenewals(jobExecutionId);
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		LocalDateTime asOf = databaseNow();
		if (this.parameters.dryRun()) {
			String summary = "dry run: " + this.open.countDue(this.jdbc, asOf) + " renewals to open, "
					+ ClaimRenewals.countDue(this.jdbc, asOf) + " due for a charge or an inquiry, "
					+ CloseStaleRenewals.countStale(this.jdbc) + " stale to close; nothing changed";
			return finish(contribution, summary);
		}
		try {
			int claimed = round(asOf);
			contribution.incrementWriteCount(claimed);
			if (claimed == 0 || this.lastRoundCaughtUp) {
				awaitCalls(0);
				return finish(contribution, this.counts.summary());
			}
			return RepeatStatus.CONTINUABLE;
		}
		catch (RuntimeException ex) {
			stopCalls();
			throw ex;
		}
	}

	/**
	 * One round: closes stale renewals and opens what is due (the first round only), then
	 * claims one batch of inquiries and one of charges and hands their calls to the pool.
	 * The round returns once fewer than {@code concurrency} calls are waiting for a
	 * thread, so the next round's claim overlaps the calls still in flight and the pool
	 * never runs dry between batches; the last round waits for every call.
	 * @return the renewals claimed
	 */
	int round(LocalDateTime asOf) {
		if (!this.opened) {
			this.counts.closed(this.close.closeAll(this.jdbc, this.transaction, this.parameters.batchSize()));
			openAll(asOf);
			this.opened = true;
		}
		long roundStarted = System.nanoTime();
		List<ClaimedRenewal> inquiries = locking(() -> this.transaction
			.execute((status) -> this.claim.claimInquiries(this.jdbc, asOf, this.parameters.batchSize())));
		submitAll(inquiries, "status", asOf, roundStarted,
				(renewal) -> this.gateway.status(renewal.merchantOrderId(), this.parameters.callTimeout()));
		if (!inquiries.isEmpty()) {
			// Reconcile first: a renewal the gateway never saw is charged again in this
			// round's claim, and nothing is claimed while its outcome is still unknown.
			awaitCalls(0);
		}
		LocalDateTime chargeAsOf = databaseNow();
		long chargeStarted = System.nanoTime();
		List<ClaimedRenewal> charges = locking(() -> this.transaction
			.execute((status) -> this.claim.claimCharges(this.jdbc, chargeAsOf, this.parameters.batchSize())));
		submitAll(charges, "charge", chargeAsOf, chargeStarted,
				(renewal) -> renewal.invoice()
						? this.gateway.invoice(renewal.merchantOrderId(), renewal.userId(), renewal.amount(),
								this.parameters.callTimeout())
						: this.gateway.charge(renewal.merchantOrderId(), renewal.userId(), renewal.amount(),
								this.parameters.callTimeout()));
		this.lastRoundCaughtUp = inquiries.size() < this.parameters.batchSize()
				&& charges.size() < this.parameters.batchSize();
		// Claim the next batch while half of this one still waits for a thread: a claim
		// takes milliseconds to tens of milliseconds, and the calls in flight and queued
		// keep every thread busy meanwhile.
		awaitCalls(
				this.lastRoundCaughtUp ? 0 : Math.max(this.parameters.concurrency(), this.parameters.batchSize() / 2));
		return inquiries.size() + charges.size();
	}

	/** Rounds until one claims less than a full batch of each, every call recorded. */
	RenewalCounts runToCompletion() {
		try {
			do {
				round(databaseNow());
			}
			while (!this.lastRoundCaughtUp);
			awaitCalls(0);
			return this.counts;
		}
		finally {
			stopCalls();
		}
	}

	private void openAll(LocalDateTime asOf) {
		String after = "";
		OpenRenewals.Batch batch;
		do {
			String from = after;
			batch = this.transaction
				.execute((status) -> this.open.openBatch(this.jdbc, asOf, from, this.parameters.batchSize()));
			this.counts.opened(batch.opened());
			after = batch.lastId();
		}
		while (batch.scanned() == this.parameters.batchSize());
	}

	private void submitAll(List<ClaimedRenewal> renewals, String callName, LocalDateTime asOf, long asOfNanos,
			Function<ClaimedRenewal, Answer> call) {
		if (renewals.isEmpty()) {
			return;
		}
		if (this.threads == null) {
			// Idle threads end after 30 s, so a run stopped between rounds leaves none
			// behind.
			java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
					this.parameters.concurrency(), this.parameters.concurrency(), 30,
					java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), (task) -> {
						Thread thread = new Thread(task, "subscription-renewal-call");
						thread.setDaemon(true);
						return thread;
					});
			pool.allowCoreThreadTimeOut(true);
			this.threads = pool;
		}
		for (ClaimedRenewal renewal : renewals) {
			this.pending.add(this.threads.submit(() -> callAndRecord(renewal, callName, asOf, asOfNanos, call)));
		}
	}

	/**
	 * Waits until at most {@code left} calls are unfinished; a failed record fails the
	 * run.
	 */
	private void awaitCalls(int left) {
		while (true) {
			this.pending.removeIf((call) -> call.isDone() && succeeded(call));
			if (this.pending.size() <= left) {
				return;
			}
			succeeded(this.pending.get(0));
		}
	}

	private static boolean succeeded(Future<?> call) {
		try {
			call.get();
			return true;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("recording a gateway answer failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for gateway calls", ex);
		}
	}

	private void stopCalls() {
		if (this.threads != null) {
			this.threads.shutdownNow();
			this.threads = null;
		}
		this.pending.clear();
	}

	private void callAndRecord(ClaimedRenewal renewal, String callName, LocalDateTime asOf, long asOfNanos,
			Function<ClaimedRenewal, Answer> call) {
		long started = System.nanoTime();
		Answer answer = call.apply(renewal);
		long answered = System.nanoTime();
		this.metrics.gatewayCall(renewal.invoice() && callName.equals("charge") ? "invoice" : callName,
				java.time.Duration.ofNanos(answered - started));
		// The database's clock at the claim plus the time since (never ahead of it: the
		// Java clock was read after the database's), to the millisecond below: no round
		// trip to ask it.
		LocalDateTime now = asOf.plusNanos(answered - asOfNanos).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		var recorded = locking(() -> this.transaction
			.execute((status) -> this.outcomes.record(this.jdbc, renewal, answer, now, this.jobExecutionId)));
		recorded.ifPresent((outcome) -> {
			this.counts.recorded(outcome);
			this.metrics.recorded(outcome, renewal.amount());
		});
		logger.debug("renewal {} order {}: {} ({})", renewal.renewalId(), renewal.merchantOrderId(), answer.outcome(),
				answer.detail());
	}

	/** Runs a transaction that locks renewal or subscription rows, timing it. */
	private <T> T locking(java.util.function.Supplier<T> transaction) {
		long started = System.nanoTime();
		try {
			return transaction.get();
		}
		finally {
			this.metrics.rowLockHeld(java.time.Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private LocalDateTime databaseNow() {
		return this.jdbc.queryForObject("SELECT timezone('UTC', now())", LocalDateTime.class);
	}

	private RepeatStatus finish(StepContribution contribution, String summary) {
		stopCalls();
		this.metrics.sample(this.jdbc);
		logger.info("subscription-renewal: {}", summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
