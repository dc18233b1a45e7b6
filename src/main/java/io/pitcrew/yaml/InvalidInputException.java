package io.pitcrew.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** A user-supplied file (config, runbook, kubeconfig) that cannot be used, with every problem found in it. */
public class InvalidInputException extends RuntimeException {

    private final transient List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::render).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() { return problems; }
}
