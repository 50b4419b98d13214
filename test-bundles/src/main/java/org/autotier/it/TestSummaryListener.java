package org.autotier.it;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.osgi.service.component.annotations.Component;

/**
 * Prints a Surefire-style summary line after the tests that ran inside the framework, because
 * bnd's JUnit Platform tester prints none; CI reads it to see that tests really ran.
 */
@Component(service = TestExecutionListener.class)
public final class TestSummaryListener implements TestExecutionListener {
    private final AtomicLong run = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        run.set(0);
        failed.set(0);
        errors.set(0);
        skipped.set(0);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            skipped.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skipped.incrementAndGet(); // an assumption failed, e.g. ../shared/data is absent
            return;
        }
        run.incrementAndGet();
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            if (result.getThrowable().orElse(null) instanceof AssertionError) {
                failed.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
            System.out.println("FAILED in OSGi: " + id.getDisplayName() + ": "
                    + result.getThrowable().map(Throwable::toString).orElse(""));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        System.out.printf("[OSGi] Tests run: %d, Failures: %d, Errors: %d, Skipped: %d%n", run.get(), failed.get(),
                errors.get(), skipped.get());
    }
}
