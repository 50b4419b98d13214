package org.autotier.model.eaf;

/** Thrown by {@link EafEditor} when a change would break one of ELAN's rules. */
public class EafRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient EafProblem problem;

    public EafRuleException(EafProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public EafProblem problem() {
        return problem;
    }
}
