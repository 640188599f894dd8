package com.lumiku.worker.subscription;

import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * The {@code subscription-renewal} tasklet. Each call is one round: open the renewals due
 * ({@link OpenRenewals}, keyset batches), then claim a batch of renewals for a status
 * inquiry and a batch for a charge ({@link ClaimRenewals}, one short transaction each),
 * call the gateway for each, at most {@code concurrency} at once and with no transaction
 * open and no row locked, and record each answer in its own short transaction
 * ({@link RecordChargeOutcomes}). Inquiries come first: an unknown outcome is settled
 * before anything else is charged. The step runs without a chunk transaction (Spring
 * Batch's bookkeeping has its own).
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
		this.outcomes = new RecordChargeOutcomes(properties.retrySchedule(), parameters.inquiryAfter());
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		LocalDateTime asOf = databaseNow();
		if (this.parameters.dryRun()) {
			String summary = "dry run: " + this.open.countDue(this.jdbc, asOf) + " renewals to open, "
					+ ClaimRenewals.countDue(this.jdbc, asOf) + " due for a charge or an inquiry; nothing changed";
			return finish(contribution, summary);
		}
		int claimed = round(asOf);
		contribution.incrementWriteCount(claimed);
		if (claimed == 0 || this.lastRoundCaughtUp) {
			return finish(contribution, this.counts.summary());
		}
		return RepeatStatus.CONTINUABLE;
	}

	/**
	 * One round: opens what is due (the first round only), then one batch of inquiries
	 * and one of charges, each call recorded.
	 * @return the renewals claimed
	 */
	int round(LocalDateTime asOf) {
		if (!this.opened) {
			openAll(asOf);
			this.opened = true;
		}
		List<ClaimedRenewal> inquiries = this.transaction
			.execute((status) -> this.claim.claimInquiries(this.jdbc, asOf, this.parameters.batchSize()));
		callAll(inquiries, "status",
				(renewal) -> this.gateway.status(renewal.merchantOrderId(), this.parameters.callTimeout()));
		List<ClaimedRenewal> charges = this.transaction
			.execute((status) -> this.claim.claimCharges(this.jdbc, databaseNow(), this.parameters.batchSize()));
		callAll(charges, "charge", (renewal) -> this.gateway.charge(renewal.merchantOrderId(), renewal.userId(),
				renewal.amount(), this.parameters.callTimeout()));
		this.lastRoundCaughtUp = inquiries.size() < this.parameters.batchSize()
				&& charges.size() < this.parameters.batchSize();
		return inquiries.size() + charges.size();
	}

	/** Rounds until one claims less than a full batch of each. */
	RenewalCounts runToCompletion() {
		do {
			round(databaseNow());
		}
		while (!this.lastRoundCaughtUp);
		return this.counts;
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

	private void callAll(List<ClaimedRenewal> renewals, String callName, Function<ClaimedRenewal, Answer> call) {
		if (renewals.isEmpty()) {
			return;
		}
		ExecutorService threads = Executors
			.newFixedThreadPool(Math.min(this.parameters.concurrency(), renewals.size()));
		try {
			List<Future<?>> calls = renewals.stream()
				.<Future<?>>map((renewal) -> threads.submit(() -> callAndRecord(renewal, callName, call)))
				.toList();
			for (Future<?> done : calls) {
				try {
					done.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					throw new IllegalStateException("recording a gateway answer failed", ex.getCause());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for gateway calls", ex);
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private void callAndRecord(ClaimedRenewal renewal, String callName, Function<ClaimedRenewal, Answer> call) {
		long started = System.nanoTime();
		Answer answer = call.apply(renewal);
		this.metrics.gatewayCall(callName, java.time.Duration.ofNanos(System.nanoTime() - started));
		var recorded = this.transaction
			.execute((status) -> this.outcomes.record(this.jdbc, renewal, answer, databaseNow(), this.jobExecutionId));
		recorded.ifPresent((outcome) -> {
			this.counts.recorded(outcome);
			this.metrics.recorded(outcome, renewal.amount());
		});
		logger.debug("renewal {} order {}: {} ({})", renewal.renewalId(), renewal.merchantOrderId(), answer.outcome(),
				answer.detail());
	}

	private LocalDateTime databaseNow() {
		return this.jdbc.queryForObject("SELECT timezone('UTC', now())", LocalDateTime.class);
	}

	private RepeatStatus finish(StepContribution contribution, String summary) {
		this.metrics.sample(this.jdbc);
		logger.info("subscription-renewal: {}", summary);
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
		return RepeatStatus.FINISHED;
	}

}
