package dev.lectern.parsing.archfixture;

import dev.lectern.app.cli.archfixture.CliPrinter;

/** Test fixture: a parsing class that calls up into app, which the layer rule must reject. */
public final class ParsingReachingUp {

    private ParsingReachingUp() {
    }

    public static void report(String message) {
        CliPrinter.print(message);
    }
}
