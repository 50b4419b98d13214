package org.autotier.model.eaf.io;

import java.util.List;
import org.autotier.model.eaf.EafProblem;

/** The document breaks ELAN's rules or the official schema. */
public class EafValidationException extends EafException {
    private static final long serialVersionUID = 1L;
    private final transient List<EafProblem> problems;

    public EafValidationException(String source, List<EafProblem> problems) {
        super(source, problems.size() + " problem(s), first: " + (problems.isEmpty() ? "-" : problems.get(0)), null);
        this.problems = List.copyOf(problems);
    }

    public List<EafProblem> problems() {
        return problems;
    }
}
