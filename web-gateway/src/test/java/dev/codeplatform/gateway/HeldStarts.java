package dev.codeplatform.gateway;

import dev.codeplatform.execution.EnvironmentFailure;
import dev.codeplatform.execution.EnvironmentRequest;
import dev.codeplatform.execution.ExecutionBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Lets a test decide when its user's environments finish starting, to see the platform while a session is starting
 * for as long as the test needs, and to see a start fail. Everything else is the real backend: a held environment is
 * created for real, and once released it becomes ready for real; a failed one fails each attempt with the test's
 * reason, so the session fails as it would with any other broken start (after its retries).
 */
public class HeldStarts implements BeanPostProcessor {

    private final Map<String, CompletableFuture<Void>> startsByOwner = new ConcurrentHashMap<>();
    private final Map<String, String> ownerByEnvironment = new ConcurrentHashMap<>();

    /**
     * Holds the starts of the user's environments until the answer completes: normally to let them become ready,
     * exceptionally with an {@link EnvironmentFailure} to fail them.
     */
    public CompletableFuture<Void> hold(String userId) {
        CompletableFuture<Void> start = new CompletableFuture<>();
        startsByOwner.put(userId, start);
        return start;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof ExecutionBackend backend)) {
            return bean;
        }
        return Proxy.newProxyInstance(ExecutionBackend.class.getClassLoader(), new Class<?>[] {ExecutionBackend.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("create")) {
                        EnvironmentRequest request = (EnvironmentRequest) arguments[0];
                        ownerByEnvironment.put(request.environmentId(), request.ownerId());
                    } else if (method.getName().equals("awaitReady")) {
                        awaitRelease((String) arguments[0], (Duration) arguments[1]);
                    }
                    try {
                        return method.invoke(backend, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void awaitRelease(String environmentId, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> start = startsByOwner.get(ownerByEnvironment.getOrDefault(environmentId, ""));
        if (start == null) {
            return;
        }
        try {
            start.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof EnvironmentFailure failure ? failure
                    : new EnvironmentFailure("the test failed the start: " + e.getCause());
        } catch (TimeoutException e) {
            throw new EnvironmentFailure("the test held the start longer than " + timeout.toSeconds() + " s");
        }
    }
}
