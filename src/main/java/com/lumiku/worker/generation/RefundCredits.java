package com.lumiku.worker.generation;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives a failed generation's credits back, inside the caller's transaction (the one that
 * marks the row failed):
 * <ol>
 * <li>the user's row is locked ({@code FOR NO KEY UPDATE}), so two refunds of one user
 * cannot read the same newest balance;</li>
 * <li>{@code lumiku_worker.generation_refund} admits the generation once (primary key),
 * ever;</li>
 * <li>one {@code refund} credits row carries the new running balance, timed strictly
 * after the user's newest row.</li>
 * </ol>
 * Nothing is written when the amount is 0 (avatar generations are not charged; enterprise
 * rows carry 0) or when the user no longer exists.
 */
final class RefundCredits {

	private static final String LOCK_USER = "SELECT id FROM users WHERE id = ? FOR NO KEY UPDATE";

	private static final String RECORD_REFUND = """
			INSERT INTO lumiku_worker.generation_refund (generation_table, generation_id, user_id, amount, credit_id)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING
			""";

	private static final String INSERT_CREDIT = """
			INSERT INTO credits (id, "userId", amount, balance, type, description, "referenceId", "referenceType",
			                     "paymentId", "createdAt")
			SELECT ?, ?, ?, coalesce(newest.balance, 0) + ?, 'refund', ?, ?, ?, ?,
			       greatest(timezone('UTC', now()), newest."createdAt" + interval '1 millisecond')
			FROM (SELECT 1) AS one
			LEFT JOIN LATERAL (SELECT balance, "createdAt" FROM credits WHERE "userId" = ?
			                   ORDER BY "createdAt" DESC, id DESC LIMIT 1) AS newest ON true
			""";

	private final JdbcTemplate jdbc;

	RefundCredits(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Refunds a generation once; call inside the transaction that fails it.
	 * @return the amount refunded (0 when nothing was written)
	 */
	int refund(GenerationTable table, String generationId, String userId, int amount) {
		if (amount <= 0) {
			return 0;
		}
		List<String> user = this.jdbc.queryForList(LOCK_USER, String.class, userId);
		if (user.isEmpty()) {
			return 0;
		}
		String creditId = "gqr" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
		if (this.jdbc.update(RECORD_REFUND, table.table(), generationId, userId, amount, creditId) == 0) {
			return 0;
		}
		// paymentId also holds the generation id: the app's own (dev head) idempotency
		// check looks there (see docs/lumiku-app.md#credit-ledger)
		this.jdbc.update(INSERT_CREDIT, creditId, userId, amount, amount,
				table.app() + ": refund for failed generation " + generationId, generationId, table.referenceType(),
				generationId, userId);
		return amount;
	}

}
