package com.lumiku.worker.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.lumiku.worker.subscription.GatewaySimulator;

/**
 * Injects the faults for the budget, every choice from one seeded {@link Random} (so a
 * seed replays the same sequence of decisions; the timing of the processes still varies):
 * a {@code kill -9} of a random worker every 4-9 s, started again 1-2 s later; the
 * gateway changing its latency and behaviour every 5-15 s (slow, no answer within the
 * call timeout, HTTP 500); and once each, spread over the run in a seeded order: a
 * SIGTERM, a PostgreSQL restart, a SIGSTOP longer than the lease and liveness timeouts,
 * the proxied worker's connections dropped, and its traffic stalled.
 */
final class FaultDriver {

	enum OneOff {

		SIGTERM, POSTGRES_RESTART, SIGSTOP, PROXY_DROP, PROXY_STALL

	}

	static final Duration STOP_FOR = Duration.ofSeconds(15);

	static final Duration DROP_FOR = Duration.ofSeconds(8);

	static final Duration STALL_FOR = Duration.ofSeconds(12);

	private final ChaosWorld world;

	private final EventLog log;

	private final Random random;

	private final Duration budget;

	private final Map<String, Instant> restartAt = new HashMap<>();

	private String busySlot;

	private Runnable endOneOff;

	private Instant oneOffEnds;

	private Instant oneOffStarted;

	private String oneOffTarget;

	private String oneOffWhat;

	FaultDriver(ChaosWorld world, EventLog log, long seed, Duration budget) {
		this.world = world;
		this.log = log;
		this.random = new Random(seed);
		this.budget = budget;
	}

	void run() throws Exception {
		Instant start = Instant.now();
		Instant end = start.plus(this.budget);
		List<OneOff> order = new ArrayList<>(List.of(OneOff.values()));
		Collections.shuffle(order, this.random);
		List<Instant> due = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			double fraction = 0.10 + i * 0.16 + this.random.nextDouble() * 0.05;
			due.add(start.plusMillis((long) (this.budget.toMillis() * fraction)));
		}
		Instant nextKill = start.plusSeconds(4 + this.random.nextInt(6));
		Instant nextGateway = start;
		while (Instant.now().isBefore(end)) {
			Instant now = Instant.now();
			restartDead(now);
			if (!now.isBefore(nextGateway)) {
				changeGateway();
				nextGateway = now.plusSeconds(5 + this.random.nextInt(11));
			}
			if (!now.isBefore(nextKill)) {
				killOne();
				nextKill = now.plusSeconds(4 + this.random.nextInt(6));
			}
			if (this.endOneOff != null && !now.isBefore(this.oneOffEnds)) {
				this.endOneOff.run();
				this.log.add(this.oneOffStarted, this.oneOffTarget, this.oneOffWhat);
				this.endOneOff = null;
				this.busySlot = null;
			}
			if (this.endOneOff == null && !due.isEmpty() && !now.isBefore(due.get(0))) {
				due.remove(0);
				oneOff(order.remove(0));
			}
			Thread.sleep(200);
		}
		if (this.endOneOff != null) {
			this.endOneOff.run();
			this.log.add(this.oneOffStarted, this.oneOffTarget, this.oneOffWhat + " (ended at the budget)");
			this.endOneOff = null;
		}
		if (!order.isEmpty()) {
			this.log.add(Instant.now(), EventLog.ALL, "budget too short for " + order);
		}
	}

	private void restartDead(Instant now) {
		for (String slot : ChaosWorld.SLOTS) {
			if (!this.world.isAlive(slot) && !slot.equals(this.busySlot)) {
				Instant at = this.restartAt.computeIfAbsent(slot,
						(key) -> now.plusMillis(1_000 + this.random.nextInt(1_000)));
				if (!now.isBefore(at)) {
					this.world.start(slot);
					this.restartAt.remove(slot);
				}
			}
		}
	}

	/**
	 * Kills a random live worker, but never the last one serving: on 2 loaded cores a
	 * worker takes 10-20 s to start, and kills every few seconds would otherwise leave
	 * the cluster with nobody at all for long stretches (the PostgreSQL restart is the
	 * one outage of the whole cluster).
	 */
	private void killOne() {
		List<String> serving = ChaosWorld.SLOTS.stream().filter(this.world::isServing).toList();
		List<String> candidates = ChaosWorld.SLOTS.stream()
			.filter((slot) -> this.world.isAlive(slot) && !slot.equals(this.busySlot))
			.filter((slot) -> serving.stream().anyMatch((other) -> !other.equals(slot)))
			.toList();
		if (!candidates.isEmpty()) {
			this.world.kill(candidates.get(this.random.nextInt(candidates.size())));
		}
	}

	private void changeGateway() {
		GatewaySimulator gateway = this.world.gateway();
		int latency = this.random.nextInt(800);
		int pick = this.random.nextInt(10);
		GatewaySimulator.Behaviour behaviour = (pick < 6) ? GatewaySimulator.Behaviour.SUCCESS
				: (pick < 8) ? GatewaySimulator.Behaviour.TIMEOUT : GatewaySimulator.Behaviour.SERVER_ERROR;
		gateway.latency(Duration.ofMillis(latency)).slowAnswer(Duration.ofSeconds(3)).defaultBehaviour(behaviour);
		this.log.add(Instant.now(), "gateway", "latency " + latency + " ms, " + behaviour);
	}

	private void oneOff(OneOff fault) throws Exception {
		Instant at = Instant.now();
		switch (fault) {
			case SIGTERM -> {
				String slot = anyLiveSlot(List.of("w1", "w2"));
				this.world.terminate(slot);
			}
			case POSTGRES_RESTART -> this.world.restartPostgres(Duration.ofSeconds(4 + this.random.nextInt(3)));
			case SIGSTOP -> {
				String slot = anyLiveSlot(List.of("w1", "w2"));
				String target = this.world.incarnation(slot);
				this.world.pause(slot);
				during(at, slot, target, STOP_FOR, "SIGSTOP for " + STOP_FOR.toSeconds() + " s, then SIGCONT",
						() -> this.world.cont(slot));
			}
			case PROXY_DROP -> {
				this.world.proxy().drop();
				during(at, ChaosWorld.PROXIED, this.world.incarnation(ChaosWorld.PROXIED), DROP_FOR,
						"database connections dropped and refused for " + DROP_FOR.toSeconds() + " s",
						() -> this.world.proxy().heal());
			}
			case PROXY_STALL -> {
				this.world.proxy().stall();
				during(at, ChaosWorld.PROXIED, this.world.incarnation(ChaosWorld.PROXIED), STALL_FOR,
						"database traffic stalled for " + STALL_FOR.toSeconds() + " s",
						() -> this.world.proxy().heal());
			}
		}
	}

	private void during(Instant at, String slot, String target, Duration duration, String what, Runnable end) {
		this.busySlot = slot;
		this.oneOffStarted = at;
		this.oneOffEnds = at.plus(duration);
		this.oneOffTarget = target;
		this.oneOffWhat = what;
		this.endOneOff = end;
	}

	private String anyLiveSlot(List<String> slots) {
		List<String> live = slots.stream().filter(this.world::isAlive).toList();
		List<String> from = live.isEmpty() ? slots : live;
		String slot = from.get(this.random.nextInt(from.size()));
		if (!this.world.isAlive(slot)) {
			this.world.start(slot);
		}
		return slot;
	}

}
