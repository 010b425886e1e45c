package dev.codeplatform.execution.local;

import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.ExecutionBackendContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract again with no warm environments: every environment starts when it is asked for. That is the path of a
 * burst of sessions once the warm ones are taken, which {@link LocalSandboxBackendTest} rarely reaches, since a warm
 * environment is ready again between most of its tests.
 */
class LocalSandboxColdStartTest extends ExecutionBackendContract {

    private LocalSandboxBackend local;

    @Override
    protected ExecutionBackend newBackend() {
        LocalSandboxBackendTest.assumeSandboxesCanRun();
        local = new LocalSandboxBackend(LocalSandboxBackendTest.settings().withWarmEnvironments(0));
        return local;
    }

    @AfterAll
    void nothingIsLeftBehind() {
        if (local != null) { // else skipped
            local.close();
            LocalSandboxBackendTest.assertNothingIsLeftBehind();
        }
    }

    @Override
    protected int processCount(String environmentId) {
        return local.processes(environmentId).size();
    }
}
