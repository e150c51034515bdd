package dev.vigil.ingest;

/** Receives the problems readers meet; called from the reading thread. */
@FunctionalInterface
public interface ProblemListener {
    void problem(InputProblem problem);
}
