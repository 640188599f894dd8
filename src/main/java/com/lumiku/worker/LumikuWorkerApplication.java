package com.lumiku.worker;

import com.lumiku.worker.operator.WorkerCommand;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * lumiku-worker: the batch and scheduled-job daemon of the Lumiku platform.
 *
 * <p>
 * {@code main} hands the command line to {@link WorkerCommand}, which starts this Spring
 * application in the shape the command needs (the daemon, or a one-shot tool).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LumikuWorkerApplication {

	public static void main(String[] args) {
		System.exit(WorkerCommand.execute(args));
	}

}
