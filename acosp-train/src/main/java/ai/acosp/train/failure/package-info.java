/**
 * What a failure means to the user: {@link ai.acosp.train.failure.Failures} finds the project's
 * exception that explains a failure in a chain of causes and makes it a {@link
 * ai.acosp.train.failure.Failure}, one line {@code error: <what>, <where> (<file>[:<line>]), <what
 * to do>} with an exit code (2 configuration and command line, e.g. a {@link
 * ai.acosp.train.failure.UsageException}; 3 data; 4 checkpoints and weights; 1 otherwise). The
 * command lines ({@code cli}) print it; the runs write it, with the stack trace, to their logs.
 */
package ai.acosp.train.failure;
