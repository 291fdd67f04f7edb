package dev.lectern.app.cli.archfixture;

/** Test fixture: a class inside the CLI package that prints to stdout, which the rules must allow. */
public final class CliPrinter {

    private CliPrinter() {
    }

    public static void print(String message) {
        System.out.println(message);
    }
}
