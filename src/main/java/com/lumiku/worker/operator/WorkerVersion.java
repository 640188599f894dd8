package com.lumiku.worker.operator;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}, from the jar manifest. */
class WorkerVersion implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = WorkerVersion.class.getPackage().getImplementationVersion();
		return new String[] { "lumiku-worker " + ((version != null) ? version : "(development build)") };
	}

}
