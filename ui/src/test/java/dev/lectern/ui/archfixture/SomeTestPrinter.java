package dev.lectern.ui.archfixture;

/** Test fixture: a non-CLI class that prints to the terminal, which the architecture rules must reject. */
public final class SomeTestPrinter {

    private SomeTestPrinter() {
    }

    public static void print(String message) {
        System.out.println(message);
    }

    public static void report(IllegalStateException problem) {
        problem.printStackTrace();
    }

    public static void log(String message) {
        java.util.logging.Logger.getLogger(SomeTestPrinter.class.getName()).info(message);
    }
}
