package dev.lectern.app.cli;

import dev.lectern.indexing.WorkspaceInUseException;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.models.DownloadException;
import dev.lectern.inference.plan.PlanException;
import dev.lectern.parsing.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's failure into one line, {@code lectern: <message>}, when the failure is the user's
 * to fix (a bad argument, a damaged file, a workspace in use): a stack trace there only hides the
 * message. Every other exception is a bug and keeps picocli's stack trace, so it gets reported.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    static final int EXIT_FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) throws Exception {
        int code = exitCode(ex);
        if (code < 0) {
            throw ex;
        }
        // the trace stays reachable for a bug report: LECTERN_JAVA_OPTS="-Dlectern.log.level=DEBUG"
        LOG.debug("{} failed", cl.getCommandName(), ex);
        cl.getErr().println("lectern: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        cl.getErr().flush();
        return code;
    }

    /** The exit status for a failure the user can act on, or -1 for a bug. */
    static int exitCode(Exception ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof ModelFileException || ex instanceof ParseException) {
            return ParseCommand.EXIT_BAD_INPUT;
        }
        if (ex instanceof WorkspaceInUseException || ex instanceof GenerationException || ex instanceof PlanException
                || ex instanceof DownloadException) {
            return EXIT_FAILED;
        }
        return -1;
    }
}
